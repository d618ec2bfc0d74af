import Foundation
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterTestSupport
import Testing

private typealias F = PlannerFixtures

@Suite(.tags(.unit)) struct PlannerIgnoreTests {
    private func plan(ignore path: String, until: CalendarDate?, quantity: Int = 30, autoRenew: Bool = true) -> Plan {
        let rule = IgnoreRule(customer: F.domain, path: path, reason: "self-serve seats", until: until)
        let customer = F.liveCustomer(subscriptions: .known([F.liveSubscription(cancellableUntil: F.now)]))
        let desired = F.desiredCustomer(subscriptions: [F.desiredSubscription(quantity: quantity, autoRenew: autoRenew)]
        )
        return F.plan(desired, F.live(.found(customer)), ignores: [rule])
    }

    @Test(arguments: [
        (CalendarDate?.none, false),
        (CalendarDate(year: 2026, month: 12, day: 31), false),
        (CalendarDate(year: 2026, month: 11, day: 21), false),  // until is inclusive: today still suppressed
        (CalendarDate(year: 2026, month: 11, day: 20), true),  // expired yesterday: the drift counts again
    ])
    func ignoreSuppressesExactlyTheNamedDriftUntilItsExpiry(until: CalendarDate?, expired: Bool) {
        let plan = plan(ignore: "subscriptions[m365-basic-hq].quantity", until: until)
        if expired {
            #expect(plan.outline == ["\(F.subscriptionAddress()) update"])
            #expect(plan.notes.map(\.kind) == [.ignoreExpired])
            #expect(plan.notes.first?.severity == .warning)
        } else {
            #expect(plan.changes.isEmpty)
            #expect(plan.notes.map(\.kind) == [.driftIgnored])
            #expect(plan.notes.first?.message.contains("self-serve seats") == true)
        }
    }

    @Test func otherDriftOfTheSameObjectStillCounts() {
        let plan = plan(ignore: "subscriptions[m365-basic-hq].quantity", until: nil, autoRenew: false)
        let change = plan.change(F.subscriptionAddress())
        #expect(change?.diffs.map(\.path) == ["subscriptions[m365-basic-hq].autoRenew"])
        #expect(change?.reasons == [.attributeDiffers, .driftIgnored])
    }

    @Test func aParentPathNamesEveryAttributeBelowIt() {
        let plan = plan(ignore: "subscriptions[m365-basic-hq]", until: nil, autoRenew: false)
        #expect(plan.changes.isEmpty)
        #expect(plan.notes.count == 2)
    }

    @Test func aSiblingWithACommonPrefixIsNotNamed() {
        let plan = plan(ignore: "subscriptions[m365-basic-hq].quant", until: nil)
        #expect(plan.outline == ["\(F.subscriptionAddress()) update"])
    }

    @Test(arguments: [Presence.present, .absent])
    func anObjectPathAcceptsAMissingPurchaseOrCancellation(state: Presence) {
        let rule = IgnoreRule(customer: F.domain, path: "subscriptions[m365-basic-hq]", reason: "bought elsewhere")
        let live = state == .present ? [] : [F.liveSubscription(cancellableUntil: F.now)]
        let customer = F.liveCustomer(subscriptions: .known(live))
        let desired = F.desiredCustomer(subscriptions: [F.desiredSubscription(state: state)])
        let plan = F.plan(desired, F.live(.found(customer)), ignores: [rule])
        #expect(plan.changes.isEmpty)
        #expect(plan.notes.map(\.kind) == [.driftIgnored])
        let unignored = F.plan(desired, F.live(.found(customer)))
        #expect(unignored.changes.count == 1)
    }
}
