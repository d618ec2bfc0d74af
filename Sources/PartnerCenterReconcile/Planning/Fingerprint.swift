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
        let digest = SHA256.hash(data: data)
        return String(digest.map { String(format: "%02x", $0) }.joined().prefix(length))
    }
}
