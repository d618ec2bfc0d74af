import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// `plan` and `drift` count the live customers no manifest names and `--report-unmanaged` lists them (issue 15
/// item 4), through the binary against an emulator seeded with an estate plus two customers the manifests name.
@Suite(.tags(.endToEnd, .slow)) struct UnmanagedCustomersTests {
    let cli: CLIRunner = {
        var runner = CLIRunner()
        // Retries 20 times as fast (the emulator's budgets are the documented ones; these runs send a few requests).
        runner.environment = PlanFixtures.developmentEnvironment.merging(["CSPCTL_RATE_SCALE": "20"]) { $1 }
        runner.timeout = .seconds(120)
        return runner
    }()

    static let managed = ["managedone.onmicrosoft.com", "managedtwo.onmicrosoft.com"]

    /// Two manifests naming the two customers created through the API.
    static func manifests(in folder: URL) throws -> [String] {
        try managed.map { domain in
            let file = folder.appendingPathComponent("\(domain).yaml")
            try PlanFixtures.write(PlanFixtures.inSyncManifest(domain), to: file)
            return file.path
        }
    }

    static func unmanaged(_ output: CLIRunner.Output) throws -> [String: Any] {
        let parsed = try? JSONSerialization.jsonObject(with: Data(output.stdout.utf8))
        let plan = try #require(parsed as? [String: Any], "\(output.stdout)\n\(output.stderr)")
        let summary = try #require(plan["summary"] as? [String: Any])
        return try #require(summary["unmanaged"] as? [String: Any])
    }

    @Test func anEmptyEstateSaysThereIsNoLiveCustomerYet() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try Self.manifests(in: folder)
        try await EmulatorHarness.with { harness in
            let text = try await cli.run(["plan"] + files + ["--endpoint", harness.baseURL])
            #expect(text.status == 0, "\(text.stderr)")
            #expect(text.stdout.contains("No live customers yet: nothing is unmanaged."), "\(text.stdout)")
            #expect(!text.stdout.contains("0 of 0"), "\(text.stdout)")
        }
    }

    @Test func planAndDriftCountTheCustomersNoManifestNamesAndListThemOnRequest() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try Self.manifests(in: folder)
        try await EmulatorHarness.with(estate: 30) { harness in
            for domain in Self.managed { try await harness.createCustomer(domain) }
            let endpoint = ["--endpoint", harness.baseURL]
            let text = try await cli.run(["plan"] + files + ["--detailed-exitcode"] + endpoint)
            #expect(text.status == 0, "not drift: \(text.stdout)\n\(text.stderr)")
            #expect(
                text.stdout.contains(
                    "2 of 32 live customers are managed; 30 in no manifest (--report-unmanaged lists them)"
                ),
                "\(text.stdout)"
            )
            let json = try await cli.run(["plan"] + files + ["--format", "json"] + endpoint)
            let counted = try Self.unmanaged(json)
            #expect(counted["status"] as? String == "counted")
            #expect(counted["live"] as? Int == 32)
            #expect(counted["managed"] as? Int == 2)
            #expect(counted["unmanaged"] as? Int == 30)
            #expect(counted["customers"] == nil)

            let listed = try await cli.run(["plan"] + files + ["--format", "json", "--report-unmanaged"] + endpoint)
            let customers = try #require(try Self.unmanaged(listed)["customers"] as? [[String: String]])
            let domains = customers.compactMap { $0["domain"] }
            #expect(domains.count == 30)
            #expect(domains == domains.sorted())
            #expect(Set(domains).isDisjoint(with: Self.managed))
            #expect(customers.allSatisfy { UUID(uuidString: $0["tenantId"] ?? "") != nil })

            let drift = try await cli.run(["drift"] + files + ["--report-unmanaged"] + endpoint)
            #expect(drift.status == 0, "not drift: \(drift.stdout)\n\(drift.stderr)")
            let first = try #require(customers.first)
            #expect(drift.stdout.contains("  \(first["domain"] ?? "") (\(first["tenantId"] ?? ""))"), "\(drift.stdout)")
            let markdown = try await cli.run(
                ["plan"] + files + ["--format", "markdown", "--report-unmanaged"] + endpoint
            )
            #expect(markdown.stdout.contains("2 of 32 live customers are managed"), "\(markdown.stdout)")
            #expect(markdown.stdout.contains("`\(first["domain"] ?? "")`"), "\(markdown.stdout)")
        }
    }

    /// With `--customer` the run is about named customers: the count is not made, and the plan says so.
    @Test func withCustomerFiltersTheCountIsNotMade() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try Self.manifests(in: folder)
        try await EmulatorHarness.with(estate: 5) { harness in
            for domain in Self.managed { try await harness.createCustomer(domain) }
            let endpoint = ["--endpoint", harness.baseURL, "--customer", Self.managed[0]]
            let json = try await cli.run(["plan"] + files + ["--format", "json"] + endpoint)
            let skipped = try Self.unmanaged(json)
            #expect(skipped["status"] as? String == "notCounted", "\(json.stderr)")
            #expect((skipped["reason"] as? String ?? "").contains("--customer"))
            let text = try await cli.run(["drift"] + files + endpoint)
            #expect(text.status == 0, "\(text.stdout)\n\(text.stderr)")
            #expect(text.stdout.contains("Unmanaged customers: not counted (--customer"), "\(text.stdout)")
        }
    }

    /// A customer list that cannot be read is an unknown count, never 0.
    @Test func anUnreadableCustomerListIsAnUnknownCountNotZero() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try Self.manifests(in: folder)
        try await EmulatorHarness.with(estate: 5) { harness in
            // Every attempt at the list fails (the client makes 4 per request); the customers' lookups after it work.
            let fault =
                ["route": "^/v1/customers$", "method": "GET", "error503Rate": 1.0, "limit": 4] as [String: Any]
            #expect(try await harness.control(.PUT, "faults", json: ["faults": [fault]]).status == 200)
            let endpoint = ["--endpoint", harness.baseURL]
            let json = try await cli.run(["plan"] + files + ["--format", "json"] + endpoint)
            let unknown = try Self.unmanaged(json)
            #expect(unknown["status"] as? String == "unknown", "\(json.stdout)\n\(json.stderr)")
            #expect(unknown["live"] == nil && unknown["unmanaged"] == nil)
            #expect((unknown["reason"] as? String ?? "").contains("GET /v1/customers"))
            #expect(try await harness.control(.PUT, "faults", json: ["faults": [fault]]).status == 200)
            let text = try await cli.run(["plan"] + files + endpoint)
            #expect(text.stdout.contains("Unmanaged customers: unknown"), "\(text.stdout)")
        }
    }
}
