import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterTestSupport
import Testing

/// The live-state reader over loopback against the in-process emulator.
@Suite(.tags(.loopback)) struct ReaderTests {
    @Test func readsNamedCustomersAndMapsWhatTheServiceReturns() async throws {
        try await ReaderSession.with { session in
            let wingtip = try await session.createCustomer("wingtip.onmicrosoft.com")
            _ = try await session.createCustomer("bystander.onmicrosoft.com")
            try await session.purchase(wingtip, nickname: "m365-basic", quantity: 7)
            let relationship = try await session.createRelationship(wingtip, name: "wingtip-msp")
            let desired = ReaderSession.desired([
                ReaderSession.customer(
                    "Wingtip.onmicrosoft.com",
                    subscriptions: [ReaderSession.subscription("m365-basic")]
                ),
                ReaderSession.customer("absent.onmicrosoft.com", subscriptions: [ReaderSession.subscription("new")]),
            ])
            let live = try await session.read(desired)

            #expect(live.appUserAvailable)
            #expect(live.observedAt == (await session.harness.store.now))
            #expect(live.customers.count == 2)
            #expect(live.customers["absent.onmicrosoft.com"] == .notFound)
            guard case .found(let customer) = live.customers["wingtip.onmicrosoft.com"] else {
                Issue.record("wingtip not found: \(String(describing: live.customers))")
                return
            }
            #expect(customer.tenantId == wingtip.lowercased())
            #expect(customer.relationshipToPartner == .reseller)
            #expect(customer.billing.value?.email == "billing@wingtip.onmicrosoft.com")
            #expect(customer.billing.value?.country == "US")
            #expect(customer.billing.value?.etag?.isEmpty == false)
            #expect(customer.agreement.value??.templateId == "117a77b0-9360-443b-8795-c6dedc750cf9")
            let subscriptions = try #require(customer.subscriptions.value)
            #expect(subscriptions.count == 1)
            let subscription = try #require(subscriptions.first)
            #expect(subscription.friendlyName == "m365-basic")
            #expect(subscription.quantity == 7)
            #expect(subscription.status == .active)
            #expect(subscription.billingCycle == .monthly)
            #expect(subscription.termDuration == "P1Y")
            #expect(subscription.isNewCommerce)
            #expect(subscription.offer == OfferID(productId: "CFQ7TTC0LH18", skuId: "0001"))
            #expect(subscription.cancellationAllowedUntilDate != nil)
            let relationships = try #require(customer.relationships.value)
            // Ours, and Partner Center's default relationship (the customer was created without
            // `enableGDAPByDefault: false`), which the reader reports like any other.
            #expect(relationships.count == 2)
            let ours = try #require(relationships.first { $0.id == relationship })
            #expect(ours.status == .created)
            #expect(ours.roles == [ReaderSession.globalReader])
            #expect(relationships.contains { $0.displayName.hasPrefix("Default_") && $0.status == .active })

            // The catalog is read only for the purchase the plan may need (the absent customer's), not for the
            // subscription that exists.
            let offer = OfferID(productId: "CFQ7TTC0LH18", skuId: "0001")
            #expect(live.catalog.entries.count == 1)
            guard case .available(let availability) = live.catalog.lookup(offer, country: "US") else {
                Issue.record("no availability: \(live.catalog)")
                return
            }
            #expect(!availability.availabilityId.isEmpty)

            // Only the named customer's details were read: one subscriptions and one billing request.
            let counts = try await session.counters()
            let subscriptionReads = counts.filter { $0.key.hasPrefix("GET") && $0.key.hasSuffix("/subscriptions") }
            #expect(subscriptionReads.values.reduce(0, +) == 1, "\(counts)")
            let billingReads = counts.filter { $0.key.hasPrefix("GET") && $0.key.hasSuffix("/profiles/billing") }
            #expect(billingReads.values.reduce(0, +) == 1, "\(counts)")
        }
    }

    @Test func pagingThroughTheListMatchesTheSameCustomers() async throws {
        try await ReaderSession.with { session in
            _ = try await session.createCustomer("one.onmicrosoft.com")
            _ = try await session.createCustomer("two.onmicrosoft.com")
            let desired = ReaderSession.desired([
                ReaderSession.customer("one.onmicrosoft.com"), ReaderSession.customer("three.onmicrosoft.com"),
            ])
            let filtered = try await session.read(desired)
            let listed = try await session.read(desired, listThreshold: 0)
            #expect(filtered.customers == listed.customers)
            #expect(listed.customers["three.onmicrosoft.com"] == .notFound)
            if case .found = listed.customers["one.onmicrosoft.com"] {
            } else {
                Issue.record("one not found when listing: \(listed.customers)")
            }
        }
    }

    @Test func aFailedReadIsUnknownWithTheRequestAndStatusNeverAbsent() async throws {
        try await ReaderSession.with { session in
            let id = try await session.createCustomer("faulty.onmicrosoft.com")
            try await session.purchase(id, nickname: "m365-basic", quantity: 3)
            let faults = try await session.harness.control(
                .PUT,
                "faults",
                json: ["faults": [["route": "/subscriptions$", "method": "GET", "error503Rate": 1.0]]]
            )
            #expect(faults.status == 200, "\(faults.text)")
            let live = try await session.read(ReaderSession.desired([ReaderSession.customer("faulty.onmicrosoft.com")]))
            guard case .found(let customer) = live.customers["faulty.onmicrosoft.com"] else {
                Issue.record("not found: \(live.customers)")
                return
            }
            guard case .unknown(let read) = customer.subscriptions else {
                Issue.record("subscriptions should be unknown: \(customer.subscriptions)")
                return
            }
            #expect(read.reason.contains("GET /v1/customers/\(id)/subscriptions"))
            #expect(read.reason.contains("HTTP 503"))
            #expect(read.reason.contains("after 3 attempts"))
            #expect(!read.reason.contains("Bearer"))
            #expect(customer.billing.value != nil)
        }
    }

    @Test func aFailedLookupMakesTheCustomerUnknown() async throws {
        try await ReaderSession.with { session in
            _ = try await session.createCustomer("lookup.onmicrosoft.com")
            _ = try await session.harness.control(
                .PUT,
                "faults",
                json: ["faults": [["route": "^/v1/customers$", "method": "GET", "error500Rate": 1.0]]]
            )
            let live = try await session.read(ReaderSession.desired([ReaderSession.customer("lookup.onmicrosoft.com")]))
            guard case .unknown(let read) = live.customers["lookup.onmicrosoft.com"] else {
                Issue.record("should be unknown: \(String(describing: live.customers))")
                return
            }
            #expect(read.reason.contains("HTTP 500"))
        }
    }

    @Test func withoutAppUserTheAgreementIsUnknownNotGuessed() async throws {
        try await ReaderSession.with { session in
            _ = try await session.createCustomer("appOnly.onmicrosoft.com")
            let live = try await session.read(
                ReaderSession.desired([ReaderSession.customer("apponly.onmicrosoft.com")]),
                appUser: false
            )
            #expect(!live.appUserAvailable)
            guard case .found(let customer) = live.customers["apponly.onmicrosoft.com"],
                case .unknown(let read) = customer.agreement
            else {
                Issue.record("agreement should be unknown: \(String(describing: live.customers))")
                return
            }
            #expect(read.reason.contains("App+User"))
            let counts = try await session.counters()
            #expect(!counts.keys.contains { $0.hasPrefix("GET") && $0.hasSuffix("/agreements") }, "\(counts)")
        }
    }
}
