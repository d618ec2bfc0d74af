import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

@Suite("Customers", .tags(.loopback))
struct CustomerTests {
    /// Seed 001: the documented create-a-customer request, verbatim, answers the documented response: status 201,
    /// the same keys and types everywhere, and the same values except the generated ones.
    @Test func seed001CreateCustomerRoundTrips() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let reply = try await session.send(
                .POST,
                "/v1/customers",
                headers: [
                    ("MS-RequestId", "94e4e214-6b06-4fb7-96d1-94d559f9b47f"),
                    ("MS-CorrelationId", "aaaa0000-bb11-2222-33cc-444444dddddd"), ("X-Locale", "en-US"),
                ],
                json: try Fixtures.json("seed001-request.json")
            )
            #expect(reply.status == 201)
            #expect(reply.headers["MS-RequestId"].first == "94e4e214-6b06-4fb7-96d1-94d559f9b47f")
            #expect(reply.headers["MS-CorrelationId"].first == "aaaa0000-bb11-2222-33cc-444444dddddd")
            #expect(reply.headers["Content-Type"].first == "application/json; charset=utf-8")
            let expected = try Fixtures.json("seed001-response.json")
            let actual = try reply.json()
            #expect(JSONShape.differences(expected: expected, actual: actual) == [])
            let generated: Set<String> = [
                "id", "commerceId", "companyProfile.tenantId", "billingProfile.id", "billingProfile.attributes.etag",
                "userCredentials.password",
            ]
            for path in Self.leafPaths(expected) where !generated.contains(path) {
                let want = JSONShape.value(expected, path) as Any
                let got = JSONShape.value(actual, path) as Any
                #expect(JSONShape.equal(want, got), "\(path): \(want) != \(got)")
            }
            #expect(
                JSONShape.value(actual, "companyProfile.tenantId") as? String == JSONShape.value(actual, "id")
                    as? String
            )
            #expect((JSONShape.value(actual, "userCredentials.password") as? String)?.isEmpty == false)
        }
    }

    static func leafPaths(_ value: Any, prefix: String = "") -> [String] {
        if let object = value as? [String: Any] {
            return object.keys.sorted().flatMap {
                leafPaths(object[$0] as Any, prefix: prefix.isEmpty ? $0 : "\(prefix).\($0)")
            }
        }
        if let array = value as? [Any] {
            return array.indices.flatMap { leafPaths(array[$0], prefix: "\(prefix).\($0)") }
        }
        return [prefix]
    }

    /// Admin credentials are returned once: never by get or list.
    @Test func adminPasswordOnlyInCreateResponse() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let id = try await session.createCustomer(domain: "once.onmicrosoft.com")
            let get = try await session.send(.GET, "/v1/customers/\(id)")
            #expect(get.status == 200)
            #expect(get.object["userCredentials"] == nil)
            #expect(!get.text.contains("password"))
        }
    }

    @Test func getByIdMatchesDocumentedShape() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let id = try await session.createCustomer(domain: "shape.onmicrosoft.com")
            let reply = try await session.send(.GET, "/v1/customers/\(id)")
            #expect(reply.status == 200)
            let expected = try Fixtures.json("customer-get-response.json")
            #expect(JSONShape.differences(expected: expected, actual: try reply.json()) == [])
            #expect(reply.object["relationshipToPartner"] as? String == "reseller")
        }
    }

    @Test func unknownCustomerIs404InServiceShape() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let reply = try await session.send(.GET, "/v1/customers/00000000-0000-4000-8000-000000000000")
            #expect(reply.status == 404)
            #expect(Set(reply.object.keys) == ["code", "description", "data", "source"])
            #expect(reply.object["source"] as? String == "PartnerFD")
        }
    }

    /// Paging: `size`, then `seekOperation=Next` with the `MS-ContinuationToken` from `links.next`.
    @Test func listPagesWithContinuationToken() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            var created: [String] = []
            for index in 0..<5 {
                created.append(try await session.createCustomer(domain: "page\(index).onmicrosoft.com"))
            }
            let first = try await session.send(.GET, "/v1/customers?size=2")
            #expect(first.status == 200)
            var seen = (first.object["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            var next = JSONShape.value(first.object, "links.next") as? [String: Any]
            while let link = next {
                let token = ((link["headers"] as? [[String: Any]])?.first?["value"] as? String) ?? ""
                let uri = link["uri"] as? String ?? ""
                #expect(uri.contains("seekOperation=Next"))
                let page = try await session.send(.GET, uri, headers: [("MS-ContinuationToken", token)])
                #expect(page.status == 200)
                seen += (page.object["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                next = JSONShape.value(page.object, "links.next") as? [String: Any]
            }
            #expect(seen == created)
        }
    }

    @Test func listMatchesDocumentedShape() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            try await session.createCustomer(domain: "one.onmicrosoft.com")
            try await session.createCustomer(domain: "two.onmicrosoft.com")
            let reply = try await session.send(.GET, "/v1/customers?size=40")
            #expect(reply.status == 200)
            #expect(
                JSONShape.differences(
                    expected: try Fixtures.json("customer-list-response.json"),
                    actual: try reply.json()
                ) == []
            )
            #expect(JSONShape.value(reply.object, "links.self.uri") as? String == "/v1/customers?size=40")
        }
    }

    /// Filter: only starts_with, case-insensitive, on CompanyName or Domain.
    @Test func filterByDomainAndCompanyStartsWith() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            try await session.createCustomer(domain: "contoso.onmicrosoft.com", company: "Contoso Ltd")
            try await session.createCustomer(domain: "fabrikam.onmicrosoft.com", company: "Fabrikam Inc")
            func query(_ filter: String) async throws -> [String] {
                let encoded = filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? filter
                let reply = try await session.send(.GET, "/v1/customers?size=10&filter=\(encoded)")
                #expect(reply.status == 200)
                return (reply.object["items"] as? [[String: Any]] ?? []).compactMap {
                    JSONShape.value($0, "companyProfile.domain") as? String
                }
            }
            #expect(
                try await query(#"{"Field":"Domain","Value":"CONTO","Operator":"starts_with"}"#) == [
                    "contoso.onmicrosoft.com"
                ]
            )
            #expect(
                try await query(#"{"Field":"CompanyName","Value":"fab","Operator":"starts_with"}"#) == [
                    "fabrikam.onmicrosoft.com"
                ]
            )
            let bad = try await session.send(
                .GET,
                "/v1/customers?filter="
                    + (#"{"Field":"Domain","Value":"c","Operator":"contains"}"#.addingPercentEncoding(
                        withAllowedCharacters: .alphanumerics
                    ) ?? "")
            )
            #expect(bad.status == 400)
        }
    }

    /// The domain must be unique: HEAD /v1/domains answers 200 when taken, 404 when free; a second create fails.
    @Test func domainUniquenessAndAvailability() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let free = try await session.send(.HEAD, "/v1/domains/taken.onmicrosoft.com")
            #expect(free.status == 404)
            try await session.createCustomer(domain: "taken.onmicrosoft.com")
            let taken = try await session.send(.HEAD, "/v1/domains/TAKEN.onmicrosoft.com")
            #expect(taken.status == 200)
            #expect(taken.body.isEmpty)
            let again = try await session.send(
                .POST,
                "/v1/customers",
                json: try Self.body(domain: "taken.onmicrosoft.com")
            )
            #expect(again.status == 409)
            #expect(again.object["source"] as? String == "PartnerFD")
        }
    }

    /// default-gdap.md: a new customer gets Microsoft's default GDAP relationship (active, never Global
    /// Administrator) unless the create says `enableGDAPByDefault: false`.
    @Test func defaultGDAPRelationshipFollowsEnableGDAPByDefault() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            func relationships(_ tenant: String) async throws -> [[String: Any]] {
                let filter = "customer/tenantId%20eq%20'\(tenant)'"
                let reply = try await session.emulator.send(
                    .GET,
                    "/graph/v1.0/tenantRelationships/delegatedAdminRelationships?$filter=\(filter)",
                    token: try await session.emulator.developmentToken(graph: true)
                )
                #expect(reply.status == 200)
                return reply.object["value"] as? [[String: Any]] ?? []
            }
            let omitted = try await session.createCustomer(domain: "defaultgdap.onmicrosoft.com")
            let defaults = try await relationships(omitted)
            #expect(defaults.count == 1)
            #expect(defaults.first?["status"] as? String == "active")
            #expect((defaults.first?["displayName"] as? String)?.hasPrefix("Default_") == true)
            let roles = (defaults.first?["accessDetails"] as? [String: Any])?["unifiedRoles"] as? [[String: Any]] ?? []
            #expect(!roles.isEmpty)
            #expect(!roles.contains { $0["roleDefinitionId"] as? String == "62e90394-69f5-4237-9190-012177145e10" })

            var body = try Self.body(domain: "nodefaultgdap.onmicrosoft.com")
            body["EnableGDAPByDefault"] = false
            let created = try await session.send(.POST, "/v1/customers", json: body)
            #expect(created.status == 201)
            let tenant = try #require(created.object["id"] as? String)
            #expect(try await relationships(tenant).isEmpty)
        }
    }

    static func body(
        domain: String,
        country: String = "US",
        state: String = "WA",
        registration: String? = nil
    ) throws -> [String: Any] {
        var request = try Fixtures.json("seed001-request.json") as? [String: Any] ?? [:]
        var company: [String: Any] = ["Domain": domain]
        if let registration { company["OrganizationRegistrationNumber"] = registration }
        request["CompanyProfile"] = company
        var billing = request["BillingProfile"] as? [String: Any] ?? [:]
        var address = billing["DefaultAddress"] as? [String: Any] ?? [:]
        address["Country"] = country
        address["State"] = state
        billing["DefaultAddress"] = address
        request["BillingProfile"] = billing
        return request
    }

    /// organizationRegistrationNumber: required in the listed countries (600049), refused elsewhere (600002).
    @Test func organizationRegistrationNumberRules() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let missing = try await session.send(
                .POST,
                "/v1/customers",
                json: try Self.body(domain: "pl.onmicrosoft.com", country: "PL", state: "")
            )
            #expect(missing.status == 400)
            #expect(missing.errorCode == 600049)
            let unsupported = try await session.send(
                .POST,
                "/v1/customers",
                json: try Self.body(domain: "us.onmicrosoft.com", registration: "123")
            )
            #expect(unsupported.status == 400)
            #expect(unsupported.errorCode == 600002)
        }
    }

    /// A phone number is required only in the eleven countries error 600051 names (Hungary, not Poland).
    @Test func phoneNumberIsRequiredOnlyWhereDocumented() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let hungary = try await session.send(
                .POST,
                "/v1/customers",
                json: try Self.body(domain: "hu.onmicrosoft.com", country: "HU", state: "", registration: "12345678")
            )
            #expect(hungary.status == 400)
            #expect(hungary.errorCode == 600051)
            let poland = try await session.send(
                .POST,
                "/v1/customers",
                json: try Self.body(domain: "pl.onmicrosoft.com", country: "PL", state: "", registration: "5213870274")
            )
            #expect(poland.status == 201)
        }
    }

    /// A valid address is required: an unknown country is refused.
    @Test func addressIsRequiredAndChecked() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let reply = try await session.send(
                .POST,
                "/v1/customers",
                json: try Self.body(domain: "zz.onmicrosoft.com", country: "ZZ")
            )
            #expect(reply.status == 400)
        }
    }

    @Test func validateAddressMatchesDocumentedExamples() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let verified = try await session.send(
                .POST,
                "/v1/validations/address",
                json: try Fixtures.json("address-validation-request.json")
            )
            #expect(verified.status == 200)
            #expect(
                JSONShape.differences(
                    expected: try Fixtures.json("address-validation-verified-response.json"),
                    actual: try verified.json()
                ) == []
            )
            #expect(verified.object["status"] as? String == "VerifiedShippable")
            var partialBody = try Fixtures.json("address-validation-request.json") as? [String: Any] ?? [:]
            partialBody["AddressLine1"] = "Microsoft Way"
            let partial = try await session.send(.POST, "/v1/validations/address", json: partialBody)
            #expect(
                JSONShape.differences(
                    expected: try Fixtures.json("address-validation-streetpartial-response.json"),
                    actual: try partial.json()
                ) == []
            )
            #expect(partial.object["status"] as? String == "StreetPartial")
        }
    }

    /// Customer deletion exists only in the integration sandbox.
    @Test func deleteOnlyInSandbox() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let id = try await session.createCustomer(domain: "keep.onmicrosoft.com")
            let reply = try await session.send(.DELETE, "/v1/customers/\(id)")
            #expect(reply.status == 403)
            #expect(try await session.send(.GET, "/v1/customers/\(id)").status == 200)
        }
        try await TestSession.with(sandbox: true) { (session: TestSession) async throws in
            let id = try await session.createCustomer(domain: "gone.onmicrosoft.com")
            let reply = try await session.send(.DELETE, "/v1/customers/\(id)")
            #expect(reply.status == 204)
            #expect(try await session.send(.GET, "/v1/customers/\(id)").status == 404)
            #expect(try await session.send(.HEAD, "/v1/domains/gone.onmicrosoft.com").status == 404)
        }
    }

    /// Sandbox quota: 75 customers.
    @Test func sandboxCustomerQuota() async throws {
        try await TestSession.with(sandbox: true) { (session: TestSession) async throws in
            for index in 0..<75 { try await session.createCustomer(domain: "q\(index).onmicrosoft.com") }
            let reply = try await session.send(
                .POST,
                "/v1/customers",
                json: try Self.body(domain: "q75.onmicrosoft.com")
            )
            #expect(reply.status == 400)
            #expect(reply.errorCode == 800018)
        }
    }

    /// Removing the reseller relationship needs App+User and every subscription suspended.
    @Test func removeRelationshipRules() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let id = try await session.createCustomer(domain: "leave.onmicrosoft.com")
            try await session.confirmAgreement(id)
            let subscription = try await session.purchase(id)
            let request = try Fixtures.json("customer-remove-relationship-request.json")
            let appOnly = try await session.send(.PATCH, "/v1/customers/\(id)", json: request)
            #expect(appOnly.status == 403)
            let active = try await session.send(.PATCH, "/v1/customers/\(id)", user: true, json: request)
            #expect(active.status == 403)
            #expect(try await session.patchSubscription(id, subscription, ["status": "suspended"]).status == 200)
            let removed = try await session.send(.PATCH, "/v1/customers/\(id)", user: true, json: request)
            #expect(removed.status == 200)
            #expect(
                JSONShape.differences(
                    expected: try Fixtures.json("customer-remove-relationship-response.json"),
                    actual: try removed.json()
                ) == []
            )
            let list = try await session.send(.GET, "/v1/customers")
            #expect((list.object["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func relationshipRequestLinkNeedsAppUser() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            #expect(try await session.send(.GET, "/v1/customers/relationshiprequests").status == 403)
            let reply = try await session.send(.GET, "/v1/customers/relationshiprequests", user: true)
            #expect(reply.status == 200)
            let url = reply.object["url"] as? String ?? ""
            #expect(url.contains("partnerId=\(DevelopmentPartner.partnerId)"))
            #expect(url.contains("DAP=false"))
        }
    }
}
