import Foundation
import PartnerCenterModel
import PartnerCenterRendering
import PartnerCenterTestSupport
import Testing

/// Issue 14 items 4 and 7: unknowns are counted and listed first (never truncated away), and a reviewer can act
/// on the comment (marker, headline of costly changes, truncation notice at the top, clickable approval links).
@Suite(.tags(.unit)) struct MarkdownCommentTests {
    static func withUnknowns(_ plan: Plan, count: Int) -> Plan {
        var plan = plan
        plan.unknowns = (0..<count).map {
            PlanUnknown(
                address: PlanAddress.subscriptions("unread\($0).onmicrosoft.com"),
                reason: "GET /v1/customers/{id}/subscriptions: HTTP 503 after 4 attempts"
            )
        }
        return plan.sorted()
    }

    @Test func unknownsAreCountedAndListedFirstEvenWhenTheCommentIsTruncated() async throws {
        try await offThePool {
            let plan = Self.withUnknowns(RichPlanFixture.large(customers: 3_000), count: 41)
            let markdown = MarkdownPlanRenderer().render(plan)
            #expect(markdown.utf8.count <= MarkdownPlanRenderer.characterLimitDefault)
            #expect(markdown.contains(", 41 unknown.**"))
            let notice = try #require(markdown.range(of: "too large for one comment"))
            let unknowns = try #require(markdown.range(of: "### ❓ Could not be read: 41"))
            let table = try #require(markdown.range(of: "| Customer |"))
            #expect(notice.lowerBound < unknowns.lowerBound)
            #expect(unknowns.lowerBound < table.lowerBound)
            for unknown in plan.unknowns {
                #expect(
                    markdown.contains("- `\(unknown.address)`: GET"),
                    "\(unknown.address) is listed with its reason"
                )
            }

            let text = TextPlanRenderer().render(plan)
            #expect(text.hasSuffix(", 41 unknown.\n"))
            for unknown in plan.unknowns { #expect(text.contains("? \(unknown.address): GET")) }

            let json =
                try JSONSerialization.jsonObject(with: Data(JSONPlanRenderer().render(plan).utf8)) as? [String: Any]
            let summary = json?["summary"] as? [String: Int]
            #expect(summary?["unknown"] == 41)
            #expect(summary?["create"] == plan.summary[.create])
        }
    }

    @Test func tooManyUnknownsForTheCommentAreListedByAddressAndCounted() async {
        await offThePool {
            let plan = Self.withUnknowns(RichPlanFixture.plan(), count: 3_000)
            let markdown = MarkdownPlanRenderer().render(plan)
            #expect(markdown.utf8.count <= MarkdownPlanRenderer.characterLimitDefault)
            #expect(markdown.contains(", 3000 unknown.**"))
            #expect(markdown.contains("- `\(plan.unknowns[0].address)`\n"))
            #expect(markdown.contains(" more: run `cspctl plan --format text` for all of them"))
        }
    }

    @Test func summaryCountsUnknownsWhenNothingChanges() async {
        await offThePool {
            var plan = Self.withUnknowns(RichPlanFixture.plan(), count: 2)
            plan.changes = []
            let text = TextPlanRenderer().render(plan)
            #expect(
                text.contains(
                    "Plan: 0 to create, 0 to update, 0 to replace, 0 to remove, 0 blocked, 0 waiting, 2 unknown."
                )
            )
            #expect(!text.contains("No changes. Partner Center matches"))
        }
    }

    @Test func hiddenMarkerNamesThePlan() async {
        await offThePool {
            let markdown = MarkdownPlanRenderer().render(RichPlanFixture.plan())
            #expect(markdown.hasPrefix("<!-- cspctl:plan 0123456789abcdef0123456789abcdef -->\n## cspctl plan\n"))
        }
    }

    @Test func headlineCountsWhatCostsMoneyOrCannotBeUndone() async {
        await offThePool {
            func subscription(
                _ nickname: String,
                _ action: Action,
                _ kind: PlannedRequest.Kind,
                from: Int?,
                to: Int?
            )
                -> Change
            {
                let quantity = AttributeDiff(
                    path: "quantity",
                    name: "quantity",
                    before: from.map { .number(Decimal($0)) },
                    after: to.map { .number(Decimal($0)) }
                )
                return Change(
                    address: PlanAddress.subscription("a.onmicrosoft.com", nickname),
                    action: action,
                    reasons: [.attributeDiffers],
                    diffs: [quantity],
                    irreversible: kind.operation != .updateSubscription || (to ?? 0) > (from ?? 0),
                    requests: [PlannedRequest(kind)]
                )
            }
            var plan = RichPlanFixture.plan()
            plan.changes = [
                subscription("a", .create, .purchaseSubscription(RichPlanFixture.purchase), from: nil, to: 5),
                subscription("b", .create, .purchaseSubscription(RichPlanFixture.purchase), from: nil, to: 1),
                subscription("c", .update, .updateSubscription(SubscriptionUpdate(quantity: 10)), from: 5, to: 10),
                subscription("d", .update, .updateSubscription(SubscriptionUpdate(quantity: 5)), from: 10, to: 5),
                subscription("e", .remove, .cancelSubscription, from: 3, to: nil),
                subscription("f", .blocked, .purchaseSubscription(RichPlanFixture.purchase), from: nil, to: 2),
            ]
            let markdown = MarkdownPlanRenderer().render(plan)
            #expect(
                markdown.contains(
                    "> **Costs money or cannot be undone:** 2 subscription purchase(s), 1 seat increase(s), "
                        + "1 subscription cancellation(s).\n"
                )
            )
            let headline = markdown.range(of: "Costs money")?.lowerBound
            let table = markdown.range(of: "| Customer |")?.lowerBound
            #expect(headline != nil && table != nil && headline! < table!)

            plan.changes = [
                subscription("d", .update, .updateSubscription(SubscriptionUpdate(quantity: 5)), from: 10, to: 5)
            ]
            #expect(!MarkdownPlanRenderer().render(plan).contains("Costs money"))
        }
    }

    @Test func approvalLinksAreClickable() async {
        await offThePool {
            let markdown = MarkdownPlanRenderer().render(RichPlanFixture.plan())
            #expect(
                markdown.contains(
                    "[open the approval page](https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/"
                        + "granularAdminRelationships/\(RichPlanFixture.relationshipId))"
                )
            )
            let section = markdown.range(of: "### Waiting for customer approval")?.lowerBound
            let details = markdown.range(of: "<details>")?.lowerBound
            #expect(section != nil && details != nil && section! < details!)
        }
    }

    @Test(.pythonTools, .tags(.python))
    func approvalLinkRendersAsALink() async throws {
        try await offThePool {
            let structure = try #require(
                try GFMRenderer.structures(of: [MarkdownPlanRenderer().render(RichPlanFixture.plan())]).first
            )
            #expect(
                structure.hrefs == [
                    "https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/"
                        + RichPlanFixture.relationshipId
                ]
            )
        }
    }
}
