import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

@Suite("Orders and carts", .tags(.loopback))
struct OrderAndCartTests {
    /// The documented NCE cart request (PascalCase) gets the documented 201 response shape.
    @Test func createCartMatchesDocumentedShape() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "cart.onmicrosoft.com")
            let reply = try await session.send(
                .POST,
                "/v1/customers/\(customer)/carts",
                json: try Fixtures.json("cart-create-nce-request.json")
            )
            #expect(reply.status == 201)
            #expect(
                JSONShape.differences(
                    expected: try Fixtures.json("cart-create-nce-response.json"),
                    actual: try reply.json()
                ) == []
            )
            #expect(reply.object["status"] as? String == "Active")
            let created = try #require(EmulatorJSON.parse(reply.object["creationTimestamp"] as? String ?? ""))
            let expires = try #require(EmulatorJSON.parse(reply.object["expirationTimestamp"] as? String ?? ""))
            #expect(expires.timeIntervalSince(created) == 7 * 24 * 3600)
            #expect(JSONShape.value(reply.object, "lineItems.0.billingCycle") as? String == "monthly")
        }
    }

    @Test func cartWithParticipantsKeepsThem() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "participants.onmicrosoft.com")
            let reply = try await session.send(
                .POST,
                "/v1/customers/\(customer)/carts",
                json: try Fixtures.json("cart-create-participants-request.json")
            )
            #expect(reply.status == 201)
            #expect((JSONShape.value(reply.object, "lineItems.1.participants") as? [Any])?.count == 3)
        }
    }

    @Test func unknownCatalogItemIsRejected() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "badcart.onmicrosoft.com")
            let reply = try await session.send(
                .POST,
                "/v1/customers/\(customer)/carts",
                json: [
                    "lineItems": [
                        [
                            "catalogItemId": "NOPE:0001:NOPE", "quantity": 1, "termDuration": "P1M",
                            "billingCycle": "monthly",
                        ]
                    ]
                ]
            )
            #expect(reply.status == 400)
            #expect(reply.errorCode == 900142)
            let term = try await session.send(
                .POST,
                "/v1/customers/\(customer)/carts",
                json: [
                    "lineItems": [
                        [
                            "catalogItemId": "CFQ7TTC0LH18:0001:CFQ7TTC0K971", "quantity": 1, "termDuration": "P1M",
                            "billingCycle": "annual",
                        ]
                    ]
                ]
            )
            #expect(term.status == 400)
        }
    }

    /// Checkout: 201 with orders and orderErrors; a submitted cart cannot be checked out again (800065);
    /// an expired cart is gone (800008).
    @Test func checkoutOnceThenRefused() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "checkout.onmicrosoft.com")
            try await session.confirmAgreement(customer)
            let cart = try await session.send(
                .POST,
                "/v1/customers/\(customer)/carts",
                json: try Fixtures.json("cart-create-nce-request.json")
            )
            let cartId = try #require(cart.object["id"] as? String)
            let checkout = try await session.send(.POST, "/v1/customers/\(customer)/carts/\(cartId)/checkout")
            #expect(checkout.status == 201)
            #expect(JSONShape.value(checkout.object, "attributes.objectType") as? String == "CartCheckoutResult")
            #expect((checkout.object["orders"] as? [Any])?.count == 1)
            #expect((checkout.object["orderErrors"] as? [Any])?.isEmpty == true)
            let order = try #require(JSONShape.value(checkout.object, "orders.0"))
            // Beyond the documented example: the etag recorded real orders carry (issue 11).
            #expect(
                JSONShape.differences(expected: try Fixtures.json("order-create-nce-response.json"), actual: order)
                    .filter { !$0.contains("partnerIdOnRecord") } == [#"$.attributes: unexpected keys ["etag"]"#]
            )
            let again = try await session.send(.POST, "/v1/customers/\(customer)/carts/\(cartId)/checkout")
            #expect(again.status == 400)
            #expect(again.errorCode == 800065)
            let stale = try await session.send(
                .POST,
                "/v1/customers/\(customer)/carts",
                json: try Fixtures.json("cart-create-nce-request.json")
            )
            try await session.advanceClock(seconds: 7 * 24 * 3600 + 1)
            let expired = try await session.send(
                .POST,
                "/v1/customers/\(customer)/carts/\(stale.object["id"] as? String ?? "")/checkout"
            )
            #expect(expired.status == 404)
            #expect(expired.errorCode == 800008)
        }
    }

    /// Checkout reports a failing order group in orderErrors (here: no MCA acceptance, 13605).
    @Test func checkoutReportsOrderErrors() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "orderror.onmicrosoft.com")
            let cart = try await session.send(
                .POST,
                "/v1/customers/\(customer)/carts",
                json: try Fixtures.json("cart-create-nce-request.json")
            )
            let checkout = try await session.send(
                .POST,
                "/v1/customers/\(customer)/carts/\(cart.object["id"] as? String ?? "")/checkout"
            )
            #expect(checkout.status == 201)
            #expect(JSONShape.value(checkout.object, "orderErrors.0.code") as? Int == 13605)
            #expect(JSONShape.value(checkout.object, "orderErrors.0.orderGroupId") as? String == "0")
        }
    }

    @Test func createOrderMatchesDocumentedShapeAndLists() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "order.onmicrosoft.com")
            try await session.confirmAgreement(customer)
            let reply = try await session.send(
                .POST,
                "/v1/customers/\(customer)/orders",
                json: try Fixtures.json("order-create-nce-request.json")
            )
            #expect(reply.status == 201)
            // Beyond the documented example: the etag recorded real orders carry (issue 11).
            #expect(
                JSONShape.differences(
                    expected: try Fixtures.json("order-create-nce-response.json"),
                    actual: try reply.json()
                ) == [#"$.attributes: unexpected keys ["etag"]"#]
            )
            #expect(reply.object["status"] as? String == "pending")
            #expect(JSONShape.value(reply.object, "lineItems.0.partnerIdOnRecord") as? String == "873452")
            let orderId = try #require(reply.object["id"] as? String)
            let get = try await session.send(.GET, "/v1/customers/\(customer)/orders/\(orderId)")
            #expect(get.object["status"] as? String == "completed")
            #expect(
                (try await session.send(.GET, "/v1/customers/\(customer)/orders?billingType=monthly").object["items"]
                    as? [Any])?.count == 1
            )
            #expect(
                (try await session.send(.GET, "/v1/customers/\(customer)/orders?billingType=one_time").object["items"]
                    as? [Any])?.count == 0
            )
            let status = try await session.send(.GET, "/v1/customers/\(customer)/orders/\(orderId)/provisioningstatus")
            #expect(status.status == 200)
            #expect(try await session.send(.GET, "/v1/customers/\(customer)/orders/nope").status == 404)
        }
    }

    /// Orders can be cancelled only in the integration sandbox (800063 elsewhere).
    @Test func orderCancellationOnlyInSandbox() async throws {
        for sandbox in [false, true] {
            try await TestSession.with(sandbox: sandbox) { (session: TestSession) async throws in
                let customer = try await session.createCustomer(domain: "ordercancel.onmicrosoft.com")
                try await session.confirmAgreement(customer)
                let order = try await session.send(
                    .POST,
                    "/v1/customers/\(customer)/orders",
                    json: try Fixtures.json("order-create-nce-request.json")
                )
                let orderId = order.object["id"] as? String ?? ""
                let reply = try await session.send(
                    .PATCH,
                    "/v1/customers/\(customer)/orders/\(orderId)",
                    json: ["status": "cancelled"]
                )
                if sandbox {
                    #expect(reply.status == 200)
                    #expect(reply.object["status"] as? String == "cancelled")
                } else {
                    #expect(reply.status == 400)
                    #expect(reply.errorCode == 800063)
                }
            }
        }
    }

    /// Seat limit across the customer's subscriptions of one SKU (NCE-24, 800088) and sandbox quotas (800018).
    @Test func seatLimitAndSandboxQuotas() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "seatlimit.onmicrosoft.com")
            try await session.confirmAgreement(customer)
            _ = try await session.purchase(customer, quantity: 250)
            let reply = try await session.send(
                .POST,
                "/v1/customers/\(customer)/orders",
                json: [
                    "billingCycle": "monthly",
                    "lineItems": [
                        [
                            "lineItemNumber": 0, "offerId": "CFQ7TTC0LH18:0001:CFQ7TTC0K971", "quantity": 51,
                            "termDuration": "P1M",
                        ]
                    ],
                ]
            )
            #expect(reply.status == 403)
            #expect(reply.errorCode == 800088)
            #expect((reply.object["description"] as? String)?.contains("remaining limit of 50 seats") == true)
        }
        try await TestSession.with(sandbox: true) { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "sandboxquota.onmicrosoft.com")
            try await session.confirmAgreement(customer)
            let tooMany = try await session.send(
                .POST,
                "/v1/customers/\(customer)/orders",
                json: [
                    "billingCycle": "monthly",
                    "lineItems": [
                        ["offerId": "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ", "quantity": 26, "termDuration": "P1M"]
                    ],
                ]
            )
            #expect(tooMany.errorCode == 800018)
        }
    }
}
