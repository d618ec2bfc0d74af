import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// `plan --detailed-exitcode` and `drift` share one exit rule (issue 14 item 2, ../shared/spec/cli.md): 0 nothing
/// to change and everything read, 2 changes, 3 nothing to change as far as could be read but some live state
/// unknown, 1 error including nothing read at all. Before, an unreadable subscription list, or an endpoint that is
/// down, made `plan --detailed-exitcode` exit 0 ("no changes").
@Suite(.tags(.endToEnd, .slow)) struct DetailedExitCodeTests {
    let cli: CLIRunner = {
        var runner = CLIRunner()
        runner.environment = PlanFixtures.developmentEnvironment.merging(["CSPCTL_RATE_SCALE": "20"]) { $1 }
        runner.timeout = .seconds(120)
        return runner
    }()

    @Test func oneCustomersUnreadableSubscriptionsAreThreeForPlanAndDrift() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let domain = "unread.onmicrosoft.com"
        let manifest = folder.appendingPathComponent("insync.yaml")
        // The customer exists, matches and has accepted the agreement; the subscription it names is not bought yet
        // (a purchase apply would send, while readable; without the agreement it would be blocked, which sends
        // nothing and is no change for plan).
        let subscription = """
                subscriptions:
                  - nickname: basic
                    offer: CFQ7TTC0LH18:0001
                    quantity: 5
                    termDuration: P1Y
                    billingCycle: monthly

            """
        try PlanFixtures.write(PlanFixtures.inSyncManifest(domain) + subscription, to: manifest)
        try await EmulatorHarness.with { harness in
            try await harness.acceptAgreement(try await harness.createCustomer(domain))
            let endpoint = ["--endpoint", harness.baseURL]
            let readable = try await cli.run(["plan", manifest.path, "--detailed-exitcode"] + endpoint)
            #expect(readable.status == 2, "\(readable.stdout)\n\(readable.stderr)")

            let fault =
                ["route": "^/v1/customers/[^/]+/subscriptions$", "method": "GET", "error503Rate": 1.0] as [String: Any]
            #expect(try await harness.control(.PUT, "faults", json: ["faults": [fault]]).status == 200)
            let plan = try await cli.run(["plan", manifest.path, "--detailed-exitcode"] + endpoint)
            #expect(plan.status == 3, "\(plan.stdout)\n\(plan.stderr)")
            #expect(plan.stdout.contains("subscriptions"), "the plan names what it could not read: \(plan.stdout)")
            let drift = try await cli.run(["drift", manifest.path] + endpoint)
            #expect(drift.status == 3, "\(drift.stdout)\n\(drift.stderr)")
            let withoutFlag = try await cli.run(["plan", manifest.path] + endpoint)
            #expect(withoutFlag.status == 0, "\(withoutFlag.stderr)")
        }
    }

    /// An endpoint that is down: nothing can be read, an error (1) for plan and drift alike, whether the token
    /// request fails (client credentials) or every read does (a ready bearer token, no token request).
    @Test func anEndpointThatIsDownIsOneForPlanAndDrift() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("insync.yaml")
        try PlanFixtures.write(PlanFixtures.inSyncManifest("down.onmicrosoft.com"), to: manifest)
        // The port of an emulator that has stopped: nothing listens there any more.
        let base = try await EmulatorHarness.with { harness in harness.baseURL }
        var bearer = cli
        bearer.environment = ["CSPCTL_ACCESS_TOKEN": "token-for-a-service-that-is-down", "CSPCTL_RATE_SCALE": "20"]
        for runner in [cli, bearer] {
            let plan = try await runner.run(["plan", manifest.path, "--detailed-exitcode", "--endpoint", base])
            #expect(plan.status == 1, "\(plan.stdout)\n\(plan.stderr)")
            #expect(plan.stderr.contains("error: "), "\(plan.stderr)")
            let drift = try await runner.run(["drift", manifest.path, "--endpoint", base])
            #expect(drift.status == 1, "\(drift.stdout)\n\(drift.stderr)")
        }
    }
}
