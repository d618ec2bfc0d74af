import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// `cspctl apply`, run as a user runs it: the built binary against a live emulator.
@Suite(.tags(.endToEnd, .slow)) struct ApplyCommandTests {
    let cli: CLIRunner = {
        var runner = CLIRunner()
        runner.environment = PlanFixtures.developmentEnvironment
        runner.timeout = .seconds(300)
        return runner
    }()

    /// Every example applied against an empty partner, then planned again: nothing left to do but what waits for
    /// a customer (GDAP approval) or what the plan blocks (purchases without an MCA contact).
    @Test(arguments: PlanFixtures.examples)
    func applyingAnExampleConverges(_ example: String) async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifests = PlanFixtures.root.appendingPathComponent(example).path
        let state = folder.appendingPathComponent("emulator.json").path
        let credentials = folder.appendingPathComponent("admins.jsonl").path
        let common = ["--emulator", "--emulator-state", state, "--state-dir", folder.path]

        let applied = try await cli.run(
            ["apply", manifests, "--auto-approve", "--credentials-out", credentials] + common,
            in: folder
        )
        #expect(applied.status == 0, "\(applied.stdout)\n\(applied.stderr)")
        #expect(applied.stdout.contains("0 failed, 0 skipped"), "\(applied.stdout)")
        #expect(applied.stderr.isEmpty, "no progress when stderr is not a terminal: \(applied.stderr)")

        let again = try await cli.run(["plan", manifests, "--format", "json"] + common.dropLast(2), in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try ApplyFixtures.workActions(again.stdout) == [], "\(again.stdout)")

        let attributes = try FileManager.default.attributesOfItem(atPath: credentials)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    /// `--dry-run` of a saved plan prints every request (method, URL, headers, body) and the emulator receives
    /// none; the JSON form carries the same requests.
    @Test func dryRunPrintsRequestsAndSendsNothing() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(ApplyFixtures.manifest(customers: 2, prefix: "dry"), to: manifest)
        let planFile = folder.appendingPathComponent("plan.json").path
        try await EmulatorHarness.with { harness in
            let endpoint = ["--endpoint", harness.baseURL]
            let plan = try await cli.run(["plan", manifest.path, "--out", planFile] + endpoint)
            #expect(plan.status == 0, "\(plan.stderr)")
            _ = try await harness.control(.DELETE, "counters")

            let text = try await cli.run(["apply", planFile, "--dry-run", "--state-dir", folder.path] + endpoint)
            #expect(text.status == 0, "\(text.stdout)\n\(text.stderr)")
            #expect(text.stdout.contains("Dry run: nothing was sent"))
            #expect(text.stdout.contains("POST \(harness.baseURL)/v1/customers\n"))
            #expect(text.stdout.contains("MS-RequestId: "))
            #expect(text.stdout.contains("/checkout"))
            #expect(text.stdout.contains("\"action\":\"lockForApproval\""))
            #expect(!text.stdout.contains("Authorization"))

            let json = try await cli.run(["apply", planFile, "--dry-run", "--format", "json"] + endpoint)
            #expect(json.status == 0, "\(json.stderr)")
            let result = try PlanFixtures.json(json.stdout)
            #expect(result["dryRun"] as? Bool == true)
            let outcomes = result["outcomes"] as? [[String: Any]] ?? []
            let requests = outcomes.flatMap { $0["requests"] as? [[String: Any]] ?? [] }
            #expect(requests.count >= 2 * 6, "customer, agreement (2), budget, cart, checkout, relationship (2) each")
            #expect(outcomes.allSatisfy { $0["status"] as? String == "planned" })

            #expect(try await ApplyFixtures.serviceRequests(harness) == [:], "a dry run sends nothing")
            // The request ids of a dry run are the ones apply sends: derived from the plan and the address.
            let real = try await cli.run(
                [
                    "apply", planFile, "--credentials-out", folder.appendingPathComponent("c.jsonl").path,
                    "--state-dir", folder.path,
                ] + endpoint
            )
            #expect(real.status == 0, "\(real.stdout)\n\(real.stderr)")
            let previewIDs = Set(
                requests.compactMap { request in
                    (request["headers"] as? [[String: Any]])?.first { $0["name"] as? String == "MS-RequestId" }?[
                        "value"
                    ]
                        as? String
                }
            )
            let customerCreate = try #require(
                outcomes.first { $0["address"] as? String == "customer[dry0.onmicrosoft.com]" }
            )
            let previewID =
                (customerCreate["requests"] as? [[String: Any]])?.first
                .flatMap { ($0["headers"] as? [[String: Any]])?.first { $0["name"] as? String == "MS-RequestId" } }?[
                    "value"
                ] as? String
            #expect(previewID != nil && previewIDs.contains(previewID ?? ""))
            #expect(real.stdout.contains("customer[dry0.onmicrosoft.com] (create): applied and verified"))
        }
    }

    /// A saved plan is refused when live state moved (someone created a customer the plan expected absent, or
    /// changed a subscription in the portal), when it was made against another endpoint, or when it is too old.
    @Test func stalePlansAreRefusedBeforeAnythingIsSent() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(ApplyFixtures.manifest(customers: 2, prefix: "stale"), to: manifest)
        let planFile = folder.appendingPathComponent("plan.json").path
        let credentials = folder.appendingPathComponent("c.jsonl").path
        try await EmulatorHarness.with { harness in
            let endpoint = ["--endpoint", harness.baseURL]
            #expect(try await cli.run(["plan", manifest.path, "--out", planFile] + endpoint).status == 0)

            let elsewhere = try await cli.run(
                ["apply", planFile, "--emulator", "--emulator-state", folder.appendingPathComponent("e.json").path]
            )
            #expect(elsewhere.status == 1)
            #expect(elsewhere.stderr.contains("the plan was made against"), "\(elsewhere.stderr)")

            let old = try await cli.run(
                ["apply", planFile, "--max-plan-age", "0.001s", "--credentials-out", credentials] + endpoint
            )
            #expect(old.status == 1)
            #expect(old.stderr.contains("older than --max-plan-age"), "\(old.stderr)")

            try await harness.createCustomer("stale1.onmicrosoft.com")
            _ = try await harness.control(.DELETE, "counters")
            let moved = try await cli.run(
                ["apply", planFile, "--credentials-out", credentials, "--state-dir", folder.path] + endpoint
            )
            #expect(moved.status == 1)
            #expect(moved.stderr.contains("the plan is stale"), "\(moved.stderr)")
            #expect(
                moved.stderr.contains("customer[stale1.onmicrosoft.com]: was absent, now exists"),
                "\(moved.stderr)"
            )
            let sent = try await ApplyFixtures.serviceRequests(harness)
            #expect(sent.keys.allSatisfy { $0.hasPrefix("GET ") || $0.contains("token") }, "only reads: \(sent)")
        }
    }

    /// Without a terminal and without --auto-approve, or creating customers without --credentials-out, apply
    /// refuses before it sends anything that changes state.
    @Test func refusesBeforeSendingWithoutConfirmationOrCredentialsFile() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(ApplyFixtures.manifest(customers: 1, prefix: "ask"), to: manifest)
        try await EmulatorHarness.with { harness in
            let endpoint = ["--endpoint", harness.baseURL, "--state-dir", folder.path]
            let unconfirmed = try await cli.run(
                ["apply", manifest.path, "--credentials-out", folder.appendingPathComponent("c.jsonl").path] + endpoint,
                stdin: "yes\n"
            )
            #expect(unconfirmed.status == 1)
            #expect(unconfirmed.stderr.contains("no terminal to confirm on"), "\(unconfirmed.stderr)")

            let noFile = try await cli.run(["apply", manifest.path, "--auto-approve"] + endpoint)
            #expect(noFile.status == 1)
            #expect(noFile.stderr.contains("--credentials-out"), "\(noFile.stderr)")

            let sent = try await ApplyFixtures.serviceRequests(harness)
            #expect(sent.keys.allSatisfy { $0.hasPrefix("GET ") || $0.contains("token") }, "only reads: \(sent)")
            #expect(try await ApplyFixtures.holdings(harness).customers.isEmpty)
        }
    }

    /// Secrets never leave through output: the admin password the service returns, the client secret, the refresh
    /// token and every access token are absent from stdout, stderr, the JSON result, the saved plan and the
    /// journal; the password is in the 0600 credentials file only.
    @Test func secretsNeverAppearInOutputPlanOrJournal() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(ApplyFixtures.manifest(customers: 2, prefix: "secret"), to: manifest)
        let planFile = folder.appendingPathComponent("plan.json")
        let credentials = folder.appendingPathComponent("admins.jsonl")
        try await EmulatorHarness.with { harness in
            let endpoint = ["--endpoint", harness.baseURL]
            let plan = try await cli.run(["plan", manifest.path, "--out", planFile.path] + endpoint)
            #expect(plan.status == 0, "\(plan.stderr)")
            let stateDir = ["--state-dir", folder.path]
            let dry = try await cli.run(
                ["apply", planFile.path, "--dry-run", "--format", "json"] + endpoint + stateDir
            )
            let apply = try await cli.run(
                ["apply", planFile.path, "--format", "json", "--credentials-out", credentials.path] + endpoint
                    + stateDir
            )
            #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")

            let lines = try String(contentsOf: credentials, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 2)
            let passwords = try lines.map { line in
                try #require(try PlanFixtures.json(String(line))["password"] as? String)
            }
            let state = try #require(try await harness.control(.GET, "state").json() as? [String: Any])
            let tokens =
                Array((state["accessTokens"] as? [String: Any] ?? [:]).keys)
                + Array((state["refreshTokens"] as? [String: Any] ?? [:]).keys)
            #expect(!tokens.isEmpty)
            let secrets = passwords + tokens + [DevelopmentPartner.clientSecret, DevelopmentPartner.refreshToken]

            var texts = [plan.stdout, plan.stderr, dry.stdout, dry.stderr, apply.stdout, apply.stderr]
            texts.append(try String(contentsOf: planFile, encoding: .utf8))
            let journals = folder.appendingPathComponent("applies")
            for name in try FileManager.default.contentsOfDirectory(atPath: journals.path) {
                texts.append(try String(contentsOf: journals.appendingPathComponent(name), encoding: .utf8))
            }
            for secret in secrets where !secret.isEmpty {
                #expect(!texts.contains { $0.contains(secret) }, "a secret leaked: \(secret.prefix(6))…")
            }
            #expect(!texts.contains { $0.contains("Bearer ") })
            let mode = try FileManager.default.attributesOfItem(atPath: credentials.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }
}
