import Foundation
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterTestSupport
import Testing

private typealias F = PlannerFixtures

/// Issue 11 items 4 and 5 at the planner: the catalog's purchase limits judged at plan time, and legacy
/// subscriptions given legacy advice with no placeholder dates.
@Suite(.tags(.unit)) struct PlannerLimitsAndLegacyTests {
    /// Business Basic's SKU as the catalog documents it (catalog.md, get-a-sku-by-id): 1...300 seats.
    static let basicLimits = LiveSkuLimits(
        title: "Microsoft 365 Business Basic",
        minimumQuantity: 1,
        maximumQuantity: 300,
        supportedBillingCycles: ["annual", "monthly"]
    )

    private func plan(
        _ wants: [DesiredSubscription],
        live: [LiveSubscription],
        limits: Observed<LiveSkuLimits?>? = .known(basicLimits),
        appUser: Bool = true,
        state: Presence = .present
    ) -> Plan {
        let customer = F.liveCustomer(subscriptions: .known(live))
        var liveState = F.live(.found(customer), appUser: appUser)
        if let limits { liveState.catalog.skus[LiveCatalogKey(offer: F.offer, country: "US")] = limits }
        return F.plan(F.desiredCustomer(state: state, subscriptions: wants), liveState)
    }

    // MARK: Catalog limits

    @Test(arguments: [(300, Action.create), (301, .blocked), (1, .create), (0, .blocked)])
    func purchaseQuantityIsCheckedAgainstTheSkuBounds(quantity: Int, action: Action) {
        let change = plan([F.desiredSubscription(quantity: quantity)], live: []).change(F.subscriptionAddress())
        #expect(change?.action == action)
        #expect(change?.reasons.contains(.quantityOutOfRange) == (action == .blocked))
        if action == .blocked { #expect(change?.requests.first?.operation == .purchaseSubscription) }
    }

    @Test func quantityIncreasePastTheMaximumIsBlockedWithTheReason() {
        let change = plan([F.desiredSubscription(quantity: 301)], live: [F.liveSubscription(quantity: 300)])
            .change(F.subscriptionAddress())
        #expect(change?.action == .blocked)
        #expect(change?.reasons == [.attributeDiffers, .quantityOutOfRange])
        #expect(change?.messages.first?.contains("at most 300 seats per subscription, not 301") == true)
        #expect(change?.requests == [])
    }

    @Test func pooledSeatsBlockASecondSubscriptionAndAnIncrease() {
        let held = F.liveSubscription("hq", id: "11111111-0000-0000-0000-000000000001", quantity: 200)
        let extra = F.desiredSubscription("branch", quantity: 150)
        let purchase = plan([F.desiredSubscription("hq", quantity: 200), extra], live: [held])
            .change(F.subscriptionAddress("branch"))
        #expect(purchase?.action == .blocked)
        #expect(purchase?.reasons.contains(.seatLimitExceeded) == true)
        #expect(purchase?.messages.first?.contains("already holds 200 seat(s)") == true)

        let branch = F.liveSubscription("branch", id: "11111111-0000-0000-0000-000000000002", quantity: 100)
        let increase = plan([F.desiredSubscription("hq", quantity: 200), extra], live: [held, branch])
            .change(F.subscriptionAddress("branch"))
        #expect(increase?.action == .blocked)
        #expect(increase?.reasons.contains(.seatLimitExceeded) == true)

        let fits = plan(
            [F.desiredSubscription("hq", quantity: 200), F.desiredSubscription("branch", quantity: 100)],
            live: [held, branch]
        )
        #expect(fits.changes.isEmpty)
    }

    @Test func billingCycleTheSkuDoesNotSupportIsBlocked() {
        let change = plan([F.desiredSubscription(cycle: .triennial)], live: []).change(F.subscriptionAddress())
        #expect(change?.action == .blocked)
        #expect(change?.reasons.contains(.billingCycleNotOffered) == true)
    }

    @Test func addOnWithoutItsBaseIsBlocked() {
        let addOn = LiveSkuLimits(
            minimumQuantity: 1,
            maximumQuantity: 10_000,
            isAddon: true,
            prerequisiteSkus: ["CFQ7TTC0LCHC:0002"]
        )
        let change = plan([F.desiredSubscription()], live: [], limits: .known(addOn)).change(F.subscriptionAddress())
        #expect(change?.action == .blocked)
        #expect(change?.reasons.contains(.addonBaseMissing) == true)
    }

    @Test func unreadableLimitsMakeThePurchaseUnknownAndUnreadLimitsCheckNothing() {
        let unknown = plan(
            [F.desiredSubscription(quantity: 301)],
            live: [],
            limits: .unknown(UnknownRead(reason: "503"))
        )
        #expect(unknown.changes.isEmpty)
        #expect(unknown.unknowns.map(\.address) == [F.subscriptionAddress()])
        let unread = plan([F.desiredSubscription(quantity: 5)], live: [], limits: nil)
        #expect(unread.change(F.subscriptionAddress())?.action == .create)
    }

    // MARK: Legacy subscriptions

    /// The legacy Microsoft Azure subscription of subscriptions.md: offer MS-AZR-0145P, no product type, and
    /// the placeholder `commitmentEndDate` 9999-12-10.
    static func azure(status: LiveSubscriptionStatus = .active) -> LiveSubscription {
        LiveSubscription(
            id: "a356ac8c-e310-44f4-bf85-c7f29044af99",
            offerId: "MS-AZR-0145P",
            friendlyName: "m365-basic-hq",
            quantity: 25,
            status: status,
            termDuration: nil,
            billingCycle: .unknown,
            autoRenewEnabled: false,
            commitmentEndDate: CalendarDate(year: 9999, month: 12, day: 10),
            isNewCommerce: false
        )
    }

    @Test func legacySubscriptionIsToldToMigrateNeverToUpgradeOrRenewOnAPlaceholderDate() {
        let change = plan([F.desiredSubscription()], live: [Self.azure()]).change(F.subscriptionAddress())
        #expect(Self.azure().isLegacy)
        #expect(Self.azure().termEndDate == nil)
        #expect(change?.action == .blocked)
        #expect(change?.reasons == [.attributeDiffers, .legacySubscription])
        let text = change?.messages.joined(separator: " ") ?? ""
        #expect(text.contains("This is a legacy subscription (offer MS-AZR-0145P)"))
        #expect(text.contains("Migrate it to new commerce"))
        #expect(!text.contains("9999") && !text.contains("Upgrade it") && !text.contains("renewal on"))
    }

    @Test func legacyCancellationSaysThereIsNoWindow() {
        let change = plan([F.desiredSubscription(state: .absent)], live: [Self.azure()])
            .change(F.subscriptionAddress())
        #expect(change?.action == .blocked)
        #expect(change?.reasons.contains(.legacySubscription) == true)
        #expect(change?.messages.first?.contains("no cancellation window") == true)
    }

    @Test func suspendingLegacyBeforeRemovalSaysItIsNotBilled() {
        let plan = plan([], live: [Self.azure()], state: .absent)
        let suspend = plan.change(F.subscriptionAddress())
        #expect(suspend?.action == .update)
        #expect(
            suspend?.messages == [
                "A suspended legacy subscription is not billed (only new commerce bills through a suspension)."
            ]
        )
    }

    @Test func placeholderTermEndsAreNeverDates() {
        #expect(CalendarDate(year: 9999, month: 12, day: 15).isPlaceholder)
        #expect(CalendarDate(year: 1, month: 1, day: 1).isPlaceholder)
        #expect(!CalendarDate(year: 2027, month: 2, day: 28).isPlaceholder)
        var nce = F.liveSubscription(autoRenew: true)
        nce.commitmentEndDate = CalendarDate(year: 9999, month: 12, day: 15)
        let change = plan([F.desiredSubscription(term: "P1M")], live: [nce]).change(F.subscriptionAddress())
        #expect(change?.action == .blocked)
        #expect(change?.messages.joined().contains("9999") == false)
        #expect(change?.messages.joined().contains("the next renewal") == true)
    }
}
