import Foundation
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterTestSupport
import Testing

private typealias F = PlannerFixtures

@Suite(.tags(.unit)) struct PlannerCustomerTests {
    @Test func newCustomerIsCreatedWithEverythingItNeedsInOrder() {
        let desired = F.desiredCustomer(
            budget: 500,
            agreement: F.contact,
            gdap: F.gdap(),
            subscriptions: [F.desiredSubscription()]
        )
        let plan = F.plan(desired, F.live(.notFound))
        #expect(
            plan.outline == [
                "customer[wingtiptoys.onmicrosoft.com] create",
                "customer[wingtiptoys.onmicrosoft.com]/agreement create",
                "customer[wingtiptoys.onmicrosoft.com]/budget update",
                "customer[wingtiptoys.onmicrosoft.com]/gdap[wingtiptoys-msp] create",
                "customer[wingtiptoys.onmicrosoft.com]/subscription[m365-basic-hq] create",
            ]
        )
        let customer = plan.change(F.customerAddress)
        #expect(customer?.reasons == [.absentLive])
        #expect(customer?.requests.first?.operation == .createCustomer)
        #expect(customer?.requests.first?.parameters["domainPrefix"] == .string("wingtiptoys"))
        #expect(customer?.requests.first?.parameters["billing.address.country"] == .string("US"))
        #expect(plan.change(F.gdapAddress)?.dependsOn == [F.customerAddress])
        let purchase = plan.change(F.subscriptionAddress())
        #expect(purchase?.dependsOn == [F.customerAddress, PlanAddress.agreement(F.domain)])
        #expect(purchase?.irreversible == true)
        #expect(plan.fingerprints[F.customerAddress] == "absent")
    }

    @Test func newCustomerWithoutCreateFieldsIsBlockedAndSoAreItsChildren() {
        var desired = F.desiredCustomer(gdap: F.gdap())
        desired.billing = nil
        let plan = F.plan(desired, F.live(.notFound))
        let customer = plan.change(F.customerAddress)
        #expect(customer?.action == .blocked)
        #expect(customer?.reasons.contains(.createFieldsMissing) == true)
        #expect(customer?.messages.first?.contains("billing.email") == true)
        #expect(plan.change(F.gdapAddress)?.action == .blocked)
        #expect(plan.change(F.gdapAddress)?.reasons.contains(.dependsOnBlocked) == true)
    }

    @Test func matchingCustomerHasNoChangesAndIsFingerprinted() {
        let plan = F.plan(F.desiredCustomer(), F.live(.found(F.liveCustomer())))
        #expect(plan.changes.isEmpty)
        #expect(plan.unknowns.isEmpty)
        #expect(plan.fingerprints[PlanAddress.billing(F.domain)] == "etag:billing-etag-1")
        #expect(plan.fingerprints[F.customerAddress]?.hasPrefix("sha256:") == true)
    }

    @Test func billingDifferencesAreOneUpdateWithTheEtag() {
        var billing = F.liveBilling()
        billing.email = "old@wingtiptoys.com"
        billing.address?.city = "Seattle"
        let plan = F.plan(F.desiredCustomer(), F.live(.found(F.liveCustomer(billing: .known(billing)))))
        let change = plan.change(PlanAddress.billing(F.domain))
        #expect(change?.action == .update)
        #expect(change?.diffs.map(\.path) == ["billing.address.city", "billing.email"])
        #expect(change?.diffs.last?.before == .string("old@wingtiptoys.com"))
        #expect(change?.requests.first?.etag == "billing-etag-1")
        #expect(change?.unchangedAttributes == 7)
    }

    @Test func emailComparisonIgnoresCase() {
        var billing = F.liveBilling()
        billing.email = "Gena@WingtipToys.com"
        let plan = F.plan(F.desiredCustomer(), F.live(.found(F.liveCustomer(billing: .known(billing)))))
        #expect(plan.changes.isEmpty)
    }

    @Test(arguments: [(Decimal?.none, true), (Decimal(400), true), (Decimal(500), false)])
    func spendingBudget(live: Decimal?, expectChange: Bool) {
        let plan = F.plan(F.desiredCustomer(budget: 500), F.live(.found(F.liveCustomer(budget: .known(live)))))
        let change = plan.change(PlanAddress.budget(F.domain))
        #expect((change != nil) == expectChange)
        if expectChange {
            #expect(change?.requests.first?.parameters["amount"] == .number(500))
        }
    }

    @Test func createTimeOnlyFieldsOnAnExistingCustomerAreNotedNotPlanned() {
        var desired = F.desiredCustomer()
        desired.enableGDAPByDefault = false
        let plan = F.plan(desired, F.live(.found(F.liveCustomer())))
        #expect(plan.changes.isEmpty)
        #expect(plan.notes.map(\.kind) == [.createTimeOnly])
    }

    @Test func unreadableCustomerIsUnknownNotAbsent() {
        let failed = F.plan(F.desiredCustomer(), F.live(.unknown(UnknownRead(reason: "HTTP 503 after 4 attempts"))))
        #expect(failed.changes.isEmpty)
        #expect(failed.unknowns == [PlanUnknown(address: F.customerAddress, reason: "HTTP 503 after 4 attempts")])

        var notRead = F.live(.notFound)
        notRead.customers = [:]
        let missing = F.plan(F.desiredCustomer(), notRead)
        #expect(missing.changes.isEmpty)
        #expect(missing.unknowns.map(\.address) == [F.customerAddress])
    }

    @Test func unreadableBillingIsUnknownWhileTheRestIsPlanned() {
        let live = F.liveCustomer(billing: .unknown(UnknownRead(reason: "timeout")), budget: .known(100))
        let plan = F.plan(F.desiredCustomer(budget: 500), F.live(.found(live)))
        #expect(plan.unknowns.map(\.address) == [PlanAddress.billing(F.domain)])
        #expect(plan.outline == ["customer[wingtiptoys.onmicrosoft.com]/budget update"])
    }

    @Test func absentCustomerSuspendsActiveSubscriptionsBeforeRemovingTheRelationship() {
        let subscriptions = [
            F.liveSubscription("a", id: "11111111-0000-0000-0000-000000000000"),
            F.liveSubscription("b", id: "22222222-0000-0000-0000-000000000000", status: .suspended),
        ]
        let live = F.liveCustomer(subscriptions: .known(subscriptions))
        let plan = F.plan(F.desiredCustomer(state: .absent), F.live(.found(live)))
        #expect(
            plan.outline == [
                "customer[wingtiptoys.onmicrosoft.com] remove",
                "customer[wingtiptoys.onmicrosoft.com]/subscription[a] update",
            ]
        )
        let removal = plan.change(F.customerAddress)
        #expect(removal?.reasons == [.absentInManifest, .customerDeleteOnlyInSandbox])
        #expect(removal?.dependsOn == [F.subscriptionAddress("a")])
        #expect(removal?.requests.first?.operation == .removeResellerRelationship)
        #expect(removal?.requiresAppUser == true)
        #expect(removal?.irreversible == true)
        #expect(plan.change(F.subscriptionAddress("a"))?.requests.first?.operation == .suspendSubscription)
    }

    @Test func absentCustomerWithoutAppUserIsBlockedAndNothingIsSuspended() {
        let live = F.liveCustomer(subscriptions: .known([F.liveSubscription("a")]))
        let plan = F.plan(F.desiredCustomer(state: .absent), F.live(.found(live), appUser: false))
        #expect(plan.outline == ["customer[wingtiptoys.onmicrosoft.com] blocked"])
        #expect(plan.change(F.customerAddress)?.reasons.contains(.requiresAppUser) == true)
    }

    @Test func absentCustomerWithAnActiveTrialIsBlocked() {
        let live = F.liveCustomer(subscriptions: .known([F.liveSubscription("trial", isTrial: true)]))
        let plan = F.plan(F.desiredCustomer(state: .absent), F.live(.found(live)))
        #expect(plan.outline == ["customer[wingtiptoys.onmicrosoft.com] blocked"])
        #expect(plan.change(F.customerAddress)?.reasons.contains(.subscriptionsMustBeSuspended) == true)
    }

    @Test func absentCustomerWithUnreadableSubscriptionsIsBlocked() {
        let live = F.liveCustomer(subscriptions: .unknown(UnknownRead(reason: "HTTP 500")))
        let plan = F.plan(F.desiredCustomer(state: .absent), F.live(.found(live)))
        #expect(plan.change(F.customerAddress)?.action == .blocked)
        #expect(plan.unknowns.map(\.address) == [PlanAddress.subscriptions(F.domain)])
    }

    @Test func absentCustomerInTheSandboxIsDeleted() {
        let live = F.liveCustomer(subscriptions: .known([F.liveSubscription("a")]))
        let plan = F.plan(F.desiredCustomer(state: .absent), F.live(.found(live), appUser: false, sandbox: true))
        #expect(plan.outline == ["customer[wingtiptoys.onmicrosoft.com] remove"])
        #expect(plan.change(F.customerAddress)?.requests.first?.operation == .deleteCustomer)
        #expect(plan.change(F.customerAddress)?.reasons.contains(.integrationSandboxDelete) == true)
    }

    @Test func absentCustomerAlreadyGoneHasNoChange() {
        let plan = F.plan(F.desiredCustomer(state: .absent), F.live(.notFound))
        #expect(plan.changes.isEmpty)
        #expect(plan.fingerprints[F.customerAddress] == "absent")
    }

    @Test func plansAreDeterministic() {
        let desired = F.desiredCustomer(
            budget: 5,
            agreement: F.contact,
            gdap: F.gdap(),
            subscriptions: [F.desiredSubscription()]
        )
        let first = F.plan(desired, F.live(.notFound))
        let second = F.plan(desired, F.live(.notFound))
        #expect(first == second)
        #expect(first.id.count == 32)
        #expect(first.changes.map(\.address) == first.changes.map(\.address).sorted(by: PlanAddress.precedes))
    }
}
