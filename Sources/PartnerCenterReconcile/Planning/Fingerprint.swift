import Crypto
import Foundation

/// Digests of compared fields, for live objects without an etag (and for plan ids).
enum Fingerprint {
    /// `sha256:` + the first 32 hex digits of SHA-256 over the fields joined by a unit separator.
    static func digest(_ fields: [String]) -> String {
        "sha256:" + hex(fields, length: 32)
    }

    static func hex(_ fields: [String], length: Int) -> String {
        // The same bytes as hashing `fields.joined(separator: "\u{1F}")`, without building the joined string.
        var hasher = SHA256()
        let separator: [UInt8] = [0x1F]
        for (index, field) in fields.enumerated() {
            if index > 0 { hasher.update(data: separator) }
            var field = field
            field.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        return hex(bytes: hasher.finalize(), length: length)
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
