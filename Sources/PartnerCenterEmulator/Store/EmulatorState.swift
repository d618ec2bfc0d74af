package import Foundation

/// The whole emulated world as one value: what `GET /_emulator/state` returns and `PUT /_emulator/state` loads,
/// and what the state file holds.
package struct EmulatorState: Codable, Sendable {
    /// Seconds the emulator clock has been advanced through the control API.
    package var clockOffset: TimeInterval = 0
    /// Counter behind the deterministic id generator.
    package var idCounter: UInt64 = 0
    /// The partner this emulator plays Partner Center for.
    package var partner = PartnerRecord.development
    /// Entra app registrations accepted by the token endpoint, keyed by client id (lower case).
    package var applications: [String: ApplicationRecord] = [:]
    /// Signing keys of external token issuers trusted for workload identity federation, keyed by issuer URL
    /// (exact, as tokens carry it in `iss`).
    package var issuers: [String: JSONWebKeySet] = [:]
    /// Issued access tokens, keyed by the token string.
    package var accessTokens: [String: AccessTokenRecord] = [:]
    /// Issued refresh tokens (Secure Application Model), keyed by the token string.
    package var refreshTokens: [String: RefreshTokenRecord] = [:]
    /// Customers keyed by tenant id (lower case), plus their creation order for paging.
    package var customers: [String: CustomerRecord] = [:]
    package var customerOrder: [String] = []
    /// Subscriptions keyed by customer id, then subscription id (both lower case).
    package var subscriptions: [String: [String: SubscriptionRecord]] = [:]
    /// Orders keyed by customer id, then order id.
    package var orders: [String: [String: OrderRecord]] = [:]
    /// Carts keyed by customer id, then cart id.
    package var carts: [String: [String: CartRecord]] = [:]
    /// Customer agreement confirmations keyed by customer id.
    package var agreements: [String: [AgreementRecord]] = [:]
    /// The product catalog (new-commerce products from the references).
    package var catalog = Catalog.seeded
    /// Responses of create requests keyed by partner tenant + MS-RequestId + method + path, for replay.
    package var replay: [String: ReplayedResponse] = [:]
    package var replayOrder: [String] = []
    /// The Graph GDAP world.
    package var graph = GraphState()
    /// The partner's indirect resellers (it acts as an indirect provider; `GET /v1/relationships`).
    package var indirectResellers: [IndirectResellerRecord] = IndirectResellers.development

    package init() {}

    /// Every member optional, so state files written by older emulators (before a member existed) still load.
    package init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func load<T: Decodable>(_ key: CodingKeys, into value: inout T) throws {
            if let decoded = try container.decodeIfPresent(T.self, forKey: key) { value = decoded }
        }
        try load(.clockOffset, into: &clockOffset)
        try load(.idCounter, into: &idCounter)
        try load(.partner, into: &partner)
        try load(.applications, into: &applications)
        try load(.issuers, into: &issuers)
        try load(.accessTokens, into: &accessTokens)
        try load(.refreshTokens, into: &refreshTokens)
        try load(.customers, into: &customers)
        try load(.customerOrder, into: &customerOrder)
        try load(.subscriptions, into: &subscriptions)
        try load(.orders, into: &orders)
        try load(.carts, into: &carts)
        try load(.agreements, into: &agreements)
        try load(.catalog, into: &catalog)
        try load(.replay, into: &replay)
        try load(.replayOrder, into: &replayOrder)
        try load(.graph, into: &graph)
        try load(.indirectResellers, into: &indirectResellers)
    }

    /// Most replay entries kept; the oldest are forgotten first (the service's window is not documented).
    package static let replayCapacity = 10_000

    /// Why a loaded state (state file, `PUT /_emulator/state`) cannot be used, or nil. A clock moved past what
    /// dates can say would make every token expired (every request 401) and survive restarts in the file.
    package var problem: String? {
        guard clockOffset.isFinite, abs(clockOffset) <= EmulatorConfiguration.maxClockOffset else {
            return "clockOffset \(clockOffset) is not a finite number of seconds within "
                + "±\(Int(EmulatorConfiguration.maxClockOffset)) (100 years)"
        }
        return nil
    }
}

/// The partner organisation (the emulator's "signed-in" partner).
package struct PartnerRecord: Codable, Sendable, Equatable {
    package var tenantId: String
    package var partnerId: String
    package var companyName: String
    /// Only domain registrars may add verified domains (add-a-verified-domain-for-a-customer.md).
    package var isDomainRegistrar: Bool

    package static let development = PartnerRecord(
        tenantId: DevelopmentPartner.tenantId,
        partnerId: DevelopmentPartner.partnerId,
        companyName: DevelopmentPartner.companyName,
        isDomainRegistrar: true
    )
}

/// A response kept for MS-RequestId replay.
package struct ReplayedResponse: Codable, Sendable, Equatable {
    package var status: Int
    package var headers: [String: String]
    package var body: Data
}
