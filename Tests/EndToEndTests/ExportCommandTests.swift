import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// `cspctl export` through the built binary against an in-process emulator seeded with a generated estate (issue 15
/// items 1, 2 and 5): the tree validates, the plan against it changes nothing, a second export writes the same
/// bytes, a change made live after the export is exactly what the plan shows, hostile names read back as they
/// were, and `--resume` finishes an incomplete export with the same files a fresh one writes.
@Suite(.tags(.endToEnd)) struct ExportCommandTests {
    let cli = CLIRunner(environment: ExportFixtures.environment)

    @Test func exportOfAnEstateValidatesPlansNoChangeAndIsStable() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await EmulatorHarness.with(estate: 20) { harness in
            let endpoint = ["--endpoint", harness.baseURL]
            let out = folder.appendingPathComponent("tree")
            let export = try await cli.run(["export", "--out", out.path, "--all"] + endpoint)
            #expect(export.status == 0, "\(export.stdout)\n\(export.stderr)")
            #expect(export.stdout.contains("Exported 20 customer(s)"))
            try await ExportFixtures.expectCleanPlan(out, cli: cli, endpoint: endpoint)
            let first = try ExportFixtures.files(out)
            #expect(first.count == 21)

            // Again, into the same folder and one customer at a time: the same bytes.
            let again = try await cli.run(["export", "--out", out.path, "--all", "--parallelism", "1"] + endpoint)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try ExportFixtures.files(out) == first)
        }
    }

    @Test func changesMadeLiveAfterTheExportAreExactlyWhatThePlanShows() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await EmulatorHarness.with(estate: 20) { harness in
            let endpoint = ["--endpoint", harness.baseURL]
            let out = folder.appendingPathComponent("tree")
            let export = try await cli.run(["export", "--out", out.path, "--all"] + endpoint)
            #expect(export.status == 0, "\(export.stderr)")
            let expected = try await ExportFixtures.changeLiveEstate(harness, tree: out)
            #expect(expected.count == 2, "the estate has a managed subscription and a managed budget")

            let plan = try await cli.run(["plan", out.path, "--format", "json", "--detailed-exitcode"] + endpoint)
            #expect(plan.status == 2, "\(plan.stderr)")
            let changes = try PlanFixtures.json(plan.stdout)["changes"] as? [[String: Any]] ?? []
            #expect(Set(changes.compactMap { $0["address"] as? String }) == expected)
            #expect(changes.allSatisfy { $0["action"] as? String == "update" })
        }
    }

    @Test func hostileNamesAreQuotedAndReadBackAsTheyWere() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let hostile = ExportFixtures.hostileNames
        try await EmulatorHarness.with { harness in
            let endpoint = ["--endpoint", harness.baseURL]
            let customer = try await harness.createCustomer("hostile.onmicrosoft.com")
            try await harness.acceptAgreement(customer)
            for (index, name) in hostile.enumerated() {
                try await harness.order(customer, nickname: name, quantity: index + 1)
            }
            let out = folder.appendingPathComponent("tree")
            let export = try await cli.run(
                ["export", "--out", out.path, "--customer", "HOSTILE.onmicrosoft.com"] + endpoint
            )
            #expect(export.status == 0, "\(export.stdout)\n\(export.stderr)")
            let text = try String(
                contentsOf: out.appendingPathComponent("customers/hostile.onmicrosoft.com.yaml"),
                encoding: .utf8
            )
            #expect(!text.contains("\u{1B}"), "no raw escape character reaches the file")
            #expect(text.contains(#"nickname: "line\nbreak: #1""#), "\(text)")
            #expect(text.contains(#"nickname: "yes""#))
            try await ExportFixtures.expectCleanPlan(out, cli: cli, endpoint: endpoint)
            let plan = try await cli.run(["plan", out.path, "--format", "json"] + endpoint)
            let notes = try PlanFixtures.json(plan.stdout)["notes"] as? [[String: Any]] ?? []
            #expect(!notes.contains { ($0["message"] as? String ?? "").contains("unmanaged:") }, "every name matched")
        }
    }

    @Test func resumeReadsOnlyWhatIsMissingAndWritesWhatAFreshExportWrites() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await EmulatorHarness.with(estate: 12) { harness in
            let endpoint = ["--endpoint", harness.baseURL]
            let tenant = try await ExportFixtures.firstTenant(harness)
            let fault: [String: Any] = [
                "route": "^/v1/customers/\(tenant)/subscriptions$", "method": "GET", "error503Rate": 1.0,
            ]
            #expect(try await harness.control(.PUT, "faults", json: ["faults": [fault]]).status == 200)
            let out = folder.appendingPathComponent("resumed")
            let broken = try await cli.run(["export", "--out", out.path, "--all"] + endpoint)
            #expect(broken.status == 1, "\(broken.stdout)\n\(broken.stderr)")
            #expect(broken.stdout.contains("Not read completely"))
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(".cspctl-export.jsonl").path))

            _ = try await harness.control(.DELETE, "faults")
            _ = try await harness.control(.DELETE, "counters")
            let resumed = try await cli.run(["export", "--out", out.path, "--all", "--resume"] + endpoint)
            #expect(resumed.status == 0, "\(resumed.stdout)\n\(resumed.stderr)")
            #expect(resumed.stdout.contains("11 customer(s) were kept"))
            let counts = try await ExportFixtures.counters(harness)
            let subscriptionReads = counts["GET /v1/customers/{customerId}/subscriptions"]
            #expect(subscriptionReads == 1, "only the missing customer is read again: \(counts)")
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(".cspctl-export.jsonl").path))

            let fresh = folder.appendingPathComponent("fresh")
            let whole = try await cli.run(["export", "--out", fresh.path, "--all"] + endpoint)
            #expect(whole.status == 0, "\(whole.stderr)")
            #expect(try ExportFixtures.files(out) == ExportFixtures.files(fresh))
        }
    }

    @Test func anExportKilledMidwayResumesToWhatAFreshExportWrites() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await EmulatorHarness.with(estate: 16) { harness in
            let endpoint = ["--endpoint", harness.baseURL]
            let slow: [String: Any] = ["route": "^/(v1|graph)/", "latencyMs": 60]
            #expect(try await harness.control(.PUT, "faults", json: ["faults": [slow]]).status == 200)
            let out = folder.appendingPathComponent("killed")
            let journal = out.appendingPathComponent(".cspctl-export.jsonl")
            let process = try StreamingProcess(
                ["export", "--out", out.path, "--all", "--parallelism", "2"] + endpoint,
                environment: ExportFixtures.environment
            )
            try await process.waitFor("four customers journaled", timeout: .seconds(60)) { _, _ in
                (FileManager.default.contents(atPath: journal.path) ?? Data()).filter { $0 == 0x0A }.count >= 4
            }
            process.send(SIGKILL)
            _ = try await process.finish()
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("defaults.yaml").path))

            _ = try await harness.control(.DELETE, "faults")
            let resumed = try await cli.run(["export", "--out", out.path, "--all", "--resume"] + endpoint)
            #expect(resumed.status == 0, "\(resumed.stdout)\n\(resumed.stderr)")
            #expect(resumed.stdout.contains("were kept from the interrupted export"))
            let fresh = folder.appendingPathComponent("fresh")
            let whole = try await cli.run(["export", "--out", fresh.path, "--all"] + endpoint)
            #expect(whole.status == 0, "\(whole.stderr)")
            #expect(try ExportFixtures.files(out) == ExportFixtures.files(fresh))
        }
    }

    @Test func exportNeedsCustomersToExport() async throws {
        let output = try await cli.run(["export", "--out", "/tmp/unused", "--emulator"])
        #expect(output.status == 64)
        #expect(output.stderr.contains("--customer DOMAIN"))
    }
}

/// Seeding and reading what the export tests need.
enum ExportFixtures {
    /// The development partner, and the client's budgets × 100 (the in-process emulator does not throttle).
    static let environment = PlanFixtures.developmentEnvironment.merging(["CSPCTL_RATE_SCALE": "100"]) { $1 }

    /// Names a service may hold that YAML must quote: a line break with `: #`, a boolean word, quotes and a
    /// backslash, an ANSI escape, a leading dash, surrounding spaces, a Unicode line separator.
    static let hostileNames = [
        "line\nbreak: #1", "yes", "say \"hi\" \\ ok", "\u{1B}[31mred", "- dash", " spaced ", "para\u{2029}graph",
    ]

    /// Every file below `folder` (the journal excluded) by relative path.
    static func files(_ folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let base = folder.standardizedFileURL.path + "/"
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return result }
        for case let path as String in walker where path.hasSuffix(".yaml") {
            result[path] = try Data(contentsOf: URL(fileURLWithPath: base + path))
        }
        return result
    }

    /// validate has no error; plan has no change (exit 0 with --detailed-exitcode) and holds notes only.
    static func expectCleanPlan(_ tree: URL, cli: CLIRunner, endpoint: [String]) async throws {
        let validate = try await cli.run(["validate", tree.path])
        #expect(validate.status == 0, "\(validate.stdout)\n\(validate.stderr)")
        #expect(!validate.stdout.contains("error:"))
        let plan = try await cli.run(["plan", tree.path, "--format", "json", "--detailed-exitcode"] + endpoint)
        #expect(plan.status == 0, "\(plan.stdout.prefix(3000))\n\(plan.stderr)")
        let json = try PlanFixtures.json(plan.stdout)
        #expect((json["changes"] as? [Any])?.isEmpty == true, "\(plan.stdout.prefix(3000))")
        #expect((json["unknowns"] as? [Any])?.isEmpty ?? true)
    }

    /// Raises the quantity of one exported subscription and sets another budget on one exported customer, through
    /// Partner Center's API as the portal would; returns the plan addresses that must change back.
    static func changeLiveEstate(_ harness: EmulatorHarness, tree: URL) async throws -> Set<String> {
        let token = try await harness.developmentToken()
        var expected: Set<String> = []
        let customers = try await list(harness, "/v1/customers?size=500", token: token)
        for customer in customers.sorted(by: { domain($0) < domain($1) }) {
            guard let id = customer["id"] as? String else { continue }
            let file = tree.appendingPathComponent("customers/\(domain(customer)).yaml")
            let text = try String(contentsOf: file, encoding: .utf8)
            if !expected.contains(where: { $0.contains("/budget") }), text.contains("\n    spendingBudget: ") {
                let reply = try await harness.send(
                    .PATCH,
                    "/v1/customers/\(id)/usagebudget",
                    token: token,
                    json: ["amount": 98765]
                )
                #expect(reply.status == 200, "\(reply.text)")
                expected.insert("customer[\(domain(customer))]/budget")
            }
            if !expected.contains(where: { $0.contains("/subscription[") }),
                let changed = try await raiseQuantity(harness, customer: id, file: text, token: token)
            {
                expected.insert("customer[\(domain(customer))]/subscription[\(changed)]")
            }
            if expected.count == 2 { break }
        }
        return expected
    }

    /// PATCHes the quantity of the first active subscription whose nickname the file declares; its nickname.
    private static func raiseQuantity(
        _ harness: EmulatorHarness,
        customer: String,
        file: String,
        token: String
    ) async throws -> String? {
        let subscriptions = try await list(harness, "/v1/customers/\(customer)/subscriptions", token: token)
        for subscription in subscriptions where subscription["status"] as? String == "active" {
            guard let name = subscription["friendlyName"] as? String, let id = subscription["id"] as? String,
                name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" }),
                file.contains("- nickname: \(name)\n")
            else { continue }
            var body = subscription
            body["quantity"] = (subscription["quantity"] as? Int ?? 1) + 3
            let path = "/v1/customers/\(customer)/subscriptions/\(id)"
            let reply = try await harness.send(.PATCH, path, token: token, json: body)
            #expect(reply.status == 200, "\(reply.text)")
            return name
        }
        return nil
    }

    static func firstTenant(_ harness: EmulatorHarness) async throws -> String {
        let customers = try await list(harness, "/v1/customers?size=500", token: try await harness.developmentToken())
        return customers.sorted { domain($0) < domain($1) }.first?["id"] as? String ?? ""
    }

    static func counters(_ harness: EmulatorHarness) async throws -> [String: Int] {
        let reply = try await harness.control(.GET, "counters")
        let list = (try reply.json() as? [String: Any])?["counters"] as? [[String: Any]] ?? []
        var counts: [String: Int] = [:]
        for entry in list {
            if let route = entry["route"] as? String, let total = entry["total"] as? Int { counts[route] = total }
        }
        return counts
    }

    private static func list(_ harness: EmulatorHarness, _ path: String, token: String) async throws -> [[String: Any]]
    {
        let reply = try await harness.send(.GET, path, token: token)
        return (try reply.json() as? [String: Any])?["items"] as? [[String: Any]] ?? []
    }

    private static func domain(_ customer: [String: Any]) -> String {
        ((customer["companyProfile"] as? [String: Any])?["domain"] as? String ?? "").lowercased()
    }
}
