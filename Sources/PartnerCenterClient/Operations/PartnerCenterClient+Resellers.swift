import Foundation
import HTTPTypes
package import PartnerCenterWire

extension PartnerCenterOperation {
    package static let listIndirectResellers = Self("listIndirectResellers", family: .customers)
    package static let listSubscriptionsByPartner = Self("listSubscriptionsByPartner", family: .subscriptions)
    package static let createIndirectResellerCustomer = Self(
        "createIndirectResellerCustomer",
        family: .customers,
        requiresAppPlusUser: true,
        createsResource: true
    )
}

/// The indirect model (issue 17): an indirect provider's resellers, a customer's subscriptions by partner of
/// record, and the relationship request link for a reseller's customer.
extension PartnerCenterClient {
    /// `GET /v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf`: the provider's indirect
    /// resellers, active or not.
    package func listIndirectResellers() -> PagedSequence<PartnerRelationship> {
        partnerCenterPages(
            .listIndirectResellers,
            path: "/relationships",
            query: [("relationship_type", "IsIndirectCloudSolutionProviderOf")],
            of: PartnerRelationship.self
        )
    }

    /// `GET /v1/customers/{id}/subscriptions?mpn_id=`: the customer's subscriptions whose partner of record is
    /// the partner with this MPN id.
    package func listSubscriptions(_ customerID: String, partnerMPNID: String) -> PagedSequence<Subscription> {
        partnerCenterPages(
            .listSubscriptionsByPartner,
            path: "/customers/\(customerID.pathEscaped)/subscriptions",
            query: [("mpn_id", partnerMPNID)],
            of: Subscription.self
        )
    }

    /// `GET /v1/customers/relationshiprequests?indirectResellerId=` (App+User): the invitation a customer accepts
    /// to have the indirect reseller (and its provider) as its partners.
    package func getRelationshipRequestLink(
        indirectResellerID: String,
        requestID: String? = nil
    ) async throws -> RelationshipRequestLink {
        try await send(
            Call(
                operation: .getRelationshipRequestLink,
                method: .get,
                path: "/customers/relationshiprequests",
                query: [("indirectResellerId", indirectResellerID)],
                requestID: requestID
            ),
            as: RelationshipRequestLink.self
        )
    }
}
