import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// The indirect model through the binary (issue 17): an indirect provider's tree planned and applied against a
/// live emulator, each scenario checked in the emulator over HTTP.
@Suite(.tags(.endToEnd)) struct IndirectModelCommandTests {
    let cli: CLIRunner = {
        var runner = CLIRunner()
        runner.environment = PlanFixtures.developmentEnvironment
        runner.timeout = .seconds(120)
        return runner
    }()

    static let fabrikam = (mpn: "5357564", tenant: "484e548c-f5f3-4528-93a9-c16c6373cb59")
    static let tailspin = (mpn: "873452", tenant: "6e1d3f0a-8b2c-4d5e-9f60-7a8b9c0d1e21")

    /// The live customer id of `domain` (the emulator's customer list).
    static func customerId(_ domain: String, _ harness: EmulatorHarness, token: String) async throws -> String {
        let list = try await harness.send(.GET, "/v1/customers?size=500", token: token)
        let items = (try list.json() as? [String: Any])?["items"] as? [[String: Any]] ?? []
        let match = items.first { ($0["companyProfile"] as? [String: Any])?["domain"] as? String == domain }
        return try #require(match?["id"] as? String, "\(domain) not in \(list.text)")
    }

    static func subscriptions(
        _ customer: String,
        partner: String,
        _ harness: EmulatorHarness,
        token: String
    ) async throws -> [[String: Any]] {
        let reply = try await harness.send(
            .GET,
            "/v1/customers/\(customer)/subscriptions?mpn_id=\(partner)",
            token: token
        )
        #expect(reply.status == 200, "\(reply.text)")
        return (try reply.json() as? [String: Any])?["items"] as? [[String: Any]] ?? []
    }

    /// examples/indirect: customers created for two resellers, purchases with the reseller as partner of record
    /// (listed by the reseller's MPN id), and a second plan with no work.
    @Test func indirectExampleAppliesAndPlansAgainWithNoWork() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifests = PlanFixtures.root.appendingPathComponent("examples/indirect").path
        try await EmulatorHarness.with { harness in
            let endpoint = ["--endpoint", harness.baseURL, "--state-dir", folder.path]
            let applied = try await cli.run(
                [
                    "apply", manifests, "--auto-approve", "--credentials-out",
                    folder.appendingPathComponent("a.jsonl").path,
                ]
                    + endpoint
            )
            #expect(applied.status == 0, "\(applied.stdout)\n\(applied.stderr)")
            #expect(applied.stdout.contains("0 failed, 0 skipped, 0 blocked"), "\(applied.stdout)")

            let token = try await harness.developmentToken()
            let lamna = try await Self.customerId("lamnahealth.onmicrosoft.com", harness, token: token)
            let margie = try await Self.customerId("margiestravel.onmicrosoft.com", harness, token: token)
            let read = try await harness.send(.GET, "/v1/customers/\(margie)", token: token)
            #expect((try read.json() as? [String: Any])?["associatedPartnerId"] as? String == Self.tailspin.tenant)
            let lamnaRead = try await harness.send(.GET, "/v1/customers/\(lamna)", token: token)
            #expect((try lamnaRead.json() as? [String: Any])?["associatedPartnerId"] as? String == Self.fabrikam.tenant)

            let byTailspin = try await Self.subscriptions(margie, partner: Self.tailspin.mpn, harness, token: token)
            #expect(Set(byTailspin.compactMap { $0["friendlyName"] as? String }) == ["m365-basic", "entra-p1"])
            let byFabrikam = try await Self.subscriptions(lamna, partner: Self.fabrikam.mpn, harness, token: token)
            #expect(byFabrikam.compactMap { $0["friendlyName"] as? String } == ["m365-basic"])
            #expect(try await Self.subscriptions(margie, partner: Self.fabrikam.mpn, harness, token: token).isEmpty)

            let again = try await cli.run(["plan", manifests, "--format", "json"] + endpoint.dropLast(2))
            #expect(again.status == 0, "\(again.stderr)")
            let changes = try PlanFixtures.json(again.stdout)["changes"] as? [[String: Any]] ?? []
            #expect(changes.isEmpty, "\(again.stdout)")
        }
    }

    /// A reseller that is not active, one the provider has no relationship with, and the provider's own id as a
    /// partner of record: each change is blocked with its reason, and apply sends none of them.
    @Test func resellerNotAuthorisedIsBlocked() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("indirect.yaml")
        try PlanFixtures.write(
            """
            apiVersion: cspctl/v1
            defaults:
              subscriptions: { termDuration: P1Y, billingCycle: monthly }
            customers:
              - domain: inactive.onmicrosoft.com
                reseller: "5357563"
                companyName: Company inactive.onmicrosoft.com
            \(ManifestYAML.billing(email: "billing@inactive.onmicrosoft.com", indent: 4))
              - domain: unrelated.onmicrosoft.com
                reseller: "1234567"
                companyName: Company unrelated.onmicrosoft.com
            \(ManifestYAML.billing(email: "billing@unrelated.onmicrosoft.com", indent: 4))
              - domain: ownid.onmicrosoft.com
                companyName: Company ownid.onmicrosoft.com
            \(ManifestYAML.billing(email: "billing@ownid.onmicrosoft.com", indent: 4))
                agreement: { firstName: Gena, lastName: Soto, email: gena@ownid.com }
                subscriptions:
                  - nickname: basic
                    offer: CFQ7TTC0LH18:0001
                    quantity: 1
                    partnerOfRecord: "\(DevelopmentPartner.partnerId)"

            """,
            to: manifest
        )
        try await EmulatorHarness.with { harness in
            let endpoint = ["--endpoint", harness.baseURL, "--state-dir", folder.path]
            let plan = try await cli.run(["plan", manifest.path, "--format", "json", "--endpoint", harness.baseURL])
            #expect(plan.status == 0, "\(plan.stderr)")
            let changes = try PlanFixtures.json(plan.stdout)["changes"] as? [[String: Any]] ?? []
            func reasons(_ address: String) -> [String] {
                let change = changes.first { $0["address"] as? String == address }
                #expect(change?["action"] as? String == "blocked", "\(address): \(plan.stdout)")
                return change?["reasons"] as? [String] ?? []
            }
            #expect(reasons("customer[inactive.onmicrosoft.com]").contains("reseller_not_active"))
            #expect(reasons("customer[unrelated.onmicrosoft.com]").contains("reseller_not_related"))
            #expect(
                reasons("customer[ownid.onmicrosoft.com]/subscription[basic]").contains("reseller_not_related")
            )
            let text = try await cli.run(["plan", manifest.path, "--endpoint", harness.baseURL])
            #expect(text.stdout.contains("Litware Reseller (5357563) has a relationship in state 'inactive'"))

            let applied = try await cli.run(
                [
                    "apply", manifest.path, "--auto-approve", "--credentials-out",
                    folder.appendingPathComponent("a.jsonl").path,
                ]
                    + endpoint
            )
            #expect(applied.stdout.contains("0 failed"), "\(applied.stdout)\n\(applied.stderr)")
            let token = try await harness.developmentToken()
            let ownid = try await Self.customerId("ownid.onmicrosoft.com", harness, token: token)
            let list = try await harness.send(.GET, "/v1/customers/\(ownid)/subscriptions", token: token)
            #expect((try list.json() as? [String: Any])?["totalCount"] as? Int == 0, "no purchase was sent")
            let customers = try await harness.send(.GET, "/v1/customers", token: token)
            #expect((try customers.json() as? [String: Any])?["totalCount"] as? Int == 1, "only ownid was created")
        }
    }

    /// An existing customer that is not associated with the manifest's reseller: blocked, with the relationship
    /// request link for that reseller's customers.
    @Test func existingCustomerWithoutTheResellerGetsTheRelationshipLink() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("adopt.yaml")
        try PlanFixtures.write(
            PlanFixtures.inSyncManifest("direct.onmicrosoft.com") + "    reseller: \"5357564\"\n",
            to: manifest
        )
        try await EmulatorHarness.with { harness in
            try await harness.createCustomer("direct.onmicrosoft.com")
            let plan = try await cli.run(["plan", manifest.path, "--endpoint", harness.baseURL])
            #expect(plan.status == 0, "\(plan.stderr)")
            #expect(plan.stdout.contains("customer[direct.onmicrosoft.com]/reseller"), "\(plan.stdout)")
            #expect(plan.stdout.contains("reseller_relationship_missing") || plan.stdout.contains("only the customer"))
            #expect(plan.stdout.contains("invType=IndirectResellerRelationship&partnerId=\(Self.fabrikam.tenant)"))
        }
    }

    /// Export writes the reseller attribution (issue 17 item 3): examples/indirect plus a Lamna subscription bought
    /// with Tailspin as partner of record, applied, then exported. `--all` names each customer's reseller and the
    /// one partner of record that differs from it; `--customer` (one customer, so a read per customer instead of a
    /// customer list per reseller) puts the sole reseller in defaults. Both trees validate and plan no change.
    @Test func exportWritesTheResellerAttributionAndPlansNoChange() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = PlanFixtures.root.appendingPathComponent("examples/indirect/manifest.yaml")
        let extra =
            "        quantity: 10\n      - nickname: entra-p1\n        offer: CFQ7TTC0LFLS:0002\n        quantity: 2\n"
            + "        partnerOfRecord: \"\(Self.tailspin.mpn)\"\n"
        let manifest = try String(contentsOf: example, encoding: .utf8)
            .replacingOccurrences(of: "        quantity: 10\n", with: extra)
        let manifests = folder.appendingPathComponent("manifest.yaml")
        try manifest.write(to: manifests, atomically: true, encoding: .utf8)
        try await EmulatorHarness.with { harness in
            let endpoint = ["--endpoint", harness.baseURL]
            let credentials = folder.appendingPathComponent("a.jsonl").path
            let applied = try await cli.run(
                [
                    "apply", manifests.path, "--auto-approve", "--credentials-out", credentials, "--state-dir",
                    folder.path,
                ]
                    + endpoint
            )
            #expect(applied.status == 0, "\(applied.stdout)\n\(applied.stderr)")
            #expect(applied.stdout.contains("0 failed, 0 skipped, 0 blocked"), "\(applied.stdout)")

            let all = folder.appendingPathComponent("all")
            let export = try await cli.run(["export", "--out", all.path, "--all"] + endpoint)
            #expect(export.status == 0, "\(export.stdout)\n\(export.stderr)")
            let files = try ExportFixtures.files(all).mapValues { String(decoding: $0, as: UTF8.self) }
            let lamna = files["customers/lamnahealth.onmicrosoft.com.yaml"] ?? ""
            let margie = files["customers/margiestravel.onmicrosoft.com.yaml"] ?? ""
            #expect(lamna.contains("reseller: \"\(Self.fabrikam.mpn)\"\n"), "\(lamna)")
            #expect(lamna.contains("partnerOfRecord: \"\(Self.tailspin.mpn)\"\n"), "\(lamna)")
            #expect(margie.contains("reseller: \"\(Self.tailspin.mpn)\"\n"), "\(margie)")
            #expect(!margie.contains("partnerOfRecord"), "the same as the customer's reseller: \(margie)")
            #expect(!(files["defaults.yaml"] ?? "").contains("reseller"))
            try await ExportFixtures.expectCleanPlan(all, cli: cli, endpoint: endpoint)

            let one = folder.appendingPathComponent("one")
            let single = try await cli.run(
                ["export", "--out", one.path, "--customer", "lamnahealth.onmicrosoft.com"] + endpoint
            )
            #expect(single.status == 0, "\(single.stdout)\n\(single.stderr)")
            let oneFiles = try ExportFixtures.files(one).mapValues { String(decoding: $0, as: UTF8.self) }
            #expect((oneFiles["defaults.yaml"] ?? "").contains("  reseller: \"\(Self.fabrikam.mpn)\"\n"))
            #expect(!(oneFiles["customers/lamnahealth.onmicrosoft.com.yaml"] ?? "").contains("reseller:"))
            try await ExportFixtures.expectCleanPlan(one, cli: cli, endpoint: endpoint)
        }
    }
}
