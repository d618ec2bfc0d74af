import Foundation
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// Issue 15 item 2 at the size: an estate of 1,000 customers (new-commerce and legacy subscriptions, GDAP
/// relationships in every state and freely named, customers with and without the agreement, budgets, suspended
/// subscriptions) exported with `--with-billing`, validated and planned through the built binary: no error, no
/// change; then live changes made after the export are exactly what the plan shows.
@Suite(.serialized, .tags(.endToEnd, .slow)) struct ExportRoundTripScaleTests {
    let cli = CLIRunner(environment: ExportFixtures.environment, timeout: .seconds(120))

    @Test func thousandCustomersRoundTripAndTheirLiveChangesShow() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await EmulatorHarness.with(estate: 1_000) { harness in
            let endpoint = ["--endpoint", harness.baseURL, "--parallelism", "16"]
            let out = folder.appendingPathComponent("tree")
            let export = try await cli.run(["export", "--out", out.path, "--all", "--with-billing"] + endpoint)
            #expect(export.status == 0, "\(export.stdout)\n\(export.stderr)")
            #expect(export.stdout.contains("Exported 1000 customer(s)"))
            let defaults = try String(contentsOf: out.appendingPathComponent("defaults.yaml"), encoding: .utf8)
            #expect(defaults.contains("  subscriptions:"), "\(defaults)")
            try await ExportFixtures.expectCleanPlan(out, cli: cli, endpoint: endpoint)

            let expected = try await ExportFixtures.changeLiveEstate(harness, tree: out)
            #expect(expected.count == 2)
            let plan = try await cli.run(["plan", out.path, "--format", "json", "--detailed-exitcode"] + endpoint)
            #expect(plan.status == 2, "\(plan.stderr)")
            let changes = try PlanFixtures.json(plan.stdout)["changes"] as? [[String: Any]] ?? []
            #expect(Set(changes.compactMap { $0["address"] as? String }) == expected)
        }
    }
}
