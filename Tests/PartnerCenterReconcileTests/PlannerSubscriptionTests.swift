import Foundation
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterTestSupport
import Testing

private typealias F = PlannerFixtures

@Suite(.tags(.unit)) struct PlannerSubscriptionTests {
    private func plan(
        _ want: DesiredSubscription,
        live: [LiveSubscription],
        agreement: Observed<LiveAgreement?> = .known(LiveAgreement(templateId: "mca-1")),
        contact: DesiredAgreementContact? = nil,
        appUser: Bool = true,
        catalog: LiveCatalogLookup? = nil,
        now: Date = F.now
    ) -> Plan {
        let customer = F.liveCustomer(agreement: agreement, subscriptions: .known(live))
        let state =
            catalog.map { F.live(.found(customer), appUser: appUser, catalog: $0, now: now) }
            ?? F.live(.found(customer), appUser: appUser, now: now)
        return F.plan(F.desiredCustomer(agreement: contact, subscriptions: [want]), state)
    }

    @Test func absentSubscriptionIsPurchasedFromTheResolvedAvailability() {
        let plan = plan(F.desiredSubscription(), live: [])
        let change = plan.change(F.subscriptionAddress())
        #expect(change?.action == .create)
        #expect(change?.irreversible == true)
        let request = change?.requests.first
        #expect(request?.operation == .purchaseSubscription)
        #expect(request?.parameters["catalogItemId"] == .string("CFQ7TTC0LH18:0001:CFQ7TTC0K971"))
        #expect(request?.parameters["quantity"] == .int(25))
        #expect(request?.parameters["termDuration"] == .string("P1Y"))
        #expect(request?.parameters["billingCycle"] == .string("monthly"))
    }

    @Test func purchaseWithoutMCAAndNoContactIsBlocked() {
        let plan = plan(F.desiredSubscription(), live: [], agreement: .known(nil))
        let change = plan.change(F.subscriptionAddress())
        #expect(change?.action == .blocked)
        #expect(change?.reasons.contains(.mcaAcceptanceRequired) == true)
    }

    @Test func purchaseWithoutMCAAcceptsItFirst() {
        let plan = plan(F.desiredSubscription(), live: [], agreement: .known(nil), contact: F.contact)
        let agreement = PlanAddress.agreement(F.domain)
        #expect(plan.change(agreement)?.action == .create)
        #expect(plan.change(agreement)?.requiresAppUser == true)
        #expect(plan.change(F.subscriptionAddress())?.dependsOn == [agreement])
        #expect(plan.change(F.subscriptionAddress())?.action == .create)
    }

    @Test func mcaAcceptanceNeedsAppUserAndThePurchaseWaitsForIt() {
        let plan = plan(F.desiredSubscription(), live: [], agreement: .known(nil), contact: F.contact, appUser: false)
        #expect(plan.change(PlanAddress.agreement(F.domain))?.action == .blocked)
        #expect(plan.change(PlanAddress.agreement(F.domain))?.reasons.contains(.requiresAppUser) == true)
        #expect(plan.change(F.subscriptionAddress())?.action == .blocked)
        #expect(plan.change(F.subscriptionAddress())?.reasons.contains(.dependsOnBlocked) == true)
    }

    /// Issue 11: an MCA acceptance that could not be read is unknown, and the purchase that needs it is
    /// blocked (it used to be planned as "will be created" and failed at apply with 13605).
    @Test func unreadableMCAIsUnknownAndThePurchaseIsBlocked() {
        let plan = plan(F.desiredSubscription(), live: [], agreement: .unknown(UnknownRead(reason: "HTTP 503")))
        #expect(plan.unknowns.map(\.address) == [PlanAddress.agreement(F.domain)])
        let change = plan.change(F.subscriptionAddress())
        #expect(change?.action == .blocked)
        #expect(change?.reasons == [.absentLive, .dependsOnUnknown, .mcaAcceptanceRequired])
        #expect(change?.messages.contains { $0.contains("could not be read (HTTP 503)") } == true)
    }

    /// Without App+User credentials the acceptance can't be read at all: blocked, naming the credential.
    @Test func mcaUnreadableWithAppOnlyCredentialsBlocksThePurchaseNamingTheCredential() {
        let plan = plan(
            F.desiredSubscription(),
            live: [],
            agreement: .unknown(UnknownRead(reason: "needs App+User")),
            appUser: false
        )
        #expect(plan.unknowns.map(\.address) == [PlanAddress.agreement(F.domain)])
        let change = plan.change(F.subscriptionAddress())
        #expect(change?.action == .blocked)
        #expect(change?.reasons == [.absentLive, .mcaAcceptanceRequired, .requiresAppUser])
        #expect(change?.messages.contains { $0.contains("CSPCTL_REFRESH_TOKEN") } == true)
    }

    @Test func offerTheCatalogLacksIsBlocked() {
        let plan = plan(F.desiredSubscription(), live: [], catalog: .notOffered)
        #expect(plan.change(F.subscriptionAddress())?.action == .blocked)
        #expect(plan.change(F.subscriptionAddress())?.reasons == [.absentLive, .unknownOffer])
    }

    @Test func termTheAvailabilityDoesNotSellIsBlocked() {
        let catalog = LiveCatalogLookup.available(LiveAvailability(availabilityId: "X", termDurations: ["P1M"]))
        let plan = plan(F.desiredSubscription(term: "P3Y"), live: [], catalog: catalog)
        #expect(plan.change(F.subscriptionAddress())?.reasons.contains(.termNotOffered) == true)
    }

    @Test func unreadableCatalogIsUnknown() {
        let plan = plan(F.desiredSubscription(), live: [], catalog: .unknown(UnknownRead(reason: "HTTP 503")))
        #expect(plan.changes.isEmpty)
        #expect(plan.unknowns.map(\.address) == [F.subscriptionAddress()])
    }

    @Test(arguments: [
        // window open until `now` or later → reversible; closed or never → irreversible
        (F.date("2026-11-21T12:00:00Z"), false),
        (F.date("2026-11-21T11:59:59Z"), true),
        (Date?.none, true),
    ])
    func quantityIncreaseIsIrreversibleOnceTheWindowHasClosed(until: Date?, irreversible: Bool) {
        let plan = plan(F.desiredSubscription(quantity: 30), live: [F.liveSubscription(cancellableUntil: until)])
        let change = plan.change(F.subscriptionAddress())
        #expect(change?.action == .update)
        #expect(change?.irreversible == irreversible)
        #expect(change?.reasons.contains(.nceIncreaseOutsideCancellationWindow) == irreversible)
        #expect(change?.requests.map(\.parameters) == [["quantity": .int(30)]])
    }

    @Test(arguments: [
        // seats added in a batch removable until `deadline`; remove 5 of 25
        (F.date("2026-11-21T12:00:00Z"), 5, Action.update),
        (F.date("2026-11-21T11:59:59Z"), 5, Action.blocked),
        (F.date("2026-11-22T00:00:00Z"), 3, Action.blocked),
    ])
    func quantityDecreaseOnlyInsideTheWindow(deadline: Date, batch: Int, expected: Action) {
        let refundable = LiveRefundableQuantity(
            totalQuantity: batch,
            details: [LiveRefundableQuantity.Batch(quantity: batch, allowedUntil: deadline)]
        )
        let plan = plan(F.desiredSubscription(quantity: 20), live: [F.liveSubscription(refundable: refundable)])
        let change = plan.change(F.subscriptionAddress())
        #expect(change?.action == expected)
        if expected == .blocked {
            #expect(change?.reasons.contains(.nceQuantityDecreaseWindowClosed) == true)
            #expect(change?.messages.first?.contains("at renewal on 2027-03-01") == true)
            #expect(change?.messages.first?.contains("turn off auto-renew") == true)
            #expect(change?.requests.isEmpty == true)
        }
    }

    @Test func legacySeatsCanBeRemovedAnyTime() {
        var legacy = F.liveSubscription()
        legacy.isNewCommerce = false
        let plan = plan(F.desiredSubscription(quantity: 20), live: [legacy])
        #expect(plan.change(F.subscriptionAddress())?.action == .update)
    }

    @Test(arguments: [
        (F.date("2026-11-21T12:00:00Z"), Action.remove),
        (F.date("2026-11-21T11:59:59Z"), Action.blocked),
    ])
    func cancellationOnlyInsideTheWindow(until: Date, expected: Action) {
        let plan = plan(F.desiredSubscription(state: .absent), live: [F.liveSubscription(cancellableUntil: until)])
        let change = plan.change(F.subscriptionAddress())
        #expect(change?.action == expected)
        if expected == .remove {
            #expect(change?.irreversible == true)
            #expect(change?.requests.first?.operation == .cancelSubscription)
        } else {
            #expect(change?.reasons.contains(.nceCancellationWindowClosed) == true)
            #expect(change?.messages.first?.contains("`autoRenew: false` so it ends on 2027-02-28") == true)
        }
    }

    @Test func absentSubscriptionAlreadyCancelledHasNoChange() {
        let plan = plan(F.desiredSubscription(state: .absent), live: [F.liveSubscription(status: .deleted)])
        #expect(plan.changes.isEmpty)
        #expect(plan.notes.isEmpty)
    }

    @Test func renameIsAnInPlaceNicknameUpdate() {
        let want = F.desiredSubscription("m365-hq", renamedFrom: "m365-basic-hq")
        let plan = plan(want, live: [F.liveSubscription("m365-basic-hq")])
        let change = plan.change(F.subscriptionAddress("m365-hq"))
        #expect(change?.action == .update)
        #expect(change?.reasons == [.attributeDiffers, .renamed])
        #expect(change?.requests.map(\.parameters) == [["friendlyName": .string("m365-hq")]])
        #expect(plan.notes.isEmpty)
    }

    @Test func autoRenewIsUpdatedInPlace() {
        let plan = plan(F.desiredSubscription(autoRenew: false), live: [F.liveSubscription()])
        #expect(
            plan.change(F.subscriptionAddress())?.requests.map(\.parameters) == [["autoRenewEnabled": .bool(false)]]
        )
    }

    @Test func reactivationComesBeforeOtherChangesAndSuspensionAfter() {
        let reactivate = plan(F.desiredSubscription(quantity: 30), live: [F.liveSubscription(status: .suspended)])
        #expect(
            reactivate.change(F.subscriptionAddress())?.requests.map(\.operation) == [
                .reactivateSubscription, .updateSubscription,
            ]
        )
        let suspend = plan(
            F.desiredSubscription(quantity: 30, status: .suspended),
            live: [F.liveSubscription(cancellableUntil: F.now)]
        )
        #expect(
            suspend.change(F.subscriptionAddress())?.requests.map(\.operation) == [
                .updateSubscription, .suspendSubscription,
            ]
        )
    }

    @Test(arguments: [
        (F.desiredSubscription(term: "P1M"), ActionReason.termChangeNotAllowedInPlace),
        (F.desiredSubscription(term: "P3Y"), ActionReason.termChangeNotAllowedInPlace),
        (F.desiredSubscription(cycle: .annual), ActionReason.billingCycleChangeNotAllowedInPlace),
    ])
    func termAndBillingCycleChangesAreBlockedWithTheAlternative(want: DesiredSubscription, reason: ActionReason) {
        let plan = plan(want, live: [F.liveSubscription()])
        let change = plan.change(F.subscriptionAddress())
        #expect(change?.action == .blocked)
        #expect(change?.reasons.contains(reason) == true)
        #expect(change?.messages.isEmpty == false)
    }

    @Test func trialQuantityIsLocked() {
        let plan = plan(F.desiredSubscription(quantity: 30), live: [F.liveSubscription(isTrial: true)])
        #expect(plan.change(F.subscriptionAddress())?.reasons.contains(.trialSubscriptionLocked) == true)
    }

    @Test func unclaimedLiveSubscriptionsAreNotedNeverTouched() {
        let plan = plan(
            F.desiredSubscription(),
            live: [F.liveSubscription(), F.liveSubscription("visio", id: "33333333-0000-0000-0000-000000000000")]
        )
        #expect(plan.changes.isEmpty)
        #expect(plan.notes.map(\.kind) == [.unmanagedSubscription])
        #expect(plan.notes.first?.address == F.subscriptionAddress("visio"))
    }

    @Test func twoLiveSubscriptionsWithOneNameAreAmbiguous() {
        let plan = plan(
            F.desiredSubscription(),
            live: [F.liveSubscription(), F.liveSubscription(id: "44444444-0000-0000-0000-000000000000")]
        )
        #expect(plan.change(F.subscriptionAddress())?.reasons == [.ambiguousLiveMatch])
    }

    @Test func unreadableSubscriptionsAreUnknown() {
        let customer = F.liveCustomer(subscriptions: .unknown(UnknownRead(reason: "HTTP 429 after 6 attempts")))
        let plan = F.plan(F.desiredCustomer(subscriptions: [F.desiredSubscription()]), F.live(.found(customer)))
        #expect(plan.changes.isEmpty)
        #expect(
            plan.unknowns == [
                PlanUnknown(address: PlanAddress.subscriptions(F.domain), reason: "HTTP 429 after 6 attempts")
            ]
        )
    }
}
