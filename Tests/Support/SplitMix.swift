import PartnerCenterEmulator

/// The emulator's SplitMix64, for test targets that do not import the emulator: a small, fast, seeded generator, so
/// that fuzzing and random kill points are the same on every run.
package struct SplitMix: RandomNumberGenerator {
    private var generator: SplitMix64

    package init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    package mutating func next() -> UInt64 { generator.next() }
}
