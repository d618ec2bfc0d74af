/// One indirect reseller of the partner acting as an indirect provider (`GET /v1/relationships`,
/// PartnerRelationship): who a customer's `reseller` and a subscription's `partnerOfRecord` may name.
package struct LiveIndirectReseller: Sendable, Hashable, Codable {
    /// The reseller's tenant id (lower case): what `associatedPartnerId` carries.
    package var tenantId: String
    /// The reseller's MPN id: what a purchase's partner of record carries.
    package var mpnId: String
    package var name: String
    /// The relationship's state as the service spells it (`active`, …).
    package var state: String

    package init(tenantId: String, mpnId: String, name: String, state: String) {
        self.tenantId = tenantId.lowercased()
        self.mpnId = mpnId
        self.name = name
        self.state = state
    }

    /// Only an active relationship lets the provider create customers and buy for the reseller.
    package var isActive: Bool { state.lowercased() == "active" }

    /// Whether a manifest's id (MPN id or tenant id, any case) names this reseller.
    package func matches(_ id: String) -> Bool {
        let key = id.lowercased()
        return key == tenantId || key == mpnId
    }
}
