import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// Apply's safety, through the binary against a live emulator: an update bound to what the plan saw (a portal
/// change is never overwritten), a new customer's lost admin password reported until resolved, a credentials file
/// that cannot be redirected, and the smaller promises (a dry run of a saved plan needs no credentials, the full
/// user principal name, refusals that name what was used).
@Suite(.tags(.endToEnd, .slow)) struct ApplySafetyTests {
    let cli: CLIRunner = {
        var runner = CLIRunner()
        runner.environment = PlanFixtures.developmentEnvironment.merging(["CSPCTL_RATE_SCALE": "20"]) { $1 }
        runner.timeout = .seconds(300)
        return runner
    }()

    /// One customer with an MCA contact, a budget, the `basic` subscription (`seats` seats) and no GDAP.
    static func manifest(_ domain: String, seats: Int = 5) -> String {
        """
        apiVersion: cspctl/v1
        customers:
          - domain: \(domain)
            companyName: Safety Company
        \(ManifestYAML.billing(email: "billing@\(domain)", indent: 4))
            agreement: { firstName: Gena, lastName: Soto, email: gena@\(domain) }
            subscriptions:
              - nickname: basic
                offer: CFQ7TTC0LH18:0001
                quantity: \(seats)
                termDuration: P1Y
                billingCycle: monthly

        """
    }

    /// The issue's scenario: a saved plan raises the seats from 5 to 8; its PATCH fails (500 on every attempt);
    /// the customer then changes the quantity to 12 in the portal; the same plan is run again. The journal exempts
    /// the failed change from the staleness check, but the update is bound to the plan's fingerprint: it fails
    /// with "moved since the plan" and the portal's 12 stays. Before, the re-run PATCHed 8 over the 12.
    @Test func failedUpdateRerunAfterPortalChangeDoesNotOverwrite() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let domain = "bind.onmicrosoft.com"
        let manifest = folder.appendingPathComponent("customers.yaml")
        let planFile = folder.appendingPathComponent("plan.json").path
        let credentials = folder.appendingPathComponent("admins.jsonl").path
        try await EmulatorHarness.with { harness in
            let endpoint = ["--endpoint", harness.baseURL, "--state-dir", folder.path]
            try PlanFixtures.write(Self.manifest(domain), to: manifest)
            let created = try await cli.run(
                ["apply", manifest.path, "--auto-approve", "--credentials-out", credentials] + endpoint
            )
            #expect(created.status == 0, "\(created.stdout)\n\(created.stderr)")

            try PlanFixtures.write(Self.manifest(domain, seats: 8), to: manifest)
            let plan = try await cli.run(["plan", manifest.path, "--out", planFile] + endpoint.prefix(2))
            #expect(plan.status == 0, "\(plan.stderr)")
            #expect(plan.stdout.contains("quantity: 5 → 8"), "\(plan.stdout)")

            let fault: [String: Any] = [
                "route": "^/v1/customers/[^/]+/subscriptions/[^/]+$", "method": "PATCH", "error500Rate": 1.0,
            ]
            #expect(try await harness.control(.PUT, "faults", json: ["faults": [fault]]).status == 200)
            let failed = try await cli.run(["apply", planFile] + endpoint)
            #expect(failed.status == 1, "\(failed.stdout)\n\(failed.stderr)")
            #expect(failed.stdout.contains("HTTP 500"), "\(failed.stdout)")
            _ = try await harness.control(.DELETE, "faults")

            let (customerID, subscriptionID) = try await Self.subscription(domain, "basic", on: harness)
            let portal = try await harness.control(
                .PATCH,
                "customers/\(customerID)/subscriptions/\(subscriptionID)",
                json: ["quantity": 12]
            )
            #expect(portal.status == 200, "\(portal.text)")

            let again = try await cli.run(["apply", planFile] + endpoint)
            #expect(again.status == 1, "\(again.stdout)\n\(again.stderr)")
            #expect(again.stdout.contains("moved since the plan"), "\(again.stdout)")
            #expect(again.stdout.contains("quantity is 12 now; the plan saw 5 and sets 8"), "\(again.stdout)")
            #expect(try await Self.quantity(domain, "basic", on: harness) == 12, "the portal's change stays")
        }
    }

    /// A subscription changed in the portal after it was planned is refused by the staleness check when the plan
    /// is applied, and the portal's value stays (the plan-time fingerprint covers the whole subscription).
    @Test func portalChangeBetweenPlanAndApplyIsNotOverwritten() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let domain = "portal.onmicrosoft.com"
        let manifest = folder.appendingPathComponent("customers.yaml")
        let planFile = folder.appendingPathComponent("plan.json").path
        try await EmulatorHarness.with { harness in
            let endpoint = ["--endpoint", harness.baseURL, "--state-dir", folder.path]
            try PlanFixtures.write(Self.manifest(domain), to: manifest)
            let created = try await cli.run(
                [
                    "apply", manifest.path, "--auto-approve", "--credentials-out",
                    folder.appendingPathComponent("admins.jsonl").path,
                ] + endpoint
            )
            #expect(created.status == 0, "\(created.stdout)\n\(created.stderr)")
            try PlanFixtures.write(Self.manifest(domain, seats: 8), to: manifest)
            #expect(try await cli.run(["plan", manifest.path, "--out", planFile] + endpoint.prefix(2)).status == 0)

            let (customerID, subscriptionID) = try await Self.subscription(domain, "basic", on: harness)
            // A field the change does not set: the plan's update would still PATCH the whole resource.
            let portal = try await harness.control(
                .PATCH,
                "customers/\(customerID)/subscriptions/\(subscriptionID)",
                json: ["autoRenewEnabled": false]
            )
            #expect(portal.status == 200, "\(portal.text)")
            let applied = try await cli.run(["apply", planFile] + endpoint)
            #expect(applied.status == 1, "\(applied.stdout)\n\(applied.stderr)")
            #expect(applied.stderr.contains("subscription[basic]: changed since the plan"), "\(applied.stderr)")
            #expect(try await Self.quantity(domain, "basic", on: harness) == 5)
        }
    }

    /// The answer to a customer creation is lost on every attempt (the emulator commits the creation and drops
    /// the connection). Applying a fresh plan of the manifests then adopts the customer, but apply says the admin
    /// password may be lost, names the customer and how to recover, and exits 1, run after run. Re-running the
    /// very plan that started the creation (saved beside its journal) gets the answer replayed: the password is
    /// recorded and apply is clean again. `--admin-password-reset` resolves it too.
    @Test func lostCreationAnswerIsReportedUntilResolved() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        let credentials = folder.appendingPathComponent("admins.jsonl")
        try PlanFixtures.write(
            Self.manifest("lost.onmicrosoft.com")
                + Self.manifest("gone.onmicrosoft.com").split(
                    separator: "\n",
                    omittingEmptySubsequences: false
                ).dropFirst(2).joined(separator: "\n"),
            to: manifest
        )
        try await EmulatorHarness.with { harness in
            let arguments = [
                "apply", manifest.path, "--auto-approve", "--credentials-out", credentials.path, "--endpoint",
                harness.baseURL, "--state-dir", folder.path,
            ]
            let fault: [String: Any] = ["route": "^/v1/customers$", "method": "POST", "loseResponseRate": 1.0]
            #expect(try await harness.control(.PUT, "faults", json: ["faults": [fault]]).status == 200)
            let lost = try await cli.run(arguments)
            #expect(lost.status == 1)
            _ = try await harness.control(.DELETE, "faults")
            #expect(try await ApplyFixtures.holdings(harness).customers.count == 2, "the creations went through")

            // A fresh plan: the customers exist and are adopted; their passwords are not in the file.
            let fresh = try await cli.run(arguments)
            #expect(fresh.status == 1, "\(fresh.stdout)\n\(fresh.stderr)")
            #expect(fresh.stderr.contains("the admin password of 2 new customer(s) may be lost"), "\(fresh.stderr)")
            #expect(fresh.stderr.contains("lost.onmicrosoft.com: created by plan"), "\(fresh.stderr)")
            #expect(fresh.stderr.contains("--admin-password-reset gone.onmicrosoft.com"), "\(fresh.stderr)")
            let recorded = (try? String(contentsOf: credentials, encoding: .utf8)) ?? ""
            #expect(!recorded.contains("lost.onmicrosoft.com"))
            let again = try await cli.run(arguments)
            #expect(again.status == 1, "still unresolved: \(again.stderr)")

            // Recover one by re-running the plan that started the creation: Partner Center replays the answer.
            let savedPlan = try #require(Self.savedPlan(in: fresh.stderr), "\(fresh.stderr)")
            let rerun = try await cli.run(
                [
                    "apply", savedPlan, "--credentials-out", credentials.path, "--endpoint", harness.baseURL,
                    "--state-dir", folder.path,
                ]
            )
            #expect(rerun.status == 0, "\(rerun.stdout)\n\(rerun.stderr)")
            let lines = try String(contentsOf: credentials, encoding: .utf8).split(separator: "\n")
            let domains = try lines.map { try PlanFixtures.json(String($0))["domain"] as? String }
            #expect(domains.contains("lost.onmicrosoft.com") && domains.contains("gone.onmicrosoft.com"))
            let clean = try await cli.run(arguments)
            #expect(clean.status == 0, "\(clean.stdout)\n\(clean.stderr)")
        }
    }

    /// The same loss, resolved by resetting the password: `--admin-password-reset DOMAIN` records it and apply
    /// stops failing for that customer.
    @Test func passwordResetResolvesALostCreationAnswer() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(Self.manifest("reset.onmicrosoft.com"), to: manifest)
        try await EmulatorHarness.with { harness in
            let arguments = [
                "apply", manifest.path, "--auto-approve", "--credentials-out",
                folder.appendingPathComponent("admins.jsonl").path, "--endpoint", harness.baseURL,
                "--state-dir", folder.path,
            ]
            let fault: [String: Any] = ["route": "^/v1/customers$", "method": "POST", "loseResponseRate": 1.0]
            #expect(try await harness.control(.PUT, "faults", json: ["faults": [fault]]).status == 200)
            #expect(try await cli.run(arguments).status == 1)
            _ = try await harness.control(.DELETE, "faults")
            let fresh = try await cli.run(arguments)
            #expect(fresh.status == 1)
            #expect(fresh.stderr.contains("reset.onmicrosoft.com: created by plan"), "\(fresh.stderr)")
            let reset = try await cli.run(arguments + ["--admin-password-reset", "reset.onmicrosoft.com"])
            #expect(reset.status == 0, "\(reset.stdout)\n\(reset.stderr)")
            #expect(try await cli.run(arguments).status == 0)
        }
    }

    /// `--credentials-out` refuses a symbolic link (even to a 0600 file of the user's), a file owned by another
    /// user, and a file with a second hard link: nothing is sent, and the target is untouched. A new file is
    /// created 0600 and gets the admin's full user principal name.
    @Test func credentialsFileRefusesLinksAndForeignFiles() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(Self.manifest("creds.onmicrosoft.com"), to: manifest)
        let target = folder.appendingPathComponent("target.jsonl")
        try Data().write(to: target)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
        let link = folder.appendingPathComponent("link.jsonl")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let dangling = folder.appendingPathComponent("dangling.jsonl")
        try FileManager.default.createSymbolicLink(
            at: dangling,
            withDestinationURL: folder.appendingPathComponent("nowhere.jsonl")
        )
        let hard = folder.appendingPathComponent("hard.jsonl")
        try FileManager.default.linkItem(at: target, to: hard)
        try await EmulatorHarness.with { harness in
            func apply(_ path: String) async throws -> CLIRunner.Output {
                try await cli.run(
                    [
                        "apply", manifest.path, "--auto-approve", "--credentials-out", path, "--endpoint",
                        harness.baseURL, "--state-dir", folder.path,
                    ]
                )
            }
            let viaLink = try await apply(link.path)
            #expect(viaLink.status == 1)
            #expect(viaLink.stderr.contains("is a symbolic link"), "\(viaLink.stderr)")
            let viaDangling = try await apply(dangling.path)
            #expect(viaDangling.status == 1)
            #expect(viaDangling.stderr.contains("is a symbolic link"), "\(viaDangling.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("nowhere.jsonl").path))
            let viaHardLink = try await apply(hard.path)
            #expect(viaHardLink.status == 1)
            #expect(viaHardLink.stderr.contains("hard links"), "\(viaHardLink.stderr)")
            if geteuid() == 0 {
                // Only root can give a file to another user; elsewhere the check is covered by the same code path.
                let foreign = folder.appendingPathComponent("foreign.jsonl")
                try Data().write(to: foreign)
                try FileManager.default.setAttributes(
                    [.posixPermissions: 0o600, .ownerAccountID: 65534],
                    ofItemAtPath: foreign.path
                )
                let viaForeign = try await apply(foreign.path)
                #expect(viaForeign.status == 1)
                #expect(viaForeign.stderr.contains("belongs to another user"), "\(viaForeign.stderr)")
            }
            #expect(try Data(contentsOf: target).isEmpty, "nothing written through a link")
            #expect(try await ApplyFixtures.holdings(harness).customers.isEmpty, "nothing sent")

            let fresh = folder.appendingPathComponent("admins.jsonl")
            let applied = try await apply(fresh.path)
            #expect(applied.status == 0, "\(applied.stdout)\n\(applied.stderr)")
            let mode = try FileManager.default.attributesOfItem(atPath: fresh.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let line = try PlanFixtures.json(String(decoding: try Data(contentsOf: fresh), as: UTF8.self))
            #expect(line["userName"] as? String == "admin@creds.onmicrosoft.com")
        }
    }

    /// `apply PLANFILE --dry-run` sends nothing and needs no credentials; a bad `CSPCTL_ENDPOINT` is named as the
    /// variable, not as `--endpoint`.
    @Test func dryRunOfSavedPlanNeedsNoCredentialsAndEndpointRefusalsNameTheSource() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(Self.manifest("dry.onmicrosoft.com"), to: manifest)
        let planFile = folder.appendingPathComponent("plan.json").path
        try await EmulatorHarness.with { harness in
            #expect(
                try await cli.run(["plan", manifest.path, "--out", planFile, "--endpoint", harness.baseURL]).status
                    == 0
            )
            _ = try await harness.control(.DELETE, "counters")
            var bare = CLIRunner()
            bare.environment = [:]
            let dry = try await bare.run(["apply", planFile, "--dry-run", "--endpoint", harness.baseURL], in: folder)
            #expect(dry.status == 0, "\(dry.stdout)\n\(dry.stderr)")
            #expect(dry.stdout.contains("POST \(harness.baseURL)/v1/customers\n"), "\(dry.stdout)")
            #expect(try await ApplyFixtures.serviceRequests(harness) == [:], "a dry run sends nothing")

            var viaEnvironment = CLIRunner()
            viaEnvironment.environment = PlanFixtures.developmentEnvironment.merging(
                ["CSPCTL_ENDPOINT": "ftp://example.com"]
            ) { $1 }
            let refused = try await viaEnvironment.run(["plan", manifest.path], in: folder)
            #expect(refused.status == 1)
            #expect(
                refused.stderr.contains("CSPCTL_ENDPOINT=ftp://example.com is not an http(s) URL"),
                "\(refused.stderr)"
            )
            #expect(!refused.stderr.contains("--endpoint ftp"))
            let option = try await cli.run(["plan", manifest.path, "--endpoint", "ftp://example.com"], in: folder)
            #expect(option.stderr.contains("--endpoint ftp://example.com is not an http(s) URL"), "\(option.stderr)")
        }
    }

    /// The saved plan the lost-password report tells to re-run (`cspctl apply PATH --credentials-out FILE`).
    static func savedPlan(in report: String) -> String? {
        let quoted: [String] = report.split(separator: "`").map(String.init)
        guard let command = quoted.first(where: { $0.hasPrefix("cspctl apply /") }) else { return nil }
        let words: [String] = command.split(separator: " ").map(String.init)
        return words.count > 2 ? words[2] : nil
    }

    // MARK: - Emulator state

    /// The customer id and subscription id of `domain`'s subscription named `nickname`.
    static func subscription(
        _ domain: String,
        _ nickname: String,
        on harness: EmulatorHarness
    ) async throws -> (
        String, String
    ) {
        let state = try #require(try await harness.control(.GET, "state").json() as? [String: Any])
        for case let (customerID, customer as [String: Any]) in state["customers"] as? [String: Any] ?? [:] {
            let company = customer["companyProfile"] as? [String: Any]
            guard (company?["domain"] as? String)?.lowercased() == domain else { continue }
            let subscriptions = (state["subscriptions"] as? [String: Any])?[customerID] as? [String: Any] ?? [:]
            for case let (subscriptionID, record as [String: Any]) in subscriptions {
                let resource = record["resource"] as? [String: Any]
                if resource?["friendlyName"] as? String == nickname { return (customerID, subscriptionID) }
            }
        }
        throw SeedFailure(description: "no subscription \(nickname) of \(domain)")
    }

    static func quantity(_ domain: String, _ nickname: String, on harness: EmulatorHarness) async throws -> Int? {
        let (customerID, subscriptionID) = try await subscription(domain, nickname, on: harness)
        let state = try #require(try await harness.control(.GET, "state").json() as? [String: Any])
        let record = ((state["subscriptions"] as? [String: Any])?[customerID] as? [String: Any])?[subscriptionID]
        return ((record as? [String: Any])?["resource"] as? [String: Any])?["quantity"] as? Int
    }
}
