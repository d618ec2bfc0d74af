import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// Every action kind the planner produces, executed by `cspctl apply` against a live emulator, one customer
/// taken through its life: created, changed, replaced, removed. After each apply, a new plan has no work.
@Suite(.tags(.endToEnd)) struct ApplyLifecycleTests {
    let cli: CLIRunner = {
        var runner = CLIRunner()
        runner.environment = PlanFixtures.developmentEnvironment.merging(["CSPCTL_RATE_SCALE": "20"]) { $1 }
        runner.timeout = .seconds(300)
        return runner
    }()

    static let group1 = "5e4f2f7c-1b0a-4e5e-9d53-2b1f6f1d0c11"
    static let group2 = "0b7c9a3e-6f1d-4c2b-8a5e-3d9f1e2c4b6a"

    /// The manifest of one customer, varied per phase.
    static func manifest(
        state: String = "present",
        email: String = "billing@life.onmicrosoft.com",
        budget: Int = 100,
        seats: Int = 5,
        autoRenew: Bool = true,
        other: String = "nickname: other\n        offer: CFQ7TTC0LFLS:0002\n        quantity: 2",
        autoExtend: String = "P180D",
        roles: String = "[Global Reader, Helpdesk Administrator]",
        basicState: String = "present"
    ) -> String {
        if state == "absent" {
            return "apiVersion: cspctl/v1\ncustomers:\n  - domain: life.onmicrosoft.com\n    state: absent\n"
        }
        return """
            apiVersion: cspctl/v1
            customers:
              - domain: life.onmicrosoft.com
                companyName: Life Company
            \(ManifestYAML.billing(email: email, indent: 4))
                spendingBudget: \(budget)
                agreement: { firstName: Gena, lastName: Soto, email: gena@life.onmicrosoft.com }
                gdap:
                  enabled: true
                  name: "{customer}-msp"
                  duration: P730D
                  autoExtend: \(autoExtend)
                  roles: \(roles)
                  assignments:
                    - group: \(group1)
                      roles: [Global Reader]
                subscriptions:
                  - nickname: basic
                    offer: CFQ7TTC0LH18:0001
                    quantity: \(seats)
                    termDuration: P1Y
                    billingCycle: monthly
                    autoRenew: \(autoRenew)
                    state: \(basicState)
                  - \(other)
                    termDuration: P1Y
                    billingCycle: monthly

            """
    }

    @Test func everyActionKindIsAppliedAndVerified() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("life.yaml")
        try await EmulatorHarness.with { harness in
            let common = [
                "--endpoint", harness.baseURL, "--state-dir", folder.path, "--format", "json",
                "--credentials-out", folder.appendingPathComponent("admins.jsonl").path,
            ]
            func apply(_ text: String, _ label: String) async throws -> [String: [String: Any]] {
                try PlanFixtures.write(text, to: manifest)
                let output = try await cli.run(["apply", manifest.path, "--auto-approve"] + common)
                #expect(output.status == 0, "\(label): \(output.stdout)\n\(output.stderr)")
                let result = try PlanFixtures.json(output.stdout)
                var outcomes: [String: [String: Any]] = [:]
                for outcome in result["outcomes"] as? [[String: Any]] ?? [] {
                    outcomes["\(outcome["action"] as? String ?? "?") \(outcome["address"] as? String ?? "?")"] = outcome
                    #expect(outcome["status"] as? String == "applied", "\(label): \(outcome)")
                    #expect(outcome["verified"] as? Bool == true, "\(label): \(outcome)")
                }
                let again = try await cli.run(
                    ["plan", manifest.path, "--format", "json", "--endpoint", harness.baseURL]
                )
                #expect(try ApplyFixtures.workActions(again.stdout) == [], "\(label): work left")
                return outcomes
            }
            let customer = "customer[life.onmicrosoft.com]"

            // 1. Create: customer, MCA acceptance, budget, two purchases, relationship created and locked.
            let created = try await apply(Self.manifest(), "create")
            #expect(
                Set(created.keys).isSuperset(of: [
                    "create \(customer)", "create \(customer)/agreement", "create \(customer)/subscription[basic]",
                    "create \(customer)/subscription[other]", "create \(customer)/gdap[life-msp]",
                ]),
                "\(created.keys.sorted())"
            )
            let relationship = try #require(
                (created["create \(customer)/gdap[life-msp]"]?["createdIds"] as? [String: String])?["relationshipId"]
            )
            #expect(
                (created["create \(customer)/gdap[life-msp]"]?["approvalLink"] as? String)?.hasSuffix(relationship)
                    == true
            )

            // The customer approves; the assignment can now be made.
            let approve = try await harness.control(.POST, "gdap/relationships/\(relationship)/approve")
            #expect(approve.status == 200, "\(approve.text)")

            // 2. Update: billing (with etag), budget, seats up, auto-renew off, rename, suspend, GDAP
            // auto-extend; the assignment on the now active relationship.
            let other =
                "nickname: renamed\n        renamedFrom: other\n        offer: CFQ7TTC0LFLS:0002\n"
                + "        quantity: 2\n        status: suspended"
            let updated = try await apply(
                Self.manifest(
                    email: "ap@life.onmicrosoft.com",
                    budget: 250,
                    seats: 8,
                    autoRenew: false,
                    other: other,
                    autoExtend: "PT0S"
                ),
                "update"
            )
            #expect(
                Set(updated.keys).isSuperset(of: [
                    "update \(customer)/billing", "update \(customer)/budget", "update \(customer)/subscription[basic]",
                    "update \(customer)/subscription[renamed]", "update \(customer)/gdap[life-msp]",
                    "create \(customer)/gdap[life-msp]/assignment[\(Self.group1)]",
                ]),
                "\(updated.keys.sorted())"
            )

            // 3. Reactivate, cancel inside the window, and replace the relationship (roles after approval).
            let reactivate =
                "nickname: renamed\n        offer: CFQ7TTC0LFLS:0002\n        quantity: 2\n        status: active"
            let replacedManifest = Self.manifest(
                email: "ap@life.onmicrosoft.com",
                budget: 250,
                seats: 8,
                autoRenew: false,
                other: reactivate,
                autoExtend: "PT0S",
                roles: "[Global Reader, User Administrator]",
                basicState: "absent"
            )
            let replaced = try await apply(replacedManifest, "replace")
            #expect(replaced.keys.contains("update \(customer)/subscription[renamed]"), "\(replaced.keys.sorted())")
            #expect(replaced.keys.contains("remove \(customer)/subscription[basic]"), "\(replaced.keys.sorted())")
            let replacement = try #require(replaced.first { $0.key.hasPrefix("replace \(customer)/gdap[") }?.value)
            let newID = try #require((replacement["createdIds"] as? [String: String])?["relationshipId"])
            #expect(newID != relationship)

            // Approved, the replacement becomes active: the old relationship is terminated, its assignment moves.
            _ = try await harness.control(.POST, "gdap/relationships/\(newID)/approve")
            let terminated = try await apply(replacedManifest, "terminate")
            #expect(
                terminated.keys.contains { $0.hasPrefix("remove \(customer)/gdap[") && $0.contains("superseded") },
                "\(terminated.keys.sorted())"
            )

            // 4. Remove: every subscription suspended, then the reseller relationship removed.
            let removed = try await apply(Self.manifest(state: "absent"), "remove")
            #expect(removed.keys.contains("remove \(customer)"), "\(removed.keys.sorted())")
        }
    }
}
