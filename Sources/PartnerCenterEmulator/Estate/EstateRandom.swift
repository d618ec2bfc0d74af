import Foundation

/// The estate's source of choices: one generator per customer, derived from the emulator seed and the customer's
/// number, so a customer's profile does not depend on how many customers come before or after it.
struct EstateRandom {
    private var generator: SplitMix64

    init(seed: UInt64, customer: Int) {
        generator = SplitMix64(seed: seed ^ (UInt64(customer + 1) &* 0xA076_1D64_78BD_642F) ^ 0xE7A7_E000_0000_0000)
    }

    /// A whole number in `0..<count` (0 when `count` is not positive).
    mutating func below(_ count: Int) -> Int {
        guard count > 0 else { return 0 }
        return Int(generator.next() % UInt64(count))
    }

    /// A number in `0..<1`.
    mutating func unit() -> Double {
        Double(generator.next() >> 11) / Double(UInt64(1) << 53)
    }

    /// True `percent` times in a hundred.
    mutating func chance(_ percent: Double) -> Bool {
        unit() * 100 < percent
    }

    mutating func pick<T>(_ values: [T]) -> T {
        values[below(values.count)]
    }

    /// An index into `weights`, each chosen in proportion to its weight.
    mutating func weighted(_ weights: [Double]) -> Int {
        var draw = unit() * weights.reduce(0, +)
        for (index, weight) in weights.enumerated() {
            if draw < weight { return index }
            draw -= weight
        }
        return weights.count - 1
    }
}
