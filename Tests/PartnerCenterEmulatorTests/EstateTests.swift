import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// The seeded estate (`EmulatorHarness.start(estate:)`, `cspctl emulator --seed-estate`): deterministic under the
/// seed, and read back over the documented endpoints with every case the issue lists.
@Suite("Seeded estate", .tags(.loopback))
struct EstateTests {
    /// The whole state, as `GET /_emulator/state` answers it (sorted keys: the same state gives the same bytes).
    static func stateBytes(seed: UInt64, customers: Int) async throws -> Data {
        let configuration = EmulatorConfiguration(seed: seed, rateLimits: .unlimited)
        return try await EmulatorHarness.with(configuration, estate: customers) { emulator in
            let reply = try await emulator.control(.GET, "state")
            #expect(reply.status == 200)
            return reply.body
        }
    }

    @Test func sameSeedGivesTheSameStateAndAnotherSeedAnother() async throws {
        let first = try await Self.stateBytes(seed: 42, customers: 150)
        let again = try await Self.stateBytes(seed: 42, customers: 150)
        let other = try await Self.stateBytes(seed: 43, customers: 150)
        #expect(first.count > 100_000)
        #expect(first == again)
        #expect(first != other)
    }

    @Test func tenThousandCustomersSeedInSeconds() async throws {
        var state = EmulatorState()
        let clock = ContinuousClock()
        let start = clock.now
        let summary = try Estate.seed(
            customers: 10_000,
            into: &state,
            configuration: EmulatorConfiguration(seed: 7),
            now: EmulatorConfiguration.initialTimeDefault
        )
        let elapsed = start.duration(to: clock.now)
        print("Estate benchmark: seeded \(summary) in \(elapsed) (debug builds are slower)")
        #expect(summary.customers == 10_000)
        #expect(state.customerOrder.count == 10_000)
        #expect(Set(state.customers.values.compactMap(\.companyProfile.domain)).count == 10_000)
    }
}
