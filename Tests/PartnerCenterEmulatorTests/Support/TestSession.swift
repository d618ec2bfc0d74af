import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport

/// An emulator for one test with app-only and App+User tokens for the development partner.
final class TestSession {
    let emulator: EmulatorHarness
    private(set) var app: String
    private(set) var user: String

    init(emulator: EmulatorHarness, app: String, user: String) {
        self.emulator = emulator
        self.app = app
        self.user = user
    }

    /// Advances the emulator clock and fetches fresh tokens (the old ones may have expired on that clock).
    func advanceClock(seconds: Double) async throws {
        try await emulator.advanceClock(seconds: seconds)
        app = try await emulator.developmentToken()
        user = try await emulator.developmentToken(appUser: true)
    }

    /// A fixed test time: 2025-01-01T00:00:00Z.
    static let start = Date(timeIntervalSince1970: 1_735_689_600)

    static func with<T>(
        sandbox: Bool = false,
        rateLimits: RateLimits = .unlimited,
        initialTime: Date = start,
        stateFile: String? = nil,
        faults: [FaultRule] = [],
        elapsed: (@Sendable () -> Duration)? = nil,
        _ body: (TestSession) async throws -> T
    ) async throws -> T {
        let configuration = EmulatorConfiguration(
            stateFile: stateFile,
            seed: 42,
            initialTime: initialTime,
            rateLimits: rateLimits,
            faults: faults,
            sandbox: sandbox,
            // Real time stands still unless a test moves it: throttling windows and `Retry-After` follow only the
            // emulator clock, never how long the test took.
            elapsed: elapsed ?? { .zero }
        )
        return try await EmulatorHarness.with(configuration) { emulator in
            let session = TestSession(
                emulator: emulator,
                app: try await emulator.developmentToken(),
                user: try await emulator.developmentToken(appUser: true)
            )
            return try await body(session)
        }
    }

    func send(
        _ method: HTTPMethod,
        _ path: String,
        user useUser: Bool = false,
        headers: [(String, String)] = [],
        json: Any? = nil
    ) async throws -> EmulatorHarness.Reply {
        let token = useUser ? user : app
        if let json { return try await emulator.send(method, path, token: token, headers: headers, json: json) }
        return try await emulator.send(method, path, token: token, headers: headers)
    }

    /// Creates a customer with the documented example body and a given domain; returns its id.
    @discardableResult
    func createCustomer(domain: String, company: String = "Wingtip Toys", country: String = "US") async throws -> String
    {
        let body: [String: Any] = [
            "CompanyProfile": ["Domain": domain],
            "BillingProfile": [
                "Culture": "EN-US", "Email": "gena@wingtiptoys.com", "Language": "en", "CompanyName": company,
                "DefaultAddress": [
                    "FirstName": "Gena", "LastName": "Soto", "AddressLine1": "One Microsoft Way", "City": "Redmond",
                    "State": "WA", "PostalCode": "98052", "Country": country,
                ],
            ],
        ]
        let reply = try await send(.POST, "/v1/customers", json: body)
        guard reply.status == 201, let id = (try reply.json() as? [String: Any])?["id"] as? String else {
            throw TestFailure("create customer failed: \(reply.status) \(reply.text)")
        }
        return id
    }

    /// Confirms the customer's MCA acceptance (App+User), needed for new-commerce purchases.
    func confirmAgreement(_ customerId: String) async throws {
        let reply = try await send(
            .POST,
            "/v1/customers/\(customerId)/agreements",
            user: true,
            json: try Fixtures.json("agreement-confirm-request.json")
        )
        guard reply.status == 201 else { throw TestFailure("agreement failed: \(reply.status) \(reply.text)") }
    }

    /// Buys through a cart and returns the new subscription's id.
    func purchase(
        _ customerId: String,
        catalogItemId: String = "CFQ7TTC0LH18:0001:CFQ7TTC0K971",
        quantity: Int = 5,
        term: String = "P1Y",
        billingCycle: String = "monthly"
    ) async throws -> String {
        let cart = try await send(
            .POST,
            "/v1/customers/\(customerId)/carts",
            json: [
                "lineItems": [
                    [
                        "catalogItemId": catalogItemId, "quantity": quantity, "termDuration": term,
                        "billingCycle": billingCycle,
                    ]
                ]
            ]
        )
        guard cart.status == 201, let cartId = (try cart.json() as? [String: Any])?["id"] as? String else {
            throw TestFailure("cart failed: \(cart.status) \(cart.text)")
        }
        let checkout = try await send(.POST, "/v1/customers/\(customerId)/carts/\(cartId)/checkout")
        guard checkout.status == 201, let result = try checkout.json() as? [String: Any],
            let subscriptionId = JSONShape.value(result, "orders.0.lineItems.0.subscriptionId") as? String
        else {
            throw TestFailure("checkout failed: \(checkout.status) \(checkout.text)")
        }
        return subscriptionId
    }

    func subscription(_ customerId: String, _ subscriptionId: String) async throws -> [String: Any] {
        let reply = try await send(.GET, "/v1/customers/\(customerId)/subscriptions/\(subscriptionId)")
        guard reply.status == 200, let object = try reply.json() as? [String: Any] else {
            throw TestFailure("get subscription failed: \(reply.status) \(reply.text)")
        }
        return object
    }

    func patchSubscription(
        _ customerId: String,
        _ subscriptionId: String,
        _ changes: [String: Any]
    ) async throws
        -> EmulatorHarness.Reply
    {
        var body = try await subscription(customerId, subscriptionId)
        for (key, value) in changes { body[key] = value }
        return try await send(.PATCH, "/v1/customers/\(customerId)/subscriptions/\(subscriptionId)", json: body)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension EmulatorHarness.Reply {
    var object: [String: Any] { ((try? json()) as? [String: Any]) ?? [:] }
    /// The Partner Center error code of an error body.
    var errorCode: Int? { object["code"] as? Int }
}
