import Crypto
import Foundation

/// Digests of compared fields, for live objects without an etag (and for plan ids).
enum Fingerprint {
    /// `sha256:` + the first 32 hex digits of SHA-256 over the fields joined by a unit separator.
    static func digest(_ fields: [String]) -> String {
        "sha256:" + hex(fields, length: 32)
    }

    static func hex(_ fields: [String], length: Int) -> String {
        let data = Data(fields.joined(separator: "\u{1F}").utf8)
        return hex(bytes: SHA256.hash(data: data), length: length)
    }

    /// Lower-case hex of the first `length / 2` bytes (`String(format:)` is far too slow for 10,000s of calls).
    static func hex(bytes: some Sequence<UInt8>, length: Int) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(length)
        for byte in bytes where out.count < length {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out.prefix(length), as: UTF8.self)
    }
}
