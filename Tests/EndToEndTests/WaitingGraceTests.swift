import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// Issue 14 items 2 and 3 through the binary, against the emulator: a nightly `drift` is quiet while a GDAP
/// relationship waits for the customer within `--waiting-grace` and loud once it has waited longer (the emulator's
/// clock moves past the grace); blocked changes are drift but no work for `plan --detailed-exitcode`; apply's JSON
/// summary counts the blocked and waiting changes it does not attempt.
@Suite(.tags(.endToEnd, .slow)) struct WaitingGraceTests {
    let cli: CLIRunner = {
        var runner = CLIRunner()
        runner.environment = PlanFixtures.developmentEnvironment
        runner.timeout = .seconds(120)
        return runner
    }()

    static func gdapManifest(_ domain: String) -> String {
        PlanFixtures.inSyncManifest(domain) + """
                gdap:
                  enabled: true
                  name: wait-msp
                  duration: P730D
                  autoExtend: P180D
                  roles: [Global Reader]

            """
    }

    @Test func aPendingRelationshipIsWaitingWithinTheGraceAndDriftPastIt() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let domain = "waiting.onmicrosoft.com"
        let address = "customer[\(domain)]/gdap[wait-msp]"
        let manifest = folder.appendingPathComponent("waiting.yaml")
        try PlanFixtures.write(Self.gdapManifest(domain), to: manifest)
        try await EmulatorHarness.with { harness in
            try await harness.createCustomer(domain)
            let endpoint = ["--endpoint", harness.baseURL]
            let created = try await cli.run(["apply", manifest.path, "--auto-approve"] + endpoint, in: folder)
            #expect(created.status == 0, "\(created.stdout)\n\(created.stderr)")

            // Just sent for approval: listed as waiting, with its date, and not drift.
            let quiet = try await cli.run(["drift", manifest.path] + endpoint)
            #expect(quiet.status == 0, "\(quiet.stdout)\n\(quiet.stderr)")
            #expect(quiet.stdout.contains("# \(address) is waiting"), "\(quiet.stdout)")
            #expect(quiet.stdout.contains("waiting since "), "\(quiet.stdout)")
            #expect(quiet.stdout.contains("waiting, not drift yet: \(address) has been waiting"), "\(quiet.stdout)")
            #expect(quiet.stdout.contains("drift after 14 days"), "\(quiet.stdout)")
            let hours = try await cli.run(["drift", manifest.path, "--waiting-grace", "36h"] + endpoint)
            #expect(hours.status == 0, "\(hours.stdout)\n\(hours.stderr)")

            // No grace: drift at once.
            let noGrace = try await cli.run(["drift", manifest.path, "--waiting-grace", "0"] + endpoint)
            #expect(noGrace.status == 2, "\(noGrace.stdout)\n\(noGrace.stderr)")
            #expect(noGrace.stdout.contains("drift: \(address) has been waiting"), "\(noGrace.stdout)")

            // plan --detailed-exitcode: apply would send nothing for a waiting change.
            let plan = try await cli.run(["plan", manifest.path, "--detailed-exitcode"] + endpoint)
            #expect(plan.status == 0, "\(plan.stdout)\n\(plan.stderr)")

            // apply's JSON summary counts the waiting change it does not attempt.
            let (summary, notApplied) = try await applyJSON(manifest, endpoint, in: folder)
            #expect(summary["waiting"] == 1 && summary["blocked"] == 0 && summary["applied"] == 0, "\(summary)")
            #expect(notApplied.first?["address"] as? String == address, "\(notApplied)")
            #expect(notApplied.first?["waitingSince"] is String, "\(notApplied)")

            // Fifteen days on, the customer still has not approved: drift, saying how long it has waited.
            try await harness.advanceClock(seconds: 15 * 86_400)
            let loud = try await cli.run(["drift", manifest.path] + endpoint)
            #expect(loud.status == 2, "\(loud.stdout)\n\(loud.stderr)")
            #expect(
                loud.stdout.contains("drift: \(address) has been waiting for 15 days (since "),
                "\(loud.stdout)"
            )
            #expect(loud.stdout.contains("longer than --waiting-grace 14 days"), "\(loud.stdout)")
            // JSON keeps stdout a plan (with the date) and says it on stderr.
            let json = try await cli.run(["drift", manifest.path, "--format", "json"] + endpoint)
            #expect(json.status == 2, "\(json.stderr)")
            let changes = try PlanFixtures.json(json.stdout)["changes"] as? [[String: Any]] ?? []
            #expect(changes.first { $0["address"] as? String == address }?["waitingSince"] is String)
            #expect(json.stderr.contains("drift: \(address) has been waiting for 15 days"), "\(json.stderr)")
            let longer = try await cli.run(["drift", manifest.path, "--waiting-grace", "16d"] + endpoint)
            #expect(longer.status == 0, "\(longer.stdout)\n\(longer.stderr)")
        }
    }

    /// A relationship's name comes from a manifest: a newline or an escape sequence in it cannot forge or colour a
    /// line of drift's verdict (shown as `\u{…}`).
    @Test func aHostileRelationshipNameCannotForgeADriftLine() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let domain = "hostilewait.onmicrosoft.com"
        let manifest = folder.appendingPathComponent("hostile.yaml")
        let hostile = #"name: "w\e[31m\ndrift: forged""#
        try PlanFixtures.write(
            Self.gdapManifest(domain).replacingOccurrences(of: "name: wait-msp", with: hostile),
            to: manifest
        )
        try await EmulatorHarness.with { harness in
            try await harness.createCustomer(domain)
            let endpoint = ["--endpoint", harness.baseURL]
            let created = try await cli.run(["apply", manifest.path, "--auto-approve"] + endpoint, in: folder)
            #expect(created.status == 0, "\(created.stdout)\n\(created.stderr)")
            let drift = try await cli.run(
                ["drift", manifest.path, "--waiting-grace", "0", "--format", "json"] + endpoint
            )
            #expect(drift.status == 2, "\(drift.stdout)\n\(drift.stderr)")
            #expect(drift.stderr.contains(#"gdap[w\u{1b}[31m\u{a}drift: forged] has been waiting"#), "\(drift.stderr)")
            #expect(!drift.stderr.contains("\u{1B}"), "no escape character reaches stderr")
            #expect(!drift.stderr.split(separator: "\n").contains { $0.hasPrefix("drift: forged") }, "\(drift.stderr)")
        }
    }

    /// A plan whose only change is blocked (301 seats where the SKU allows 300): apply would send nothing, so
    /// `plan --detailed-exitcode` is 0; `drift` is 2 (a human must act); apply's JSON summary counts it.
    @Test func aBlockedOnlyPlanIsDriftButNoChangeForPlan() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let domain = "blockedonly.onmicrosoft.com"
        let manifest = folder.appendingPathComponent("blocked.yaml")
        try PlanFixtures.write(MoneyAndLimitsTests.manifest(domain, [("basic", 301)]), to: manifest)
        try await EmulatorHarness.with { harness in
            let id = try await harness.createCustomer(domain)
            try await harness.acceptAgreement(id)
            let endpoint = ["--endpoint", harness.baseURL]
            let plan = try await cli.run(["plan", manifest.path, "--detailed-exitcode"] + endpoint)
            #expect(plan.status == 0, "\(plan.stdout)\n\(plan.stderr)")
            #expect(plan.stdout.contains("is blocked"), "\(plan.stdout)")
            let drift = try await cli.run(["drift", manifest.path] + endpoint)
            #expect(drift.status == 2, "\(drift.stdout)\n\(drift.stderr)")

            let (summary, notApplied) = try await applyJSON(manifest, endpoint, in: folder)
            #expect(summary["blocked"] == 1 && summary["waiting"] == 0 && summary["applied"] == 0, "\(summary)")
            #expect(notApplied.map { $0["action"] as? String } == ["blocked"], "\(notApplied)")
        }
    }

    /// `apply PATH --auto-approve --format json`, which must exit 0: its `summary` and `notApplied`.
    private func applyJSON(
        _ manifest: URL,
        _ endpoint: [String],
        in folder: URL
    ) async throws -> (summary: [String: Int], notApplied: [[String: Any]]) {
        let apply = try await cli.run(
            ["apply", manifest.path, "--auto-approve", "--format", "json"] + endpoint,
            in: folder
        )
        #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
        let result = try PlanFixtures.json(apply.stdout)
        return (result["summary"] as? [String: Int] ?? [:], result["notApplied"] as? [[String: Any]] ?? [])
    }

    @Test(arguments: ["14", "2w", "-1d", "1.5d", "abc", "14 days"])
    func aWaitingGraceThatIsNotADurationIsAUsageError(_ value: String) async throws {
        let result = try await cli.run(["drift", "no-such-manifests", "--waiting-grace=\(value)"])
        #expect(result.status == 64, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("--waiting-grace takes a whole number of days"), "\(result.stderr)")
    }
}
