import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

@Suite("Subscriptions and new-commerce rules", .tags(.loopback))
struct SubscriptionTests {
    static let day: TimeInterval = 24 * 3600

    /// Seed 004: subscriptions loaded as documented come back verbatim from `?mpn_id=`.
    @Test func seed004SubscriptionsByPartnerRoundTrip() async throws {
        // The documented response was taken on 2024-06-06 (inside the second subscription's windows).
        let taken = try #require(EmulatorJSON.parse("2024-06-06T12:00:00Z"))
        try await TestSession.with(initialTime: taken) { (session: TestSession) async throws in
            let customerId = "c501c3c4-d776-40ef-9ecf-9cefb59442c1"
            let documented = try Fixtures.json("seed004-response.json")
            try await Self.load(session, customerId: customerId, subscriptions: documented)
            let reply = try await session.send(
                .GET,
                "/v1/customers/\(customerId)/subscriptions?mpn_id=4847383",
                headers: [("MS-RequestId", "f98d0f61-01da-4d27-a923-8ec1e46e7358")]
            )
            #expect(reply.status == 200)
            let actual = try reply.json()
            #expect(JSONShape.differences(expected: documented, actual: actual) == [])
            #expect(JSONShape.equal(documented, actual))
            let other = try await session.send(.GET, "/v1/customers/\(customerId)/subscriptions?mpn_id=1234567")
            #expect(other.object["totalCount"] as? Int == 0)
        }
    }

    /// Loads a customer and the documented subscriptions through the control API (state snapshot + load).
    static func load(_ session: TestSession, customerId: String, subscriptions documented: Any) async throws {
        let id = try await session.createCustomer(domain: "seed004.onmicrosoft.com")
        var state = try #require(try await session.emulator.control(.GET, "state").json() as? [String: Any])
        var customers = try #require(state["customers"] as? [String: Any])
        var customer = try #require(customers[id] as? [String: Any])
        customer["id"] = customerId
        customers = [customerId: customer]
        state["customers"] = customers
        state["customerOrder"] = [customerId]
        let items = try #require((documented as? [String: Any])?["items"] as? [[String: Any]])
        var records: [String: Any] = [:]
        for item in items {
            let subscriptionId = try #require(item["id"] as? String).lowercased()
            records[subscriptionId] = ["customerId": customerId, "resource": item]
        }
        state["subscriptions"] = [customerId: records]
        #expect(try await session.emulator.control(.PUT, "state", json: state).status == 204)
    }

    @Test func purchasedSubscriptionHasDocumentedNewCommerceShape() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "shape-sub.onmicrosoft.com")
            try await session.confirmAgreement(customer)
            let id = try await session.purchase(customer, term: "P1M", billingCycle: "monthly")
            let documented = try #require(JSONShape.value(try Fixtures.json("seed004-response.json"), "items.1"))
            // Beyond seed 004's example: `refundOptions` (every documented example with a term has it) and the etag
            // the recorded real subscriptions carry (issue 11).
            #expect(
                JSONShape.differences(expected: documented, actual: try await session.subscription(customer, id))
                    == [#"$: unexpected keys ["refundOptions"]"#, #"$.attributes: unexpected keys ["etag"]"#]
            )
            let list = try await session.send(.GET, "/v1/customers/\(customer)/subscriptions")
            #expect(Set(list.object.keys) == ["totalCount", "items", "attributes"])
        }
    }

    @Test func newCommercePurchaseNeedsCustomerAgreement() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "nomca.onmicrosoft.com")
            let order = try await session.send(
                .POST,
                "/v1/customers/\(customer)/orders",
                json: try Fixtures.json("order-create-nce-request.json")
            )
            #expect(order.status == 403)
            #expect(order.errorCode == 13605)
        }
    }

    @Test func listByOrderId() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "byorder.onmicrosoft.com")
            try await session.confirmAgreement(customer)
            let first = try await session.purchase(customer)
            _ = try await session.purchase(customer, catalogItemId: "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ")
            let orderId = try #require(try await session.subscription(customer, first)["orderId"] as? String)
            let reply = try await session.send(.GET, "/v1/customers/\(customer)/subscriptions?order_id=\(orderId)")
            let ids = (reply.object["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids == [first])
        }
    }

    /// NCE-19 / INDEX rule 24: seats can be removed only inside their window; afterwards 800090 in the
    /// documented body. Increases work any time and open a new window for the added seats.
    @Test func quantityDecreaseOnlyInsideWindow() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "seats.onmicrosoft.com")
            try await session.confirmAgreement(customer)
            let id = try await session.purchase(customer, quantity: 5)
            #expect(
                JSONShape.value(try await session.subscription(customer, id), "refundableQuantity.totalQuantity")
                    as? Int == 5
            )
            #expect(try await session.patchSubscription(customer, id, ["quantity": 4]).status == 200)
            try await session.advanceClock(seconds: 8 * Self.day)
            let late = try await session.patchSubscription(customer, id, ["quantity": 3])
            #expect(late.status == 400)
            #expect(
                late.object as NSDictionary == [
                    "code": 800090, "description": "Subscription quantity cannot be decreased.", "data": [],
                    "source": "PartnerFD",
                ] as NSDictionary
            )
            #expect(try await session.patchSubscription(customer, id, ["quantity": 7]).status == 200)
            let after = try await session.subscription(customer, id)
            #expect(JSONShape.value(after, "refundableQuantity.totalQuantity") as? Int == 3)
            #expect(try await session.patchSubscription(customer, id, ["quantity": 4]).status == 200)
            #expect(try await session.patchSubscription(customer, id, ["quantity": 3]).status == 400)
        }
    }

    /// Cancellation = PATCH status deleted, only until cancellationAllowedUntilDate (7 days), else 900117.
    @Test func cancellationWindow() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "cancel.onmicrosoft.com")
            try await session.confirmAgreement(customer)
            let early = try await session.purchase(customer)
            let late = try await session.purchase(customer, catalogItemId: "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ")
            let deadline = try #require(
                try await session.subscription(customer, early)["cancellationAllowedUntilDate"] as? String
            )
            #expect(EmulatorJSON.parse(deadline) == TestSession.start.addingTimeInterval(7 * Self.day))
            let cancelled = try await session.patchSubscription(customer, early, ["status": "deleted"])
            #expect(cancelled.status == 200)
            #expect(cancelled.object["status"] as? String == "deleted")
            try await session.advanceClock(seconds: 7 * Self.day + 1)
            let refused = try await session.patchSubscription(customer, late, ["status": "deleted"])
            #expect(refused.status == 400)
            #expect(refused.errorCode == 900117)
            // A deleted subscription cannot be updated (2011).
            let again = try await session.patchSubscription(customer, early, ["friendlyName": "x"])
            #expect(again.errorCode == 2011)
        }
    }

    /// Suspension: quantity changes refused (2001); NCE suspension turns auto-renew off; reactivation works.
    @Test func suspensionRules() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "suspend.onmicrosoft.com")
            try await session.confirmAgreement(customer)
            let id = try await session.purchase(customer)
            let suspended = try await session.patchSubscription(customer, id, ["status": "suspended"])
            #expect(suspended.status == 200)
            #expect(suspended.object["autoRenewEnabled"] as? Bool == false)
            #expect(try await session.patchSubscription(customer, id, ["quantity": 9]).errorCode == 2001)
            #expect(try await session.patchSubscription(customer, id, ["status": "active"]).status == 200)
            #expect(try await session.patchSubscription(customer, id, ["quantity": 9]).status == 200)
        }
    }

    @Test func quantityBoundsAndBillingCycle() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "bounds.onmicrosoft.com")
            try await session.confirmAgreement(customer)
            let id = try await session.purchase(customer)
            #expect(try await session.patchSubscription(customer, id, ["quantity": 301]).errorCode == 2002)
            #expect(try await session.patchSubscription(customer, id, ["billingCycle": "annual"]).errorCode == 2054)
            #expect(
                try await session.patchSubscription(customer, id, ["friendlyName": "Sales team"]).object["friendlyName"]
                    as? String == "Sales team"
            )
        }
    }

    /// Without auto-renew the subscription ends its term expired; with it, it renews into a new term with a
    /// fresh cancellation window and applies scheduled next-term instructions.
    @Test func termEndExpiresOrRenews() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "renew.onmicrosoft.com")
            try await session.confirmAgreement(customer)
            let ending = try await session.purchase(customer, term: "P1M")
            let renewing = try await session.purchase(
                customer,
                catalogItemId: "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ",
                quantity: 3,
                term: "P1M"
            )
            #expect(try await session.patchSubscription(customer, ending, ["autoRenewEnabled": false]).status == 200)
            let next: [String: Any] = [
                "product": [
                    "productId": "CFQ7TTC0LFLS", "skuId": "0002", "availabilityId": "CFQ7TTC0KDLJ",
                    "billingCycle": "monthly", "termDuration": "P1Y",
                ],
                "quantity": 10,
            ]
            #expect(
                try await session.patchSubscription(customer, renewing, ["scheduledNextTermInstructions": next]).status
                    == 200
            )
            try await session.advanceClock(seconds: 32 * Self.day)
            #expect(try await session.subscription(customer, ending)["status"] as? String == "expired")
            let renewed = try await session.subscription(customer, renewing)
            #expect(renewed["status"] as? String == "active")
            #expect(renewed["quantity"] as? Int == 10)
            #expect(renewed["termDuration"] as? String == "P1Y")
            #expect(renewed["effectiveStartDate"] as? String == "2025-02-01T00:00:00Z")
            #expect(JSONShape.value(renewed, "refundableQuantity.totalQuantity") as? Int == 10)
            #expect(try await session.patchSubscription(customer, renewing, ["quantity": 8]).status == 200)
        }
    }

    /// Scheduled changes need auto-renew on (NCE-28).
    @Test func scheduledChangesNeedAutoRenew() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "sched.onmicrosoft.com")
            try await session.confirmAgreement(customer)
            let id = try await session.purchase(customer)
            #expect(try await session.patchSubscription(customer, id, ["autoRenewEnabled": false]).status == 200)
            let next: [String: Any] = [
                "product": [
                    "productId": "CFQ7TTC0LH18", "skuId": "0001", "availabilityId": "CFQ7TTC0K971",
                    "billingCycle": "monthly", "termDuration": "P1Y",
                ],
                "quantity": 3,
            ]
            #expect(
                try await session.patchSubscription(customer, id, ["scheduledNextTermInstructions": next]).errorCode
                    == 800093
            )
        }
    }

    /// Legacy subscriptions (no productType) cannot be cancelled with status deleted; their etag is checked.
    @Test func legacyRulesAndStaleEtag() async throws {
        let taken = try #require(EmulatorJSON.parse("2024-06-06T12:00:00Z"))
        try await TestSession.with(initialTime: taken) { (session: TestSession) async throws in
            let customerId = "c501c3c4-d776-40ef-9ecf-9cefb59442c1"
            try await Self.load(
                session,
                customerId: customerId,
                subscriptions: try Fixtures.json("seed004-response.json")
            )
            let legacy = "aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e"
            #expect(try await session.patchSubscription(customerId, legacy, ["status": "deleted"]).errorCode == 800096)
            var stale = try await session.subscription(customerId, legacy)
            stale["friendlyName"] = "renamed"
            #expect(
                try await session.send(.PATCH, "/v1/customers/\(customerId)/subscriptions/\(legacy)", json: stale)
                    .status == 200
            )
            let reply = try await session.send(
                .PATCH,
                "/v1/customers/\(customerId)/subscriptions/\(legacy)",
                json: stale
            )
            #expect(reply.errorCode == 2055)
        }
    }

    /// The customer changes a subscription in a portal (control API); the partner sees it.
    @Test func portalChangeIsVisible() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "portal.onmicrosoft.com")
            try await session.confirmAgreement(customer)
            let id = try await session.purchase(customer)
            let reply = try await session.emulator.control(
                .PATCH,
                "customers/\(customer)/subscriptions/\(id)",
                json: ["quantity": 42, "autoRenewEnabled": false]
            )
            #expect(reply.status == 200)
            let seen = try await session.subscription(customer, id)
            #expect(seen["quantity"] as? Int == 42)
            #expect(seen["autoRenewEnabled"] as? Bool == false)
        }
    }
}
