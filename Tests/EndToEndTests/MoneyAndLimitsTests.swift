import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// Issue 11, client items 2, 4, 5 and 6, as a user meets them: the built binary, a manifest, and an emulator on
/// loopback. Money keeps its digits from the manifest to the request body; catalog limits, legacy subscriptions
/// and app-only credentials are judged in the plan, not discovered at apply.
@Suite(.tags(.endToEnd, .slow)) struct MoneyAndLimitsTests {
    let cli: CLIRunner = {
        var runner = CLIRunner()
        runner.environment = PlanFixtures.developmentEnvironment
        runner.timeout = .seconds(120)
        return runner
    }()

    /// The same runner with app-only credentials (client secret, no refresh token).
    var appOnlyCLI: CLIRunner {
        var runner = cli
        runner.environment["CSPCTL_REFRESH_TOKEN"] = nil
        return runner
    }

    // MARK: - Money

    /// Amounts that `Double` can't hold (19.99, 0.1), a large one, and amounts in currencies with 0 decimals
    /// (JPY) and 3 decimals (KWD, BHD): planned with their exact digits, sent with them, and in sync afterwards.
    @Test(arguments: ["19.99", "0.1", "1234567.89", "5000", "12.345", "0.125"])
    func spendingBudgetKeepsItsDigitsFromManifestToRequestBody(_ amount: String) async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let domain = "money\(amount.filter(\.isNumber)).onmicrosoft.com"
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(PlanFixtures.inSyncManifest(domain) + "    spendingBudget: \(amount)\n", to: manifest)
        let planFile = folder.appendingPathComponent("plan.json").path
        try await EmulatorHarness.with { harness in
            try await harness.createCustomer(domain)
            let endpoint = ["--endpoint", harness.baseURL]

            let plan = try await cli.run(["plan", manifest.path, "--format", "json", "--out", planFile] + endpoint)
            #expect(plan.status == 0, "\(plan.stderr)")
            // The plan JSON carries the number with the manifest's digits (a JSON number, not a string).
            let saved = try String(contentsOfFile: planFile, encoding: .utf8)
            #expect(saved.contains("\"after\": \(amount)\n") || saved.contains("\"after\": \(amount),"), "\(saved)")
            #expect(saved.contains("\"amount\": \(amount)"), "the request parameter: \(saved)")

            let text = try await cli.run(["show", planFile])
            #expect(text.stdout.contains("~ amount: null → \(amount)\n"), "\(text.stdout)")

            // The PATCH body apply sends: the exact digits.
            let dryRun = try await cli.run(["apply", planFile, "--dry-run", "--state-dir", folder.path] + endpoint)
            #expect(dryRun.status == 0, "\(dryRun.stdout)\n\(dryRun.stderr)")
            #expect(dryRun.stdout.contains("{\"amount\":\(amount)}"), "\(dryRun.stdout)")

            let applied = try await cli.run(["apply", planFile, "--state-dir", folder.path] + endpoint)
            #expect(applied.status == 0, "\(applied.stdout)\n\(applied.stderr)")
            #expect(applied.stdout.contains("0 failed"), "\(applied.stdout)")

            // Read back from the service's bytes: no drift, on this plan and the next.
            let again = try await cli.run(["plan", manifest.path, "--format", "json"] + endpoint)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try ApplyFixtures.workActions(again.stdout) == [], "\(again.stdout)")
            let drift = try await cli.run(["drift", manifest.path] + endpoint)
            #expect(drift.status == 0, "\(drift.stdout)\n\(drift.stderr)")
        }
    }

    // MARK: - Catalog limits

    /// Microsoft 365 Business Basic allows at most 300 seats (its SKU's `maximumQuantity`; 800088 at apply):
    /// 301 is blocked in the plan with the reason, 300 is bought, and an increase past 300 is blocked too.
    @Test func seatLimitsOfTheCatalogAreCheckedAtPlanTime() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let domain = "limits.onmicrosoft.com"
        let manifest = folder.appendingPathComponent("customers.yaml")
        try await EmulatorHarness.with { harness in
            let id = try await harness.createCustomer(domain)
            try await harness.acceptAgreement(id)
            let endpoint = ["--endpoint", harness.baseURL]

            try PlanFixtures.write(Self.manifest(domain, [("basic", 301)]), to: manifest)
            let over = try await planJSON(manifest, endpoint)
            let blocked = try #require(Self.change(over, "customer[\(domain)]/subscription[basic]"))
            #expect(blocked["action"] as? String == "blocked")
            #expect((blocked["reasons"] as? [String] ?? []).contains("quantity_out_of_range"), "\(blocked)")
            let messages = (blocked["messages"] as? [String] ?? []).joined(separator: " ")
            #expect(messages.contains("at most 300 seats per subscription, not 301"), "\(messages)")
            let text = try await cli.run(["plan", manifest.path] + endpoint)
            #expect(text.stdout.contains("reason: quantity_out_of_range"), "\(text.stdout)")
            #expect(!text.stdout.contains("will be created"), "\(text.stdout)")

            try PlanFixtures.write(Self.manifest(domain, [("basic", 300)]), to: manifest)
            let exact = try await planJSON(manifest, endpoint)
            #expect(Self.change(exact, "customer[\(domain)]/subscription[basic]")?["action"] as? String == "create")
            let applied = try await cli.run(["apply", manifest.path, "--auto-approve"] + endpoint, in: folder)
            #expect(applied.status == 0, "\(applied.stdout)\n\(applied.stderr)")

            // An increase of the subscription bought past the SKU's maximum.
            try PlanFixtures.write(Self.manifest(domain, [("basic", 301)]), to: manifest)
            let increase = try await planJSON(manifest, endpoint)
            let raised = try #require(Self.change(increase, "customer[\(domain)]/subscription[basic]"))
            #expect(raised["action"] as? String == "blocked", "\(raised)")
            #expect((raised["reasons"] as? [String] ?? []).contains("quantity_out_of_range"), "\(raised)")
        }
    }

    /// The Max Seat Count is pooled across the customer's subscriptions of a SKU (NCE-24): with 200 seats held,
    /// a second subscription of 150 is blocked (the service would answer 800088), one of 100 is bought.
    @Test func pooledSeatLimitBlocksASecondSubscription() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let domain = "pooled.onmicrosoft.com"
        let manifest = folder.appendingPathComponent("customers.yaml")
        try await EmulatorHarness.with { harness in
            let id = try await harness.createCustomer(domain)
            try await harness.acceptAgreement(id)
            try await harness.order(id, nickname: "basic", quantity: 200)
            let endpoint = ["--endpoint", harness.baseURL]

            try PlanFixtures.write(Self.manifest(domain, [("basic", 200), ("extra", 150)]), to: manifest)
            let plan = try await planJSON(manifest, endpoint)
            let extra = try #require(Self.change(plan, "customer[\(domain)]/subscription[extra]"))
            #expect(extra["action"] as? String == "blocked")
            #expect((extra["reasons"] as? [String] ?? []).contains("seat_limit_exceeded"), "\(extra)")
            let messages = (extra["messages"] as? [String] ?? []).joined(separator: " ")
            #expect(messages.contains("already holds 200 seat(s)") && messages.contains("at most 100"), "\(messages)")

            try PlanFixtures.write(Self.manifest(domain, [("basic", 200), ("extra", 100)]), to: manifest)
            let fits = try await planJSON(manifest, endpoint)
            #expect(Self.change(fits, "customer[\(domain)]/subscription[extra]")?["action"] as? String == "create")
            let applied = try await cli.run(["apply", manifest.path, "--auto-approve"] + endpoint, in: folder)
            #expect(applied.status == 0, "\(applied.stdout)\n\(applied.stderr)")
        }
    }

    // MARK: - App-only credentials

    /// With a client secret and no refresh token the customer's MCA acceptance can't be read (App+User only):
    /// the agreement is unknown and the purchase is blocked, naming CSPCTL_REFRESH_TOKEN; apply sends no
    /// purchase (no 13605). With the refresh token the same purchase is planned and bought.
    @Test func appOnlyCredentialsBlockPurchasesThatNeedTheAgreement() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let domain = "apponly.onmicrosoft.com"
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(Self.manifest(domain, [("basic", 5)]), to: manifest)
        try await EmulatorHarness.with { harness in
            let id = try await harness.createCustomer(domain)
            try await harness.acceptAgreement(id)
            let endpoint = ["--endpoint", harness.baseURL]
            let address = "customer[\(domain)]/subscription[basic]"

            let appOnly = try await appOnlyCLI.run(["plan", manifest.path, "--format", "json"] + endpoint)
            #expect(appOnly.status == 0, "\(appOnly.stderr)")
            let plan = try PlanFixtures.json(appOnly.stdout)
            let purchase = try #require(Self.change(plan, address))
            #expect(purchase["action"] as? String == "blocked", "\(purchase)")
            let reasons = purchase["reasons"] as? [String] ?? []
            #expect(reasons.contains("requires_app_user") && reasons.contains("mca_acceptance_required"), "\(reasons)")
            let messages = (purchase["messages"] as? [String] ?? []).joined(separator: " ")
            #expect(messages.contains("CSPCTL_REFRESH_TOKEN"), "\(messages)")
            let unknowns = plan["unknowns"] as? [[String: Any]] ?? []
            #expect(unknowns.contains { $0["address"] as? String == "customer[\(domain)]/agreement" }, "\(unknowns)")
            let text = try await appOnlyCLI.run(["plan", manifest.path] + endpoint)
            #expect(!text.stdout.contains("will be created (irreversible)"), "\(text.stdout)")

            let applied = try await appOnlyCLI.run(["apply", manifest.path, "--auto-approve"] + endpoint, in: folder)
            // Nothing is sent for the blocked purchase: no order, so no 13605 from the service.
            #expect(applied.stdout.contains("Plan: 0 to create"), "\(applied.stdout)\n\(applied.stderr)")
            #expect(!applied.stdout.contains("failed"), "\(applied.stdout)\n\(applied.stderr)")
            #expect(try await ApplyFixtures.holdings(harness).subscriptions["\(domain)/basic"] == nil)

            let appUser = try await cli.run(["plan", manifest.path, "--format", "json"] + endpoint)
            #expect(Self.change(try PlanFixtures.json(appUser.stdout), address)?["action"] as? String == "create")
        }
    }

    // MARK: - Legacy subscriptions

    /// Legacy subscriptions copied from subscriptions.md (the Microsoft Azure offer MS-AZR-0145P, whose
    /// `commitmentEndDate` is the placeholder 9999-12-10, and an Intune Device licence with a GUID offer id),
    /// claimed by a manifest that describes new commerce: the plan says they are legacy, that migration to new
    /// commerce is the way forward, and prints no placeholder date and no new-commerce advice.
    @Test func legacySubscriptionsGetLegacyAdviceAndNoPlaceholderDates() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let domain = "legacy.onmicrosoft.com"
        let manifest = folder.appendingPathComponent("customers.yaml")
        try await EmulatorHarness.with { harness in
            let id = try await harness.createCustomer(domain)
            try await harness.acceptAgreement(id)
            try await harness.loadLegacySubscriptions(customer: id)
            let endpoint = ["--endpoint", harness.baseURL]

            try PlanFixtures.write(
                Self.manifest(domain, [("Microsoft Azure", 1)])
                    + "      - nickname: new offer purchase\n        state: absent\n",
                to: manifest
            )
            let text = try await cli.run(["plan", manifest.path] + endpoint)
            #expect(text.status == 0, "\(text.stderr)")
            #expect(text.stdout.contains("This is a legacy subscription (offer MS-AZR-0145P)"), "\(text.stdout)")
            #expect(text.stdout.contains("Migrate it to new commerce"), "\(text.stdout)")
            #expect(text.stdout.contains("no cancellation window"), "\(text.stdout)")
            for wrong in ["9999-", "0001-", "Upgrade it", "new-commerce subscription to the end of its term"] {
                #expect(!text.stdout.contains(wrong), "\(wrong) in \(text.stdout)")
            }
            let plan = try await planJSON(manifest, endpoint)
            for nickname in ["Microsoft Azure", "new offer purchase"] {
                let change = try #require(Self.change(plan, "customer[\(domain)]/subscription[\(nickname)]"))
                #expect(change["action"] as? String == "blocked")
                #expect((change["reasons"] as? [String] ?? []).contains("legacy_subscription"), "\(change)")
            }

            // Removing the customer suspends its subscriptions first: a legacy suspension is not billed.
            try PlanFixtures.write(
                "apiVersion: cspctl/v1\ncustomers:\n  - domain: \(domain)\n    state: absent\n",
                to: manifest
            )
            let removal = try await cli.run(["plan", manifest.path] + endpoint)
            #expect(removal.stdout.contains("A suspended legacy subscription is not billed"), "\(removal.stdout)")
            #expect(!removal.stdout.contains("keeps billing a suspended new-commerce"), "\(removal.stdout)")
            #expect(!removal.stdout.contains("9999-"), "\(removal.stdout)")
        }
    }

    // MARK: - Helpers

    private func planJSON(_ manifest: URL, _ endpoint: [String]) async throws -> [String: Any] {
        let output = try await cli.run(["plan", manifest.path, "--format", "json"] + endpoint)
        guard output.status == 0 || output.status == 2 else {
            throw SeedFailure(description: "plan: \(output.status) \(output.stderr)")
        }
        return try PlanFixtures.json(output.stdout)
    }

    static func change(_ plan: [String: Any], _ address: String) -> [String: Any]? {
        (plan["changes"] as? [[String: Any]] ?? []).first { $0["address"] as? String == address }
    }

    /// The in-sync customer of `PlanFixtures`, with new-commerce subscriptions of Business Basic.
    static func manifest(_ domain: String, _ subscriptions: [(String, Int)]) -> String {
        var text = PlanFixtures.inSyncManifest(domain) + "    subscriptions:\n"
        for (nickname, quantity) in subscriptions {
            text += """
                      - nickname: \(nickname)
                        offer: CFQ7TTC0LH18:0001
                        quantity: \(quantity)
                        termDuration: P1Y
                        billingCycle: monthly

                """
        }
        return text
    }

}
