import AsyncHTTPClient
import Foundation
import NIOHTTP1
import PartnerCenterClient
import PartnerCenterEmulator
import PartnerCenterTestSupport
import PartnerCenterWire
import Testing

/// The emulator's remaining gaps against the real service (issue 11, "Emulator"), each driven over loopback HTTP:
/// generated request ids, Graph error dates, the MPN profile, refund options and etags of new-commerce
/// subscriptions and orders, deterministic answers, GDAP error codes and `$count`, and the unset usage budget as
/// the client reads it.
@Suite("Emulator fidelity (issue 11)", .tags(.loopback)) struct EmulatorFidelityTests {
    static let zeroGUID = "00000000-0000-0000-0000-000000000000"
    /// The test configuration's clock (EmulatorHarness.testConfiguration / TestSession: 2025-01-01T00:00:00Z).
    static let start = "2025-01-01T00:00:00Z"

    static func isGUID(_ text: String?) -> Bool {
        guard let text, let uuid = UUID(uuidString: text) else { return false }
        return uuid.uuidString.lowercased() == text.lowercased() && text != zeroGUID
    }

    static func innerError(_ reply: EmulatorHarness.Reply) throws -> [String: Any] {
        let object = try #require(try reply.json() as? [String: Any])
        let error = try #require(object["error"] as? [String: Any])
        return try #require(error["innerError"] as? [String: Any])
    }

    // MARK: 1. Graph request ids and error dates

    @Test func graphGeneratesARequestIdPerRequestAndPutsItInTheErrorBody() async throws {
        try await GraphSession.with { graph in
            let path = "/graph/v1.0/tenantRelationships/delegatedAdminRelationships/unknown-relationship"
            let first = try await graph.harness.send(.GET, path, token: graph.token)
            let second = try await graph.harness.send(.GET, path, token: graph.token)
            #expect(first.status == 404)
            let id = first.headers["request-id"].first
            #expect(Self.isGUID(id), "request-id \(id ?? "none")")
            #expect(Self.isGUID(second.headers["request-id"].first))
            #expect(id != second.headers["request-id"].first)
            // Without a client id, Graph repeats its own as client-request-id.
            #expect(first.headers["client-request-id"].first == id)
            let inner = try Self.innerError(first)
            #expect(inner["request-id"] as? String == id)
            #expect(inner["client-request-id"] as? String == id)
            #expect(inner["date"] as? String == Self.start)

            // The client's id is echoed, in the headers and in the body.
            let mine = "3f2c9a6e-1b7d-4c55-9e0a-6d1f2b3c4d5e"
            let echoed = try await graph.harness.send(
                .GET,
                path,
                token: graph.token,
                headers: [("client-request-id", mine)]
            )
            #expect(echoed.headers["request-id"].first == mine)
            #expect(echoed.headers["client-request-id"].first == mine)
            #expect(try Self.innerError(echoed)["request-id"] as? String == mine)
            #expect(try Self.innerError(echoed)["client-request-id"] as? String == mine)

            // The date is the request's time on the emulator clock.
            try await graph.advanceClock(seconds: 90)
            let later = try await graph.harness.send(.GET, path, token: graph.token)
            #expect(try Self.innerError(later)["date"] as? String == "2025-01-01T00:01:30Z")
        }
    }

    @Test func graphUnauthenticatedErrorIsDatedWithTheRequestNot1970() async throws {
        try await EmulatorHarness.with { harness in
            let reply = try await harness.send(.GET, "/graph/v1.0/tenantRelationships/delegatedAdminRelationships")
            #expect(reply.status == 401)
            let inner = try Self.innerError(reply)
            #expect(inner["date"] as? String == Self.start)
            #expect(Self.isGUID(inner["request-id"] as? String))
            #expect(inner["request-id"] as? String == reply.headers["request-id"].first)
        }
    }

    // MARK: 2. Partner Center request and correlation ids

    @Test func partnerCenterGeneratesRequestAndCorrelationIdsWhenTheClientSendsNone() async throws {
        try await TestSession.with { session in
            let first = try await session.send(.GET, "/v1/customers")
            let second = try await session.send(.GET, "/v1/customers/not-a-customer")
            for reply in [first, second] {
                #expect(Self.isGUID(reply.headers["MS-RequestId"].first), "\(reply.headers)")
                #expect(Self.isGUID(reply.headers["MS-CorrelationId"].first), "\(reply.headers)")
                #expect(reply.headers["MS-RequestId"].first != reply.headers["MS-CorrelationId"].first)
            }
            #expect(first.headers["MS-RequestId"].first != second.headers["MS-RequestId"].first)
            #expect(first.headers["MS-CorrelationId"].first != second.headers["MS-CorrelationId"].first)

            let sent = try await session.send(
                .GET,
                "/v1/customers",
                headers: [
                    ("MS-RequestId", "5a1b2c3d-0000-4000-8000-000000000001"),
                    ("MS-CorrelationId", "5a1b2c3d-0000-4000-8000-000000000002"),
                ]
            )
            #expect(sent.headers["MS-RequestId"].first == "5a1b2c3d-0000-4000-8000-000000000001")
            #expect(sent.headers["MS-CorrelationId"].first == "5a1b2c3d-0000-4000-8000-000000000002")
        }
    }

    // MARK: 3. MPN profile

    @Test func mpnProfileOfTheSignedInPartnerHasTheDocumentedShape() async throws {
        try await TestSession.with { session in
            let reply = try await session.send(.GET, "/v1/profiles/mpn", user: true)
            #expect(reply.status == 200, "\(reply.text)")
            let body = try #require(try reply.json() as? [String: Any])
            let documented = try Fixtures.json("mpn-profile-response.json")
            #expect(JSONShape.differences(expected: documented, actual: body) == [])
            #expect(body["mpnId"] as? String == DevelopmentPartner.partnerId)
            #expect(body["partnerName"] as? String == DevelopmentPartner.companyName)
            #expect(body["profileType"] as? String == "MpnProfile")
            #expect(JSONShape.value(body, "links.self.uri") as? String == "/profiles/mpn")
            #expect(JSONShape.value(body, "attributes.objectType") as? String == "MpnProfile")
        }
    }

    @Test func mpnProfileByMpnIdVerifiesAPartnerAndAnswersTheDocumented404() async throws {
        try await TestSession.with { session in
            let own = try await session.send(.GET, "/v1/profiles/mpn?mpnId=\(DevelopmentPartner.partnerId)", user: true)
            #expect(own.status == 200)
            #expect((try own.json() as? [String: Any])?["partnerName"] as? String == DevelopmentPartner.companyName)

            let other = try await session.send(.GET, "/v1/profiles/mpn?MpnId=4391507", user: true)
            #expect(other.status == 200, "\(other.text)")
            let body = try #require(try other.json() as? [String: Any])
            #expect(body["mpnId"] as? String == "4391507")
            #expect(body["partnerName"] as? String == "Microsoft Partner")
            #expect(JSONShape.value(body, "links.self.uri") as? String == "/profiles/mpn?mpnId=4391507")

            let unknown = try await session.send(.GET, "/v1/profiles/mpn?mpnId=9999999", user: true)
            #expect(unknown.status == 404)
            #expect(JSONShape.equal(try unknown.json(), try Fixtures.json("mpn-profile-not-found-response.json")))

            // "This scenario supports authentication with App+User credentials only."
            let appOnly = try await session.send(.GET, "/v1/profiles/mpn")
            #expect(appOnly.status == 403)
            #expect(appOnly.errorCode == 2032)
        }
    }

    // MARK: 4. refundOptions and etags

    static func decodedETag(_ etag: Any?) -> [String: Any]? {
        guard let text = etag as? String, let data = Data(base64Encoded: text) else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    @Test func newCommerceSubscriptionsCarryRefundOptionsAndEtagsAndAStaleEtagOverwritesNothing() async throws {
        try await TestSession.with { session in
            let customer = try await session.createCustomer(domain: "refunds.onmicrosoft.com")
            try await session.confirmAgreement(customer)
            let id = try await session.purchase(customer, quantity: 5)
            let bought = try await session.subscription(customer, id)

            let deadline = try #require(bought["cancellationAllowedUntilDate"] as? String)
            #expect(deadline == "2025-01-08T00:00:00Z")
            let refunds = try #require(bought["refundOptions"] as? [[String: Any]])
            #expect(refunds.count == 1)
            #expect(refunds.first?["type"] as? String == "Full")
            #expect(refunds.first?["expiresAt"] as? String == deadline)

            let etag = JSONShape.value(bought, "attributes.etag")
            let version = try #require(Self.decodedETag(etag))
            #expect(version["id"] as? String == id)
            #expect(version["version"] as? Int == 1)

            let orderId = try #require(bought["orderId"] as? String)
            let order = try await session.send(.GET, "/v1/customers/\(customer)/orders/\(orderId)")
            let orderVersion = Self.decodedETag(JSONShape.value(try order.json(), "attributes.etag"))
            #expect(orderVersion?["id"] as? String == orderId)
            #expect(orderVersion?["version"] as? Int == 1)

            // A change moves the etag.
            let renamed = try await session.patchSubscription(customer, id, ["friendlyName": "Renamed"])
            #expect(renamed.status == 200, "\(renamed.text)")
            let renamedETag = JSONShape.value(try renamed.json(), "attributes.etag") as? String
            #expect(renamedETag != nil && renamedETag != etag as? String)

            // A portal change moves it too; a PATCH with the etag read before it is refused and overwrites nothing.
            let portal = try await session.emulator.control(
                .PATCH,
                "customers/\(customer)/subscriptions/\(id)",
                json: ["quantity": 42]
            )
            #expect(portal.status == 200)
            var stale = try #require(try renamed.json() as? [String: Any])
            stale["quantity"] = 7
            let refused = try await session.send(
                .PATCH,
                "/v1/customers/\(customer)/subscriptions/\(id)",
                headers: [("If-Match", renamedETag ?? "")],
                json: stale
            )
            #expect(refused.errorCode == 2055, "\(refused.text)")
            #expect(try await session.subscription(customer, id)["quantity"] as? Int == 42)

            // A renewal opens a new cancellation window, and the refund option follows it.
            try await session.advanceClock(seconds: 400 * 24 * 3600)
            let renewed = try await session.subscription(customer, id)
            let newDeadline = try #require(renewed["cancellationAllowedUntilDate"] as? String)
            #expect(newDeadline != deadline)
            #expect(
                (renewed["refundOptions"] as? [[String: Any]])?.first?["expiresAt"] as? String == newDeadline
            )
        }
    }

    @Test func cancellingASandboxOrderMovesTheEtagsOfTheOrderAndItsSubscriptions() async throws {
        try await TestSession.with(sandbox: true) { session in
            let customer = try await session.createCustomer(domain: "cancelled.onmicrosoft.com")
            try await session.confirmAgreement(customer)
            let id = try await session.purchase(customer)
            let before = try await session.subscription(customer, id)
            let orderId = try #require(before["orderId"] as? String)
            let order = try await session.send(.GET, "/v1/customers/\(customer)/orders/\(orderId)")
            let cancelled = try await session.send(
                .PATCH,
                "/v1/customers/\(customer)/orders/\(orderId)",
                json: ["status": "cancelled"]
            )
            #expect(cancelled.status == 200, "\(cancelled.text)")
            let orderETag = JSONShape.value(try cancelled.json(), "attributes.etag") as? String
            #expect(orderETag != nil)
            #expect(orderETag != JSONShape.value(try order.json(), "attributes.etag") as? String)
            let after = try await session.subscription(customer, id)
            #expect(after["status"] as? String == "deleted")
            #expect(
                JSONShape.value(after, "attributes.etag") as? String
                    != JSONShape.value(before, "attributes.etag") as? String
            )
        }
    }

    // MARK: 5. Deterministic answers

    /// The member names of the object at `path` (dotted, numeric indexes) in the order the answer wrote them (a
    /// small parser: Foundation's and the emulator's own JSON readers keep no member order).
    static func memberOrder(_ body: Data, _ path: String) throws -> [String] {
        var reader = OrderedJSONReader(bytes: Array(body))
        var current = try reader.value()
        for part in path.split(separator: ".") {
            switch current {
            case .array(let items):
                guard let index = Int(part), index < items.count else { return [] }
                current = items[index]
            case .object(let members):
                guard let value = members.first(where: { $0.0 == String(part) })?.1 else { return [] }
                current = value
            case .scalar:
                return []
            }
        }
        if case .object(let members) = current { return members.map(\.0) }
        return []
    }

    /// The orders the references show (partner-center/*.md): a new-commerce order's links, its lines' catalog
    /// links, a subscription's, a product's and a SKU's, and a collection's `self, next`. A dictionary's own order
    /// changes with the process's hash seed, so before the fix these came out in an order that differed from one
    /// emulator process to the next.
    @Test func linksAreWrittenInTheDocumentedOrder() async throws {
        try await TestSession.with { session in
            let customer = try await session.createCustomer(domain: "links.onmicrosoft.com")
            _ = try await session.createCustomer(domain: "links2.onmicrosoft.com")
            try await session.confirmAgreement(customer)
            let id = try await session.purchase(customer)
            let subscription = try await session.send(.GET, "/v1/customers/\(customer)/subscriptions/\(id)")
            #expect(try Self.memberOrder(subscription.body, "links") == ["product", "sku", "availability", "self"])
            let orderId = try #require((try subscription.json() as? [String: Any])?["orderId"] as? String)
            let order = try await session.send(.GET, "/v1/customers/\(customer)/orders/\(orderId)")
            #expect(try Self.memberOrder(order.body, "links") == ["self", "provisioningStatus", "patchOperation"])
            #expect(try Self.memberOrder(order.body, "lineItems.0.links") == ["product", "sku", "availability"])
            #expect(try Self.memberOrder(order.body, "attributes") == ["etag", "objectType"])
            let page = try await session.send(.GET, "/v1/customers?size=1")
            #expect(try Self.memberOrder(page.body, "links") == ["self", "next"])
            let product = try await session.send(.GET, "/v1/products/CFQ7TTC0LH18?country=US")
            #expect(try Self.memberOrder(product.body, "links") == ["skus", "self"])
            let sku = try await session.send(.GET, "/v1/products/CFQ7TTC0LH18/skus/0001?country=US")
            #expect(try Self.memberOrder(sku.body, "links") == ["availabilities", "self"])
        }
    }

    /// One request of the script below and what came back: status, the generated ids, the body.
    static func transcript(_ harness: EmulatorHarness) async throws -> [String] {
        let app = try await harness.developmentToken()
        let user = try await harness.developmentToken(appUser: true)
        let graph = try await harness.developmentToken(graph: true)
        var lines: [String] = []
        func record(_ method: HTTPMethod, _ path: String, token: String, json: Any? = nil) async throws -> Any? {
            let reply =
                if let json {
                    try await harness.send(method, path, token: token, json: json)
                } else {
                    try await harness.send(method, path, token: token)
                }
            let ids = ["MS-RequestId", "MS-CorrelationId", "request-id", "client-request-id"]
                .map { "\($0)=\(reply.headers[$0].first ?? "")" }
            // Each emulator listens on its own port, which Graph's `@odata.context` names: the only difference.
            let body = reply.text.replacingOccurrences(of: harness.baseURL, with: "http://emulator")
            lines.append("\(method) \(path) \(reply.status) \(ids.joined(separator: " "))\n\(body)")
            return try? reply.json()
        }
        let customerBody: [String: Any] = [
            "CompanyProfile": ["Domain": "bytes.onmicrosoft.com"],
            "BillingProfile": [
                "Culture": "EN-US", "Email": "gena@wingtiptoys.com", "Language": "en", "CompanyName": "Wingtip Toys",
                "DefaultAddress": [
                    "FirstName": "Gena", "LastName": "Soto", "AddressLine1": "One Microsoft Way", "City": "Redmond",
                    "State": "WA", "PostalCode": "98052", "Country": "US",
                ],
            ],
        ]
        let created = try await record(.POST, "/v1/customers", token: app, json: customerBody)
        let customer = try #require((created as? [String: Any])?["id"] as? String)
        _ = try await record(
            .POST,
            "/v1/customers/\(customer)/agreements",
            token: user,
            json: try Fixtures.json("agreement-confirm-request.json")
        )
        let line: [String: Any] = [
            "catalogItemId": "CFQ7TTC0LH18:0001:CFQ7TTC0K971", "quantity": 3, "termDuration": "P1Y",
            "billingCycle": "monthly",
        ]
        let cart = try await record(.POST, "/v1/customers/\(customer)/carts", token: app, json: ["lineItems": [line]])
        let cartId = try #require((cart as? [String: Any])?["id"] as? String)
        let checkout = try #require(
            try await record(.POST, "/v1/customers/\(customer)/carts/\(cartId)/checkout", token: app)
        )
        let orderId = try #require(JSONShape.value(checkout, "orders.0.id") as? String)
        let subscriptionId = try #require(JSONShape.value(checkout, "orders.0.lineItems.0.subscriptionId") as? String)
        _ = try await record(.GET, "/v1/customers/\(customer)/orders/\(orderId)", token: app)
        _ = try await record(.GET, "/v1/customers/\(customer)/subscriptions/\(subscriptionId)", token: app)
        _ = try await record(.GET, "/v1/customers/\(customer)/subscriptions", token: app)
        _ = try await record(.GET, "/v1/customers?size=1", token: app)
        _ = try await record(.GET, "/v1/customers/\(customer)/usagebudget", token: app)
        _ = try await record(.GET, "/v1/products/CFQ7TTC0LH18?country=US", token: app)
        _ = try await record(.GET, "/v1/products/CFQ7TTC0LH18/skus/0001?country=US", token: app)
        _ = try await record(.GET, "/v1/profiles/mpn", token: user)
        _ = try await record(.GET, "/v1/customers/not-a-customer", token: app)
        let root = "/graph/v1.0/tenantRelationships/delegatedAdminRelationships"
        _ = try await record(.GET, root, token: graph)
        let relationship = try await record(
            .POST,
            root,
            token: graph,
            json: [
                "displayName": "Bytes relationship", "duration": "P730D", "customer": ["tenantId": customer],
                "accessDetails": ["unifiedRoles": [["roleDefinitionId": GraphRoles.exchange]]],
            ]
        )
        let relationshipId = try #require((relationship as? [String: Any])?["id"] as? String)
        _ = try await record(.GET, "\(root)/\(relationshipId)", token: graph)
        _ = try await record(.GET, "\(root)/unknown", token: graph)
        _ = try await record(.GET, "\(root)/$count", token: graph)
        return lines
    }

    @Test func twoFreshEmulatorsWithTheSameSeedGiveByteIdenticalAnswers() async throws {
        let first = try await EmulatorHarness.with { try await Self.transcript($0) }
        let second = try await EmulatorHarness.with { try await Self.transcript($0) }
        #expect(first.count == second.count)
        for (left, right) in zip(first, second) {
            #expect(left == right)
        }
        // The script did what it says: a new-commerce order, a Graph relationship, errors with ids.
        #expect(first.contains { $0.contains("\"provisioningStatus\"") })
        #expect(
            first.contains {
                $0.hasPrefix("GET /graph/v1.0/tenantRelationships/delegatedAdminRelationships/unknown 404")
            }
        )
    }

    // MARK: 6. GDAP errors, $count, customer display name

    @Test func gdapErrorsUseTheDocumentedGraphCodes() async throws {
        try await GraphSession.with { graph in
            let missing = try await graph.send(.GET, "delegatedAdminRelationships/not-there")
            #expect(missing.status == 404)
            #expect(missing.errorCode == "itemNotFound")

            let active = try await graph.activeRelationship(name: "Codes relationship")
            let noAssignment = try await graph.send(
                .GET,
                "delegatedAdminRelationships/\(active.id)/accessAssignments/not-there"
            )
            #expect(noAssignment.status == 404)
            #expect(noAssignment.errorCode == "itemNotFound")
            let noOperation = try await graph.send(.GET, "delegatedAdminRelationships/\(active.id)/operations/none")
            #expect(noOperation.errorCode == "itemNotFound")

            let stale = try await graph.send(
                .PATCH,
                "delegatedAdminRelationships/\(active.id)",
                headers: [("If-Match", #"W/"c3RhbGU=""#)],
                body: #"{"autoExtendDuration":"P180D"}"#
            )
            #expect(stale.status == 412)
            #expect(stale.errorCode == "resourceModified")
            #expect(stale["error"]?["innerError"]?["code"]?.stringValue == "entityTagDoesNotMatch")
        }
    }

    @Test func countSegmentCountsTheCollectionInsteadOfBeingReadAsAnId() async throws {
        try await GraphSession.with { graph in
            let created = try await graph.createRelationship(name: "Counted one")
            _ = try await graph.createRelationship(name: "Counted two")
            let root = "/graph/v1.0/tenantRelationships/delegatedAdminRelationships"
            let all = try await graph.harness.send(.GET, "\(root)/$count", token: graph.token)
            #expect(all.status == 200, "\(all.text)")
            #expect(all.text == "2")
            #expect(all.headers["Content-Type"].first?.hasPrefix("text/plain") == true)
            let filtered = try await graph.harness.send(
                .GET,
                "\(root)/$count?$filter=displayName%20eq%20'Counted%20one'",
                token: graph.token
            )
            #expect(filtered.text == "1")
            let requests = try await graph.harness.send(
                .GET,
                "\(root)/\(created.id)/requests/$count",
                token: graph.token
            )
            #expect(requests.text == "0")
            let post = try await graph.harness.send(.POST, "\(root)/$count", token: graph.token, body: Data("{}".utf8))
            #expect(post.status == 405)
        }
    }

    @Test func partnerCreatedRelationshipCarriesTheCustomersDisplayName() async throws {
        try await TestSession.with { session in
            let customer = try await session.createCustomer(domain: "named.onmicrosoft.com", company: "Named Toys")
            let token = try await session.emulator.developmentToken(graph: true)
            let graph = GraphSession(harness: session.emulator, token: token)
            let created = try await graph.createRelationship(name: "Named relationship", customer: customer)
            #expect(created.status == 201)
            #expect(created["customer"]?["displayName"]?.stringValue == "Named Toys")
            let read = try await graph.send(.GET, "delegatedAdminRelationships/\(created.id)")
            #expect(read["customer"]?["displayName"]?.stringValue == "Named Toys")
            #expect(read["customer"]?["tenantId"]?.stringValue == customer)
        }
    }

    // MARK: 7. The usage budget that was never set

    /// The decision (ProfilesController.getBudget): 200 with no amount, not 404. The real client reads that as
    /// "no budget", and a budget set afterwards as its amount.
    @Test func unsetUsageBudgetIsAnAmountlessBudgetForTheEmulatorAndTheClient() async throws {
        try await TestSession.with { session in
            let customer = try await session.createCustomer(domain: "budget.onmicrosoft.com")
            let raw = try await session.send(.GET, "/v1/customers/\(customer)/usagebudget")
            #expect(raw.status == 200)
            let body = try #require(try raw.json() as? [String: Any])
            #expect(body["amount"] == nil)
            #expect(JSONShape.value(body, "attributes.objectType") as? String == "SpendingBudget")

            let transport = AsyncHTTPClientTransport(timeout: .seconds(30))
            let configuration = PartnerCenterClientConfiguration(
                endpoints: .custom(try #require(URL(string: session.emulator.baseURL))),
                credentials: .developmentPartner(),
                retryPolicy: .exponentialBackoff(
                    maxAttempts: 2,
                    baseDelay: .milliseconds(1),
                    maxDelay: .milliseconds(2),
                    jitter: 0,
                    maxRetryAfter: .milliseconds(2)
                ),
                rateBudget: .init(requestsPerMinute: [:]),
                maxConcurrentRequests: 2,
                wallClock: { TestSession.start }
            )
            let client = PartnerCenterClient(configuration: configuration, transport: transport)
            do {
                let unset = try await client.getSpendingBudget(customer)
                #expect(unset.amount == nil)
                let set = try await session.send(.PATCH, "/v1/customers/\(customer)/usagebudget", json: ["amount": 250])
                #expect(set.status == 200)
                #expect(try await client.getSpendingBudget(customer).amount != nil)
            } catch {
                try? await transport.shutdown()
                throw error
            }
            try await transport.shutdown()
        }
    }
}

/// JSON with object members in document order, for checking the order an answer wrote them in.
struct OrderedJSONReader {
    indirect enum Value {
        case object([(String, Value)])
        case array([Value])
        case scalar
    }

    struct Malformed: Error {}

    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func skipBlanks() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func value() throws -> Value {
        skipBlanks()
        guard index < bytes.count else { throw Malformed() }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var members: [(String, Value)] = []
            skipBlanks()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipBlanks()
                let key = try string()
                skipBlanks()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw Malformed() }
                index += 1
                members.append((key, try value()))
                skipBlanks()
                guard index < bytes.count else { throw Malformed() }
                index += 1
                if bytes[index - 1] == UInt8(ascii: "}") { return .object(members) }
                guard bytes[index - 1] == UInt8(ascii: ",") else { throw Malformed() }
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [Value] = []
            skipBlanks()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            while true {
                items.append(try value())
                skipBlanks()
                guard index < bytes.count else { throw Malformed() }
                index += 1
                if bytes[index - 1] == UInt8(ascii: "]") { return .array(items) }
                guard bytes[index - 1] == UInt8(ascii: ",") else { throw Malformed() }
            }
        case UInt8(ascii: "\""):
            _ = try string()
            return .scalar
        default:
            // Numbers, true, false, null: up to the next delimiter.
            while index < bytes.count,
                ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(bytes[index])
            {
                index += 1
            }
            return .scalar
        }
    }

    mutating func string() throws -> String {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Malformed() }
        index += 1
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        guard index < bytes.count else { throw Malformed() }
        index += 1
        return String(decoding: bytes[start..<(index - 1)], as: UTF8.self)
    }
}
