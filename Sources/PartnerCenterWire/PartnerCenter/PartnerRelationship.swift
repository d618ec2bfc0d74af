/// A relationship between the partner and another partner (`GET /v1/relationships`, customers.md "Relationships
/// resources"): for an indirect provider asking `relationship_type=IsIndirectCloudSolutionProviderOf`, one of its
/// indirect resellers.
package struct PartnerRelationship: Codable, Hashable, Sendable {
    /// The other partner's tenant id.
    package var id: String?
    package var name: String?
    /// `is_indirect_cloud_solution_provider_of`, `is_indirect_reseller_of` (the SDK's enum, snake case).
    package var relationshipType: String?
    /// The relationship's state (`active` when the provider can transact for the reseller).
    package var state: String?
    /// The other partner's MPN id.
    package var mpnId: String?
    package var location: String?
    package var attributes: ResourceAttributes?

    package init(id: String?, name: String?, state: String?, mpnId: String?) {
        self.id = id
        self.name = name
        self.state = state
        self.mpnId = mpnId
    }
}
