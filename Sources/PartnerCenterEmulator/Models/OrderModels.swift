package import Foundation

/// The Order resource (order-resources.md; NCE examples in orders-and-carts.md).
package struct Order: Codable, Sendable, Equatable {
    package var id: String
    package var alternateId: String?
    package var referenceCustomerId: String?
    package var billingCycle: String?
    package var currencyCode: String?
    package var currencySymbol: String?
    package var lineItems: [OrderLineItem]
    package var creationDate: String?
    package var status: String?
    package var transactionType: String?
    package var links: [String: Link]?
    package var client: [String: String]?
    package var attributes: ResourceAttributes?
}

package struct OrderLineItem: Codable, Sendable, Equatable {
    package var lineItemNumber: Int
    package var offerId: String
    package var subscriptionId: String?
    package var parentSubscriptionId: String?
    package var termDuration: String?
    package var transactionType: String?
    package var friendlyName: String?
    package var quantity: Int
    package var partnerIdOnRecord: String?
    package var additionalPartnerIdsOnRecord: [String]?
    package var links: [String: Link]?
}

package struct OrderRecord: Codable, Sendable, Equatable {
    package var customerId: String
    package var resource: Order
    package var createdAt: Date
}

/// The Cart resource (cart-resources.md; NCE examples).
package struct Cart: Codable, Sendable, Equatable {
    package var id: String
    package var creationTimestamp: String?
    package var lastModifiedTimestamp: String?
    package var expirationTimestamp: String?
    package var lastModifiedUser: String?
    package var status: String
    package var lineItems: [CartLineItem]
    package var links: [String: Link]?
    package var attributes: ResourceAttributes?
}

package struct CartLineItem: Codable, Sendable, Equatable {
    package var id: Int
    package var catalogItemId: String
    package var friendlyName: String?
    package var quantity: Int
    package var currencyCode: String?
    package var billingCycle: String?
    package var termDuration: String?
    package var participants: [LinkHeader]?
    package var provisioningContext: [String: String]?
    package var orderGroup: String?
    package var error: CartError?
}

package struct CartError: Codable, Sendable, Equatable {
    package var errorCode: String
    package var errorDescription: String
}

package struct CartRecord: Codable, Sendable, Equatable {
    package var customerId: String
    package var resource: Cart
    package var expiresAt: Date
}
