import Foundation
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterTestSupport
import Testing

private typealias F = PlannerFixtures

/// The indirect model's planning rules (issue 17 item 3) on live states built by hand: what the binary tests cannot
/// reach cheaply (a partner-of-record change, unreadable resellers, App+User missing).
@Suite(.tags(.unit)) struct PlannerResellerTests {
    static let fabrikam = LiveIndirectReseller(
        tenantId: "484e548c-f5f3-4528-93a9-c16c6373cb59",
        mpnId: "5357564",
        name: "Fabrikam Reseller",
        state: "active"
    )
    static let tailspin = LiveIndirectReseller(
        tenantId: "6e1d3f0a-8b2c-4d5e-9f60-7a8b9c0d1e21",
        mpnId: "873452",
        name: "Tailspin Resellers",
        state: "active"
    )

    private func state(
        _ lookup: LiveCustomerLookup,
        resellers: Observed<[LiveIndirectReseller]>? = .known([fabrikam, tailspin]),
        appUser: Bool = true
    ) -> LiveState {
        var live = F.live(lookup, appUser: appUser)
        live.indirectResellers = resellers
        return live
    }

    private func desired(reseller: String?, partner: String? = nil) -> DesiredCustomer {
        var subscription = F.desiredSubscription()
        subscription.partnerOfRecord = partner ?? reseller
        var customer = F.desiredCustomer(agreement: F.contact, subscriptions: [subscription])
        customer.reseller = reseller
        return customer
    }

    @Test func existingSubscriptionOfAnotherPartnerIsBlockedWithWhatToDoInstead() {
        var subscription = F.liveSubscription()
        subscription.partnerId = "5357564"
        var customer = F.liveCustomer(subscriptions: .known([subscription]))
        customer.associatedPartnerId = .known(Self.tailspin.tenantId)
        let plan = F.plan(desired(reseller: Self.tailspin.tenantId), state(.found(customer)))
        let change = plan.change(F.subscriptionAddress() + "/partnerOfRecord")
        #expect(change?.action == .blocked)
        #expect(change?.reasons == [.partnerOfRecordChangeNotAllowed])
        #expect(change?.diffs.first?.before == .string("5357564"))
        #expect(change?.diffs.first?.after == .string("873452"))
        #expect(change?.messages.first?.contains("buy a new subscription") == true)
        #expect(plan.change(F.customerAddress + "/reseller") == nil, "the customer is Tailspin's already")
    }

    @Test func sameResellerByTenantOrMPNIdIsInSync() {
        var subscription = F.liveSubscription()
        subscription.partnerId = "873452"
        var customer = F.liveCustomer(subscriptions: .known([subscription]))
        customer.associatedPartnerId = .known(Self.tailspin.tenantId)
        let plan = F.plan(desired(reseller: "873452"), state(.found(customer)))
        #expect(
            plan.changes.filter { $0.address.contains("reseller") || $0.address.contains("partnerOfRecord") }.isEmpty
        )
    }

    @Test func newCustomerForAResellerNeedsAppUser() {
        let plan = F.plan(desired(reseller: "5357564"), state(.notFound, appUser: false))
        let change = plan.change(F.customerAddress)
        #expect(change?.action == .blocked)
        #expect(change?.reasons.contains(.requiresAppUser) == true)
        #expect(change?.requests.first?.parameters["associatedPartnerId"] == .string(Self.fabrikam.tenantId))
    }

    @Test func unreadableResellersBlockTheCreationAndThePurchase() {
        let unreadable = Observed<[LiveIndirectReseller]>.unknown(
            UnknownRead(reason: "GET /v1/relationships: HTTP 503")
        )
        let plan = F.plan(desired(reseller: "5357564"), state(.notFound, resellers: unreadable))
        #expect(plan.change(F.customerAddress)?.reasons.contains(.dependsOnUnknown) == true)
        #expect(plan.change(F.subscriptionAddress())?.action == .blocked)
    }

    @Test func purchaseNamesThePartnerOfRecordByMPNId() {
        let plan = F.plan(
            desired(reseller: Self.fabrikam.tenantId, partner: Self.tailspin.tenantId),
            state(.notFound)
        )
        let request = plan.change(F.subscriptionAddress())?.requests.first
        #expect(request?.parameters["partnerIdOnRecord"] == .string("873452"))
        var additional = desired(reseller: "5357564")
        additional.subscriptions[0].additionalPartnersOfRecord = ["517285"]
        let withAdditional = F.plan(additional, state(.notFound)).change(F.subscriptionAddress())?.requests.first
        #expect(withAdditional?.parameters["additionalPartnerIdsOnRecord"] == .strings(["517285"]))
    }
}
