package import Foundation
package import PartnerCenterModel

/// Something a customer is entitled to (`/v1/customers/{cid}/entitlements`).
package struct Entitlement: Codable, Hashable, Sendable {
    package var includedEntitlements: [Entitlement]?
    package var referenceOrder: ReferenceOrder?
    package var productId: String?
    package var skuId: String?
    package var quantity: Int?
    package var quantityDetails: [QuantityDetail]?
    package var entitledArtifacts: [Artifact]?
    package var entitlementType: String?
    package var fulfillmentState: String?
    package var expiryDate: Date?
    package var dynamicAttributes: [String: JSONValue]?

    /// The order (and line) an entitlement came from.
    package struct ReferenceOrder: Codable, Hashable, Sendable {
        package var id: String?
        package var lineItemId: String?
        package var alternateId: String?
    }

    /// `{ quantity, status }`.
    package struct QuantityDetail: Codable, Hashable, Sendable {
        package var quantity: Int?
        package var status: String?
    }

    /// An entitled artifact, such as a reserved instance.
    package struct Artifact: Codable, Hashable, Sendable {
        package var artifactType: String?
        package var link: Link?
        package var resourceId: String?
        package var dynamicAttributes: [String: JSONValue]?
    }
}
