import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

@Suite("Catalog", .tags(.loopback))
struct CatalogTests {
    @Test func productsSkusAndAvailabilitiesMatchDocumentedShapes() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let list = try await session.send(.GET, "/v1/products?country=US&targetView=OnlineServices")
            #expect(list.status == 200)
            let ids = (list.object["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids.contains("CFQ7TTC0LH18"))
            let product = try await session.send(.GET, "/v1/products/CFQ7TTC0LH18?country=US")
            #expect(
                JSONShape.differences(
                    expected: try Fixtures.json("product-nce-response.json"),
                    actual: try product.json()
                ) == []
            )
            #expect(JSONShape.equal(try Fixtures.json("product-nce-response.json"), try product.json()))
            let sku = try await session.send(.GET, "/v1/products/CFQ7TTC0LH18/skus/0001?country=US")
            #expect(
                JSONShape.differences(expected: try Fixtures.json("sku-nce-response.json"), actual: try sku.json())
                    == []
            )
            #expect(sku.object["maximumQuantity"] as? Int == 300)
            let availability = try await session.send(
                .GET,
                "/v1/products/CFQ7TTC0LH18/skus/0001/availabilities/CFQ7TTC0K971?country=US"
            )
            #expect(
                JSONShape.differences(
                    expected: try Fixtures.json("availability-nce-response.json"),
                    actual: try availability.json()
                ) == []
            )
            #expect(availability.object["catalogItemId"] as? String == "CFQ7TTC0LH18:0001:CFQ7TTC0K971")
        }
    }

    @Test func countryAndTargetViewAreRequired() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            #expect(try await session.send(.GET, "/v1/products?targetView=OnlineServices").status == 400)
            #expect(try await session.send(.GET, "/v1/products?country=US").status == 400)
            #expect(try await session.send(.GET, "/v1/products/NOPE?country=US").status == 404)
        }
    }

    @Test func customerScopedCatalogUsesCustomerCountry() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "catalog.onmicrosoft.com")
            let reply = try await session.send(
                .GET,
                "/v1/customers/\(customer)/products/CFQ7TTC0LH18/skus/0001/availabilities"
            )
            #expect(reply.status == 200)
            #expect(JSONShape.value(reply.object, "items.0.country") as? String == "US")
            let products = try await session.send(.GET, "/v1/customers/\(customer)/products?targetView=OnlineServices")
            #expect((products.object["items"] as? [Any])?.isEmpty == false)
        }
    }

    @Test func entitlementsNeedAppUser() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "entitled.onmicrosoft.com")
            #expect(try await session.send(.GET, "/v1/customers/\(customer)/entitlements").status == 403)
            let reply = try await session.send(.GET, "/v1/customers/\(customer)/entitlements", user: true)
            #expect(reply.status == 200)
            #expect(JSONShape.value(reply.object, "attributes.objectType") as? String == "Collection")
        }
    }
}

@Suite("Profiles and agreements", .tags(.loopback))
struct ProfileTests {
    @Test func billingProfileGetMatchesDocumentedShape() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "billing.onmicrosoft.com")
            let reply = try await session.send(.GET, "/v1/customers/\(customer)/profiles/billing")
            #expect(reply.status == 200)
            let expected = try Fixtures.json("billing-profile-get-response.json")
            #expect(JSONShape.differences(expected: expected, actual: try reply.json()) == [])
        }
    }

    /// The update needs the current etag, in If-Match or in attributes.etag (the SDK's way); stale -> 2055.
    @Test func billingProfileUpdateNeedsCurrentEtag() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "etag.onmicrosoft.com")
            let current = try await session.send(.GET, "/v1/customers/\(customer)/profiles/billing").object
            let etag = try #require(JSONShape.value(current, "attributes.etag") as? String)
            var body = try #require(try Fixtures.json("billing-profile-update-request.json") as? [String: Any])
            body["Attributes"] = ["Etag": etag, "ObjectType": "CustomerBillingProfile"]
            let updated = try await session.send(.PUT, "/v1/customers/\(customer)/profiles/billing", json: body)
            #expect(updated.status == 200)
            #expect(
                JSONShape.differences(
                    expected: try Fixtures.json("billing-profile-update-response.json"),
                    actual: try updated.json()
                ) == []
            )
            #expect(JSONShape.value(updated.object, "attributes.etag") as? String != etag)
            let stale = try await session.send(.PUT, "/v1/customers/\(customer)/profiles/billing", json: body)
            #expect(stale.status == 400)
            #expect(stale.errorCode == 2055)
            let newEtag = JSONShape.value(updated.object, "attributes.etag") as? String ?? ""
            body["Attributes"] = nil
            let viaHeader = try await session.send(
                .PUT,
                "/v1/customers/\(customer)/profiles/billing",
                headers: [("If-Match", "\"\(newEtag)\"")],
                json: body
            )
            #expect(viaHeader.status == 200)
        }
    }

    @Test func companyProfileIsAppUserOnly() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "company.onmicrosoft.com")
            #expect(try await session.send(.GET, "/v1/customers/\(customer)/profiles/company").errorCode == 2032)
            let reply = try await session.send(.GET, "/v1/customers/\(customer)/profiles/company", user: true)
            #expect(reply.status == 200)
            #expect(reply.object["domain"] as? String == "company.onmicrosoft.com")
        }
    }

    @Test func usageBudgetAndQualifications() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "budget.onmicrosoft.com")
            let budget = try await session.send(
                .PATCH,
                "/v1/customers/\(customer)/usagebudget",
                json: ["Amount": 100, "Attributes": ["ObjectType": "SpendingBudget"]]
            )
            #expect(budget.status == 200)
            #expect(budget.object["amount"] as? Int == 100)
            #expect(
                try await session.send(.GET, "/v1/customers/\(customer)/usagebudget").object["amount"] as? Int == 100
            )
            #expect(
                try await session.send(
                    .POST,
                    "/v1/customers/\(customer)/qualifications",
                    user: true,
                    json: ["Qualification": "Nonprofit"]
                ).status == 400
            )
            #expect(
                try await session.send(
                    .POST,
                    "/v1/customers/\(customer)/qualifications",
                    user: true,
                    json: ["Qualification": "GovernmentCommunityCloud"]
                ).status == 400
            )
            let education = try await session.send(
                .POST,
                "/v1/customers/\(customer)/qualifications",
                user: true,
                json: ["Qualification": "Education"]
            )
            #expect(education.status == 201)
            #expect(education.object["vettingStatus"] as? String == "InReview")
            let list = try await session.send(.GET, "/v1/customers/\(customer)/qualifications")
            #expect(((try list.json()) as? [[String: Any]])?.first?["qualification"] as? String == "Education")
        }
    }

    /// MCA confirmation: 201 in the documented shape, 409 / 600061 for a duplicate, listed by type.
    @Test func agreementConfirmationAndDuplicate() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "mca.onmicrosoft.com")
            let request = try Fixtures.json("agreement-confirm-request.json")
            let first = try await session.send(.POST, "/v1/customers/\(customer)/agreements", user: true, json: request)
            #expect(first.status == 201)
            #expect(
                JSONShape.differences(
                    expected: try Fixtures.json("agreement-confirm-response.json"),
                    actual: try first.json()
                ) == []
            )
            let duplicate = try await session.send(
                .POST,
                "/v1/customers/\(customer)/agreements",
                user: true,
                json: request
            )
            #expect(duplicate.status == 409)
            #expect(duplicate.errorCode == 600061)
            let list = try await session.send(
                .GET,
                "/v1/customers/\(customer)/agreements?agreementType=MicrosoftCustomerAgreement",
                user: true
            )
            #expect(list.object["totalCount"] as? Int == 1)
            let none = try await session.send(.GET, "/v1/customers/\(customer)/agreements", user: true)
            #expect(none.object["totalCount"] as? Int == 0)
        }
    }

    @Test func verifiedDomainForRegistrars() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let customer = try await session.createCustomer(domain: "verified.onmicrosoft.com")
            let federated: [String: Any] = [
                "VerifiedDomainName": "Example.com",
                "Domain": [
                    "AuthenticationType": "Federated", "Capability": "Email", "Name": "Example.com",
                    "Status": "Verified", "VerificationMethod": "None",
                ],
            ]
            #expect(
                try await session.send(.POST, "/v1/customers/\(customer)/verifieddomain", json: federated).status == 400
            )
            var managed = federated
            managed["Domain"] = [
                "AuthenticationType": "Managed", "Capability": "Email", "Name": "Example.com", "Status": "Verified",
                "VerificationMethod": "None",
            ]
            let reply = try await session.send(.POST, "/v1/customers/\(customer)/verifieddomain", json: managed)
            #expect(reply.status == 201)
            #expect(reply.object["authenticationType"] as? String == "managed")
            #expect(try await session.send(.HEAD, "/v1/domains/example.com").status == 200)
        }
    }
}
