import Foundation
import NIOHTTP1
import PartnerCenterClient
import PartnerCenterEmulator
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterTestSupport

/// A reader session against an in-process emulator: seeds through the emulator's own HTTP APIs, then reads
/// through the real client over loopback.
struct ReaderSession {
    let harness: EmulatorHarness
    let appToken: String
    let appUserToken: String
    let graphToken: String

    static let readGroup = "5e4f2f7c-1b0a-4e5e-9d53-2b1f6f1d0c11"
    static let globalReader = "f2ef992c-3afb-46b9-b7cf-a126ee74c451"
    static let helpdesk = "729827e3-9c14-49f7-bb1b-9608f156bbb8"

    static func with(_ body: (ReaderSession) async throws -> Void) async throws {
        try await EmulatorHarness.with { harness in
            let session = ReaderSession(
                harness: harness,
                appToken: try await harness.developmentToken(),
                appUserToken: try await harness.developmentToken(appUser: true),
                graphToken: try await harness.developmentToken(graph: true)
            )
            try await body(session)
        }
    }

    /// A client with the development partner's credentials (App+User too unless `appUser` is false), retrying
    /// quickly so that injected faults do not slow the tests.
    func client(appUser: Bool = true) -> (PartnerCenterClient, AsyncHTTPClientTransport) {
        let credentials = CredentialConfiguration.developmentPartner(appUser: appUser)
        let transport = AsyncHTTPClientTransport()
        let configuration = PartnerCenterClientConfiguration(
            endpoints: .custom(URL(string: harness.baseURL) ?? URL(fileURLWithPath: "/")),
            credentials: credentials,
            retryPolicy: .exponentialBackoff(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5))
        )
        return (PartnerCenterClient(configuration: configuration, transport: transport), transport)
    }

    func read(
        _ desired: DesiredState,
        appUser: Bool = true,
        listThreshold: Int = LiveStateReader.listThresholdDefault
    ) async throws -> LiveState {
        let (client, transport) = self.client(appUser: appUser)
        let store = harness.store
        let reader = LiveStateReader(
            client: client,
            parallelism: 4,
            listThreshold: listThreshold,
            serviceClock: { await store.now }
        )
        do {
            let live = try await reader.read(desired)
            try? await transport.shutdown()
            return live
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }

    // MARK: Seeding over HTTP

    /// `POST /v1/customers`; returns the tenant id.
    func createCustomer(_ domain: String, country: String = "US") async throws -> String {
        try await harness.createCustomer(domain, country: country, token: appToken)
    }

    /// MCA acceptance (App+User) and a new-commerce order; returns nothing, the subscription is read back.
    func purchase(_ customer: String, nickname: String, quantity: Int) async throws {
        try await harness.acceptAgreement(customer, token: appUserToken)
        try await harness.order(customer, nickname: nickname, quantity: quantity, token: appToken)
    }

    /// A GDAP relationship in `created` status; returns its id.
    func createRelationship(_ customer: String, name: String) async throws -> String {
        let reply = try await harness.send(
            .POST,
            "/graph/v1.0/tenantRelationships/delegatedAdminRelationships",
            token: graphToken,
            json: [
                "displayName": name, "duration": "P730D", "customer": ["tenantId": customer],
                "accessDetails": ["unifiedRoles": [["roleDefinitionId": Self.globalReader.uppercased()]]],
            ]
        )
        guard reply.status == 201, let object = try reply.json() as? [String: Any], let id = object["id"] as? String
        else { throw SeedFailure(description: "relationship: \(reply.status) \(reply.text)") }
        return id
    }

    /// Requests the emulator served per route (`GET /v1/customers/{id}/subscriptions` → count).
    func counters() async throws -> [String: Int] {
        let reply = try await harness.control(.GET, "counters")
        guard let object = try reply.json() as? [String: Any], let list = object["counters"] as? [[String: Any]] else {
            throw SeedFailure(description: "counters: \(reply.text)")
        }
        var counts: [String: Int] = [:]
        for entry in list {
            if let route = entry["route"] as? String, let total = entry["total"] as? Int { counts[route] = total }
        }
        return counts
    }

    static func desired(_ customers: [DesiredCustomer]) -> DesiredState {
        DesiredState(customers: customers, ignores: [], manifestDigest: "test", files: [])
    }

    static func customer(_ domain: String, subscriptions: [DesiredSubscription] = []) -> DesiredCustomer {
        DesiredCustomer(
            domain: domain,
            companyName: "Company",
            billing: DesiredBilling(
                email: "billing@\(domain)",
                culture: "en-US",
                language: "en",
                address: PostalAddress(
                    addressLine1: "One Microsoft Way",
                    city: "Redmond",
                    state: "WA",
                    postalCode: "98052",
                    country: "US"
                )
            ),
            subscriptions: subscriptions
        )
    }

    static func subscription(_ nickname: String) -> DesiredSubscription {
        DesiredSubscription(
            nickname: nickname,
            offer: OfferID(productId: "CFQ7TTC0LH18", skuId: "0001"),
            quantity: 5,
            termDuration: "P1Y",
            billingCycle: .monthly,
            autoRenew: true,
            status: .active,
            state: .present
        )
    }
}
