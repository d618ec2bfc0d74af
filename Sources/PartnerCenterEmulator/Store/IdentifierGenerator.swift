import Foundation

/// Deterministic GUIDs: the n-th id under a seed is always the same, so seeded runs are reproducible.
package enum IdentifierGenerator {
    /// The GUID for counter value `counter` under `seed`, lower case, RFC 4122 version-4 layout.
    package static func guid(seed: UInt64, counter: UInt64) -> String {
        var generator = SplitMix64(seed: seed ^ (counter &* 0xD6E8_FEB8_6659_FD93))
        var bytes = [UInt8]()
        bytes.reserveCapacity(16)
        for _ in 0..<2 {
            let word = generator.next()
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }
        return hex[0..<4].joined() + "-" + hex[4..<6].joined() + "-" + hex[6..<8].joined() + "-"
            + hex[8..<10].joined() + "-" + hex[10..<16].joined()
    }

    /// A decimal etag like the service's `"5920358838484612121"`.
    package static func numericETag(seed: UInt64, counter: UInt64) -> String {
        var generator = SplitMix64(seed: seed &+ counter &* 0x9E37_79B9)
        return String(Int64(bitPattern: generator.next()))
    }
}
