import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// The development partner as an indirect provider (issue 17 item 4): its resellers (`GET /v1/relationships`),
/// customers created for a reseller (`associatedPartnerId`, App+User), purchases with a partner of record,
/// subscriptions by partner id, the relationship request link for a reseller's customer, and the seeding of
/// resellers through the control API.
@Suite("Indirect resellers (issue 17)", .tags(.loopback))
struct IndirectResellerTests {
    static let fabrikamTenant = "484e548c-f5f3-4528-93a9-c16c6373cb59"
    static let relationshipKeys: Set<String> = [
        "id", "name", "relationshipType", "state", "mpnId", "location", "attributes",
    ]

    /// The documented create-a-customer-for-an-indirect-reseller request, verbatim, answers the documented
    /// response's shape and values (the generated ids, etag and password aside).
    @Test func documentedIndirectCustomerCreationRoundTrips() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let request = try Fixtures.json("indirect-customer-create-request.json")
            let reply = try await session.send(.POST, "/v1/customers", user: true, json: request)
            #expect(reply.status == 201, "\(reply.text)")
            let expected = try Fixtures.json("indirect-customer-create-response.json")
            let actual = try reply.json()
            // Beyond the documented example, as for every created customer (seed 001): the billing profile's self
            // link and the company profile's address and e-mail.
            #expect(
                JSONShape.differences(expected: expected, actual: actual).filter {
                    !$0.hasPrefix("$.billingProfile: unexpected") && !$0.hasPrefix("$.companyProfile: unexpected")
                        && !$0.hasPrefix("$.billingProfile.defaultAddress: unexpected")
                } == []
            )
            #expect(JSONShape.value(actual, "associatedPartnerId") as? String == Self.fabrikamTenant)
            #expect(JSONShape.value(actual, "relationshipToPartner") as? String == "reseller")
            let id = try #require(JSONShape.value(actual, "id") as? String)
            let read = try await session.send(.GET, "/v1/customers/\(id)")
            #expect(read.object["associatedPartnerId"] as? String == Self.fabrikamTenant)
            let relationships = try await session.send(.GET, "/v1/customers/\(id)/relationships")
            #expect(JSONShape.value(relationships.object, "items.0.mpnId") as? String == "5357564")

            // App+User only: the same body with an app-only token is refused before anything is created.
            var again = try #require(request as? [String: Any])
            again["CompanyProfile"] = ["Domain": "appOnly.onmicrosoft.com"]
            let appOnly = try await session.send(.POST, "/v1/customers", json: again)
            #expect(appOnly.status == 403)
            #expect(appOnly.errorCode == 2032)
        }
    }

    /// A reseller without a relationship (800015), an inactive one or the provider itself (800016) is refused;
    /// an MPN id names the reseller as well as its tenant id.
    @Test func customerCreationNeedsAnActiveReseller() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            var body = try #require(try Fixtures.json("indirect-customer-create-request.json") as? [String: Any])
            let cases: [(String, Int, Int)] = [
                ("11111111-2222-4333-8444-555555555555", 404, 800015),
                ("5357563", 400, 800016),
                (DevelopmentPartner.partnerId, 400, 800016),
                (DevelopmentPartner.tenantId, 400, 800016),
            ]
            for (index, (reseller, status, code)) in cases.enumerated() {
                body["CompanyProfile"] = ["Domain": "refused\(index).onmicrosoft.com"]
                body["AssociatedPartnerId"] = reseller
                let reply = try await session.send(.POST, "/v1/customers", user: true, json: body)
                #expect(reply.status == status, "\(reseller)")
                #expect(reply.errorCode == code, "\(reseller)")
            }
            body["CompanyProfile"] = ["Domain": "bympn.onmicrosoft.com"]
            body["AssociatedPartnerId"] = "873452"
            let byMPN = try await session.send(.POST, "/v1/customers", user: true, json: body)
            #expect(byMPN.status == 201)
            #expect(byMPN.object["associatedPartnerId"] as? String == "6e1d3f0a-8b2c-4d5e-9f60-7a8b9c0d1e21")
            let customers = try await session.send(.GET, "/v1/customers")
            #expect(customers.object["totalCount"] as? Int == 1)
        }
    }

    @Test func relationshipsListTheProvidersResellers() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            for type in ["IsIndirectCloudSolutionProviderOf", "is_indirect_cloud_solution_provider_of"] {
                let reply = try await session.send(.GET, "/v1/relationships?relationship_type=\(type)")
                #expect(reply.status == 200)
                #expect(JSONShape.value(reply.object, "attributes.objectType") as? String == "Collection")
                let items = try #require(reply.object["items"] as? [[String: Any]])
                #expect(items.count == 5)
                #expect(reply.object["totalCount"] as? Int == 5)
                for item in items {
                    #expect(Set(item.keys) == Self.relationshipKeys)
                    #expect(item["relationshipType"] as? String == "is_indirect_cloud_solution_provider_of")
                    #expect(JSONShape.value(item, "attributes.objectType") as? String == "PartnerRelationship")
                }
                let states = Dictionary(uniqueKeysWithValues: items.map { ($0["mpnId"] as? String ?? "", $0["state"]) })
                #expect(states["5357564"] as? String == "active")
                #expect(states["5357563"] as? String == "inactive")
            }
            let providers = try await session.send(.GET, "/v1/relationships?relationship_type=IsIndirectResellerOf")
            #expect(providers.object["totalCount"] as? Int == 0)
            let missing = try await session.send(.GET, "/v1/relationships")
            #expect(missing.status == 400)
            #expect(missing.errorCode == 3000)
        }
    }

    /// The documented relationship request answers its documented shape; `indirectResellerId` makes the link for a
    /// customer of that reseller, refused for a reseller that is not active.
    @Test func relationshipRequestLinkForAResellersCustomer() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let plain = try await session.send(.GET, "/v1/customers/relationshiprequests", user: true)
            #expect(plain.status == 200)
            let documented = try Fixtures.json("relationship-request-response.json")
            #expect(JSONShape.differences(expected: documented, actual: try plain.json()) == [])
            let reply = try await session.send(
                .GET,
                "/v1/customers/relationshiprequests?indirectResellerId=\(Self.fabrikamTenant)",
                user: true
            )
            #expect(reply.status == 200)
            #expect(JSONShape.differences(expected: documented, actual: try reply.json()) == [])
            let url = try #require(reply.object["url"] as? String)
            #expect(url.hasPrefix("https://admin.microsoft.com/Adminportal/Home?invType=IndirectResellerRelationship"))
            #expect(url.contains("partnerId=\(Self.fabrikamTenant)"))
            #expect(url.contains("indirectCSPId=\(DevelopmentPartner.tenantId)"))
            let inactive = try await session.send(
                .GET,
                "/v1/customers/relationshiprequests?indirectResellerId=5357563",
                user: true
            )
            #expect(inactive.errorCode == 800016)
            let appOnly = try await session.send(
                .GET,
                "/v1/customers/relationshiprequests?indirectResellerId=5357564"
            )
            #expect(appOnly.status == 403)
        }
    }

    /// The partner of record of a cart line (`transaction_reseller`) or an order line (`partnerIdOnRecord`) is an
    /// active reseller's MPN id, never the provider's; subscriptions are then listed by it (`?mpn_id=`).
    @Test func purchaseWithPartnerOfRecordAndListByPartner() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "indirectbuy.onmicrosoft.com")
            try await session.confirmAgreement(customer)
            func cart(_ reseller: String) async throws -> EmulatorHarness.Reply {
                try await session.send(
                    .POST,
                    "/v1/customers/\(customer)/carts",
                    json: [
                        "lineItems": [
                            [
                                "catalogItemId": "CFQ7TTC0LH18:0001:CFQ7TTC0K971", "quantity": 3, "termDuration": "P1Y",
                                "billingCycle": "monthly",
                                "participants": [["key": "transaction_reseller", "value": reseller]],
                            ]
                        ]
                    ]
                )
            }
            for (reseller, code) in [
                (DevelopmentPartner.partnerId, 800016), ("5357563", 800016), ("7777777", 800015),
                (Self.fabrikamTenant, 3000),
            ] {
                #expect(try await cart(reseller).errorCode == code, "\(reseller)")
            }
            let accepted = try await cart("5357564")
            #expect(accepted.status == 201)
            let cartId = try #require(accepted.object["id"] as? String)
            let checkout = try await session.send(.POST, "/v1/customers/\(customer)/carts/\(cartId)/checkout")
            #expect(JSONShape.value(checkout.object, "orders.0.lineItems.0.partnerIdOnRecord") as? String == "5357564")
            let order = try await session.send(
                .POST,
                "/v1/customers/\(customer)/orders",
                json: [
                    "billingCycle": "monthly",
                    "lineItems": [
                        [
                            "offerId": "CFQ7TTC0LH18:0001:CFQ7TTC0K971", "quantity": 1, "lineItemNumber": 0,
                            "termDuration": "P1Y", "PartnerIdOnRecord": DevelopmentPartner.partnerId,
                        ]
                    ],
                ]
            )
            #expect(order.errorCode == 800016)
            let byPartner = try await session.send(.GET, "/v1/customers/\(customer)/subscriptions?mpn_id=5357564")
            #expect(byPartner.object["totalCount"] as? Int == 1)
            #expect(JSONShape.value(byPartner.object, "items.0.partnerId") as? String == "5357564")
            let other = try await session.send(.GET, "/v1/customers/\(customer)/subscriptions?mpn_id=873452")
            #expect(other.object["totalCount"] as? Int == 0)
            let malformed = try await session.send(.GET, "/v1/customers/\(customer)/subscriptions?mpn_id=abc")
            #expect(malformed.status == 400)
        }
    }

    /// Resellers are seeded through the control API (and so through the state): a new list replaces the old one,
    /// a malformed one is refused with the reason.
    @Test func resellersAreSeededThroughTheControlAPI() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let reseller: [String: Any] = [
                "tenantId": "0f0e0d0c-0b0a-4909-8807-060504030201", "mpnId": "9900112", "name": "Seeded Reseller",
                "location": "JP", "state": "active",
            ]
            let put = try await session.emulator.control(.PUT, "resellers", json: ["resellers": [reseller]])
            #expect(put.status == 200)
            let list = try await session.send(
                .GET,
                "/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf"
            )
            #expect(list.object["totalCount"] as? Int == 1)
            #expect(JSONShape.value(list.object, "items.0.mpnId") as? String == "9900112")
            var bad = reseller
            bad["mpnId"] = "12ab"
            let refused = try await session.emulator.control(.PUT, "resellers", json: ["resellers": [bad]])
            #expect(refused.status == 400)
            #expect(refused.text.contains("mpnId"))
            let state = try #require(try await session.emulator.control(.GET, "state").json() as? [String: Any])
            #expect((state["indirectResellers"] as? [Any])?.count == 1)
        }
    }
}
