import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// `cspctl drift` exit codes: 0 in sync, 2 drift, 3 some live state unknown, 1 nothing could be read.
@Suite(.tags(.endToEnd, .slow)) struct DriftCommandTests {
    let cli = CLIRunner()

    @Test func driftIsTwoAgainstAFreshEmulatorAndZeroWhenInSync() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = try await PlanFixtures.stateWithCustomer("insync.onmicrosoft.com", in: folder)
        let manifest = folder.appendingPathComponent("insync.yaml")
        try PlanFixtures.write(PlanFixtures.inSyncManifest("insync.onmicrosoft.com"), to: manifest)

        let inSync = try await cli.run(["drift", manifest.path, "--emulator", "--emulator-state", state.path])
        #expect(inSync.status == 0, "\(inSync.stdout)\n\(inSync.stderr)")

        let quickstart = PlanFixtures.root.appendingPathComponent("examples/quickstart").path
        let drift = try await cli.run(["drift", quickstart, "--emulator", "--emulator-state", state.path])
        #expect(drift.status == 2, "\(drift.stderr)")
    }

    @Test func unreadableLiveStateIsThreeNeverInSyncAndOneWhenNothingCouldBeRead() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("insync.yaml")
        try PlanFixtures.write(PlanFixtures.inSyncManifest("running.onmicrosoft.com"), to: manifest)
        var runner = cli
        runner.environment = PlanFixtures.developmentEnvironment
        runner.timeout = .seconds(120)
        try await EmulatorHarness.with { harness in
            try await harness.createCustomer("running.onmicrosoft.com")
            let clean = try await runner.run(["drift", manifest.path, "--endpoint", harness.baseURL])
            #expect(clean.status == 0, "\(clean.stdout)\n\(clean.stderr)")

            let some = try await harness.control(
                .PUT,
                "faults",
                json: ["faults": [["route": "/profiles/billing$", "method": "GET", "error503Rate": 1.0]]]
            )
            #expect(some.status == 200, "\(some.text)")
            let unknown = try await runner.run(["drift", manifest.path, "--endpoint", harness.baseURL])
            #expect(unknown.status == 3, "\(unknown.stdout)\n\(unknown.stderr)")
            #expect(unknown.stdout.contains("503"), "the plan says why: \(unknown.stdout)")

            _ = try await harness.control(
                .PUT,
                "faults",
                json: ["faults": [["route": "^/v1/customers$", "method": "GET", "error503Rate": 1.0]]]
            )
            let nothing = try await runner.run(["drift", manifest.path, "--endpoint", harness.baseURL])
            #expect(nothing.status == 1, "\(nothing.stdout)\n\(nothing.stderr)")
        }
    }
}
