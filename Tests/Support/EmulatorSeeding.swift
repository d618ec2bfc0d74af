import Foundation
import NIOHTTP1

/// Seeding an in-process emulator through its own HTTP APIs, as a partner would (shared by the reader, apply and
/// end-to-end tests). Each call takes a token, or fetches the development partner's own.
extension EmulatorHarness {
    /// The new-commerce offer the seeding orders: Microsoft 365 Business Basic (product, SKU, availability).
    package static let basicOffer = "CFQ7TTC0LH18:0001:CFQ7TTC0K971"

    /// `POST /v1/customers` with Microsoft's Redmond address and `billing@<domain>`, company `Company <domain>`:
    /// what ``ManifestYAML/billing(email:locale:indent:)`` describes. Returns the tenant id.
    @discardableResult
    package func createCustomer(
        _ domain: String,
        country: String = "US",
        token: String? = nil
    ) async throws
        -> String
    {
        let reply = try await send(
            .POST,
            "/v1/customers",
            token: try await seedingToken(token),
            json: [
                "companyProfile": ["domain": domain],
                "billingProfile": [
                    "email": "billing@\(domain)", "culture": "en-US", "language": "en",
                    "companyName": "Company \(domain)",
                    "defaultAddress": [
                        "firstName": "Gena", "lastName": "Soto", "addressLine1": "One Microsoft Way", "city": "Redmond",
                        "state": "WA", "postalCode": "98052", "country": country,
                    ],
                ],
            ]
        )
        guard reply.status == 201 || reply.status == 200, let object = try reply.json() as? [String: Any],
            let id = object["id"] as? String
        else { throw SeedFailure(description: "create customer: \(reply.status) \(reply.text)") }
        return id
    }

    /// The customer's MCA acceptance, confirmed with App+User (as the Partner Center portal would).
    package func acceptAgreement(_ customer: String, token: String? = nil) async throws {
        let reply = try await send(
            .POST,
            "/v1/customers/\(customer)/agreements",
            token: try await seedingToken(token, appUser: true),
            json: [
                "primaryContact": ["firstName": "Gena", "lastName": "Soto", "email": "gena@example.com"],
                "templateId": "117a77b0-9360-443b-8795-c6dedc750cf9",
                "dateAgreed": "2024-12-01T00:00:00Z",
                "type": "MicrosoftCustomerAgreement",
            ]
        )
        guard (200..<300).contains(reply.status) else {
            throw SeedFailure(description: "agreement: \(reply.status) \(reply.text)")
        }
    }

    /// A new-commerce order of ``basicOffer`` (one year, billed monthly) named `nickname`; the customer must have
    /// accepted the agreement.
    package func order(_ customer: String, nickname: String, quantity: Int, token: String? = nil) async throws {
        let reply = try await send(
            .POST,
            "/v1/customers/\(customer)/orders",
            token: try await seedingToken(token),
            json: [
                "billingCycle": "monthly",
                "lineItems": [
                    [
                        "lineItemNumber": 0, "offerId": Self.basicOffer, "friendlyName": nickname,
                        "quantity": quantity, "termDuration": "P1Y",
                    ]
                ],
            ]
        )
        guard (200..<300).contains(reply.status) else {
            throw SeedFailure(description: "order: \(reply.status) \(reply.text)")
        }
    }

    /// `token`, or the development partner's app-only (or App+User) one.
    private func seedingToken(_ token: String?, appUser: Bool = false) async throws -> String {
        if let token { return token }
        return try await developmentToken(appUser: appUser)
    }

    /// Puts the two legacy subscriptions of ``LegacySubscriptionFixtures`` on the customer through the emulator's
    /// state API (the emulator sells only new commerce; a partner's older customers hold such subscriptions).
    package func loadLegacySubscriptions(customer: String) async throws {
        let current = try await control(.GET, "state")
        guard var state = try current.json() as? [String: Any] else {
            throw SeedFailure(description: "GET state: \(current.status) \(current.text)")
        }
        var all = state["subscriptions"] as? [String: Any] ?? [:]
        var mine = all[customer] as? [String: Any] ?? [:]
        for payload in [LegacySubscriptionFixtures.azure, LegacySubscriptionFixtures.intuneDevice] {
            let resource = try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any] ?? [:]
            mine[resource["id"] as? String ?? ""] = ["customerId": customer, "resource": resource]
        }
        all[customer] = mine
        state["subscriptions"] = all
        let reply = try await control(.PUT, "state", json: state)
        guard (200..<300).contains(reply.status) else {
            throw SeedFailure(description: "PUT state: \(reply.status) \(reply.text)")
        }
    }
}

/// Seeding the emulator went wrong: what was sent and what it answered.
package struct SeedFailure: Error, CustomStringConvertible {
    package var description: String

    package init(description: String) {
        self.description = description
    }
}

/// Pieces of YAML manifests the tests write.
package enum ManifestYAML {
    /// The `billing:` block of a customer as ``EmulatorHarness/createCustomer(_:country:token:)`` creates it
    /// (Microsoft's Redmond address), each line indented by `indent` spaces, without a final newline: put it
    /// alone on a line of a multi-line string literal. `locale: false` leaves culture and language to defaults.
    package static func billing(email: String, locale: Bool = true, indent: Int) -> String {
        var lines = ["billing:", "  email: \(email)"]
        if locale { lines += ["  culture: en-US", "  language: en"] }
        lines += [
            "  address:", "    firstName: Gena", "    lastName: Soto", "    addressLine1: One Microsoft Way",
            "    city: Redmond", "    state: WA", "    postalCode: \"98052\"", "    country: US",
        ]
        let margin = String(repeating: " ", count: indent)
        return lines.map { margin + $0 }.joined(separator: "\n")
    }
}
