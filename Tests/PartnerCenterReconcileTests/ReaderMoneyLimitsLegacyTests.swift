import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterTestSupport
import Testing

/// Issue 11 client items 2, 4, 5 and 6 through the reader (real client, loopback, in-process emulator) and the
/// planner: exact money, SKU limits, legacy subscriptions, and app-only credentials.
@Suite(.tags(.loopback)) struct ReaderMoneyLimitsLegacyTests {
    private func planned(_ desired: DesiredState, _ live: LiveState) -> Plan {
        Planner(parallel: false).plan(
            desired: desired,
            live: live,
            options: PlanningOptions(createdAt: live.observedAt, toolVersion: "test", endpoint: "loopback")
        )
    }

    /// The budget is read as the exact decimal the service wrote (it went through `Double` and came back as
    /// 19.98999…, drift on every plan): the manifest's amount then plans nothing.
    @Test(arguments: ["19.99", "0.1", "1234567.89", "5000", "12.345"])
    func budgetIsReadAsTheExactDecimalAndPlansNoDrift(_ amount: String) async throws {
        try await ReaderSession.with { session in
            let id = try await session.createCustomer("budget.onmicrosoft.com")
            let reply = try await session.harness.send(
                .PATCH,
                "/v1/customers/\(id)/usagebudget",
                token: session.appToken,
                body: Data(#"{"amount": \#(amount)}"#.utf8)
            )
            #expect(reply.status == 200, "\(reply.text)")
            var customer = ReaderSession.customer("budget.onmicrosoft.com")
            let exact = try #require(Decimal(string: amount))
            customer.spendingBudget = exact
            let desired = ReaderSession.desired([customer])
            let live = try await session.read(desired)
            guard case .found(let read) = live.customers["budget.onmicrosoft.com"] else {
                Issue.record("not found")
                return
            }
            #expect(read.spendingBudget == .known(exact))
            let plan = planned(desired, live)
            #expect(plan.change(PlanAddress.budget("budget.onmicrosoft.com")) == nil, "\(plan.outline)")
        }
    }

    /// The SKU of every offer a purchase or a quantity change needs is read, with its documented bounds.
    @Test func skuLimitsAreReadForPurchasesAndQuantityChanges() async throws {
        try await ReaderSession.with { session in
            let resized = try await session.createCustomer("resized.onmicrosoft.com")
            try await session.purchase(resized, nickname: "basic", quantity: 300)
            var more = ReaderSession.subscription("basic")
            more.quantity = 301
            let desired = ReaderSession.desired([
                ReaderSession.customer("resized.onmicrosoft.com", subscriptions: [more])
            ])
            let live = try await session.read(desired)
            let key = LiveCatalogKey(offer: OfferID(productId: "CFQ7TTC0LH18", skuId: "0001"), country: "US")
            let limits = try #require(live.catalog.skus[key]?.value ?? nil)
            #expect(limits.minimumQuantity == 1)
            #expect(limits.maximumQuantity == 300)
            #expect(limits.supportedBillingCycles.contains("monthly"))
            let change = planned(desired, live).change(PlanAddress.subscription("resized.onmicrosoft.com", "basic"))
            #expect(change?.action == .blocked)
            #expect(change?.reasons.contains(.quantityOutOfRange) == true)

            // Nothing to resize or buy: no SKU is read.
            more.quantity = 300
            let still = ReaderSession.desired([ReaderSession.customer("resized.onmicrosoft.com", subscriptions: [more])]
            )
            #expect(try await session.read(still).catalog.skus.isEmpty)
        }
    }

    /// The recorded legacy subscriptions (subscriptions.md) are recognised as legacy, and the placeholder
    /// `commitmentEndDate` 9999-12-10 is not taken for a term end.
    @Test func legacySubscriptionsAreRecognisedAndPlaceholderDatesDropped() async throws {
        try await ReaderSession.with { session in
            let id = try await session.createCustomer("legacy.onmicrosoft.com")
            try await session.harness.loadLegacySubscriptions(customer: id)
            let desired = ReaderSession.desired([
                ReaderSession.customer(
                    "legacy.onmicrosoft.com",
                    subscriptions: [ReaderSession.subscription("Microsoft Azure")]
                )
            ])
            let live = try await session.read(desired)
            guard case .found(let customer) = live.customers["legacy.onmicrosoft.com"],
                let subscriptions = customer.subscriptions.value
            else {
                Issue.record("not read")
                return
            }
            let azure = try #require(subscriptions.first { $0.offerId == "MS-AZR-0145P" })
            #expect(azure.isLegacy && !azure.isNewCommerce)
            #expect(azure.commitmentEndDate == nil, "9999-12-10 is a placeholder")
            let intune = try #require(subscriptions.first { $0.offerId == "DB2E705F-B82A-4024-A3D5-D88E12F2DB35" })
            #expect(intune.isLegacy)
            #expect(intune.commitmentEndDate == CalendarDate(year: 2018, month: 5, day: 7))

            let change = planned(desired, live).change(
                PlanAddress.subscription("legacy.onmicrosoft.com", "Microsoft Azure")
            )
            #expect(change?.reasons.contains(.legacySubscription) == true)
            #expect(change?.messages.joined().contains("9999") == false)
        }
    }

    /// App-only credentials can't read the MCA acceptance: unknown, naming CSPCTL_REFRESH_TOKEN, and the
    /// purchase blocked; App+User credentials read it and the purchase is planned.
    @Test func appOnlyCredentialsLeaveTheAgreementUnknownAndBlockThePurchase() async throws {
        try await ReaderSession.with { session in
            let id = try await session.createCustomer("apponly.onmicrosoft.com")
            try await session.purchase(id, nickname: "existing", quantity: 1)  // accepts the MCA too
            let desired = ReaderSession.desired([
                ReaderSession.customer("apponly.onmicrosoft.com", subscriptions: [ReaderSession.subscription("new")])
            ])
            let address = PlanAddress.subscription("apponly.onmicrosoft.com", "new")

            let appOnly = try await session.read(desired, appUser: false)
            guard case .found(let customer) = appOnly.customers["apponly.onmicrosoft.com"],
                case .unknown(let read) = customer.agreement
            else {
                Issue.record("the agreement should be unknown with app-only credentials")
                return
            }
            #expect(read.reason.contains("CSPCTL_REFRESH_TOKEN"))
            let blocked = planned(desired, appOnly)
            #expect(blocked.unknowns.map(\.address).contains(PlanAddress.agreement("apponly.onmicrosoft.com")))
            #expect(blocked.change(address)?.action == .blocked)
            #expect(blocked.change(address)?.reasons.contains(.requiresAppUser) == true)

            let appUser = try await session.read(desired, appUser: true)
            #expect(planned(desired, appUser).change(address)?.action == .create)
        }
    }
}
