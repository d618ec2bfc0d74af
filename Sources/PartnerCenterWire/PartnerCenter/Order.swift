package import Foundation
import PartnerCenterModel

/// An order (`/v1/customers/{cid}/orders/{oid}`), created directly or by a cart checkout.
package struct Order: Codable, Hashable, Sendable {
    package var id: String?
    package var alternateId: String?
    package var referenceCustomerId: String?
    package var billingCycle: BillingCycle?
    package var transactionType: String?
    package var lineItems: [OrderLineItem]?
    package var currencyCode: String?
    package var currencySymbol: String?
    package var creationDate: Date?
    package var status: OrderStatus?
    package var links: ResourceLinks?
    package var attributes: ResourceAttributes?

    package init(referenceCustomerId: String? = nil, billingCycle: BillingCycle?, lineItems: [OrderLineItem]) {
        self.referenceCustomerId = referenceCustomerId
        self.billingCycle = billingCycle
        self.lineItems = lineItems
    }
}

/// `status` of an order.
package enum OrderStatus: WireEnum {
    case unknownStatus, completed, pending, cancelled
    case unknown(String)

    package static let knownCases: [Self] = [.pending, .completed, .cancelled, .unknownStatus]

    package var wireValue: String {
        switch self {
        case .unknownStatus: "unknown"
        case .completed: "completed"
        case .pending: "pending"
        case .cancelled: "cancelled"
        case .unknown(let raw): raw
        }
    }
}

/// One line of an order: the offer (`offerId`, `{product}:{sku}:{availability}` for catalog items), quantity and
/// the subscription it created.
package struct OrderLineItem: Codable, Hashable, Sendable {
    package var lineItemNumber: Int?
    package var offerId: String?
    package var subscriptionId: String?
    package var parentSubscriptionId: String?
    package var friendlyName: String?
    package var quantity: Int?
    package var termDuration: String?
    package var transactionType: String?
    package var partnerIdOnRecord: String?
    package var additionalPartnerIdsOnRecord: [String]?
    package var provisioningContext: [String: String]?
    package var renewsTo: RenewsTo?
    package var links: ResourceLinks?

    package init(lineItemNumber: Int, offerId: String, quantity: Int, friendlyName: String? = nil) {
        self.lineItemNumber = lineItemNumber
        self.offerId = offerId
        self.quantity = quantity
        self.friendlyName = friendlyName
    }
}

/// `{ termDuration }`: the renewal term of a line.
package struct RenewsTo: Codable, Hashable, Sendable {
    package var termDuration: String?

    package init(termDuration: String) { self.termDuration = termDuration }
}

/// A cart (`/v1/customers/{cid}/carts/{cartId}`): the catalog purchase path, including new commerce.
package struct Cart: Codable, Hashable, Sendable {
    package var id: String?
    package var creationTimestamp: Date?
    package var lastModifiedTimestamp: Date?
    package var expirationTimestamp: Date?
    package var lastModifiedUser: String?
    /// `Active` (can be changed or checked out) or `Ordered`.
    package var status: String?
    package var lineItems: [CartLineItem]
    package var links: ResourceLinks?
    package var attributes: ResourceAttributes?

    package init(lineItems: [CartLineItem]) { self.lineItems = lineItems }
}

/// One line of a cart. `catalogItemId` is `{productId}:{skuId}:{availabilityId}`.
package struct CartLineItem: Codable, Hashable, Sendable {
    /// The service numbers lines (`0`, `1`, ...).
    package var id: Int?
    package var catalogItemId: String
    package var friendlyName: String?
    package var quantity: Int
    package var currencyCode: String?
    package var billingCycle: BillingCycle?
    package var termDuration: String?
    package var participants: [KeyValue]?
    package var provisioningContext: [String: String]?
    package var orderGroup: String?
    package var promotionId: String?
    package var attestationAccepted: Bool?
    package var renewsTo: RenewsTo?
    package var addonItems: [CartLineItem]?
    package var error: CartLineItemError?

    package init(
        catalogItemId: String,
        quantity: Int,
        billingCycle: BillingCycle?,
        termDuration: String?,
        friendlyName: String? = nil
    ) {
        self.catalogItemId = catalogItemId
        self.quantity = quantity
        self.billingCycle = billingCycle
        self.termDuration = termDuration
        self.friendlyName = friendlyName
    }
}

/// A validation problem the service attached to a cart line.
package struct CartLineItemError: Codable, Hashable, Sendable {
    /// The error code as text (`800088`): documented as a string, sent as a number in examples; both are read.
    package var errorCode: String?
    package var errorDescription: String?

    enum CodingKeys: String, CodingKey { case errorCode, errorDescription }

    package init(errorCode: String?, errorDescription: String?) {
        self.errorCode = errorCode
        self.errorDescription = errorDescription
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        errorCode = try ServiceErrorCode.text(container.decodeIfPresent(JSONValue.self, forKey: .errorCode))
        errorDescription = try? container.decodeIfPresent(String.self, forKey: .errorDescription)
    }
}

/// The result of `POST .../carts/{cartId}/checkout`: orders created, and per order group errors.
package struct CartCheckoutResult: Codable, Hashable, Sendable {
    package var orders: [Order]?
    package var orderErrors: [OrderError]?
    package var attributes: ResourceAttributes?

    package init(orders: [Order]? = nil, orderErrors: [OrderError]? = nil) {
        self.orders = orders
        self.orderErrors = orderErrors
    }
}

/// An order group that could not be ordered.
package struct OrderError: Codable, Hashable, Sendable {
    package var orderGroupId: String?
    /// The error code as text (`800088`), whether the service sent a number or a string.
    package var code: String?
    package var description: String?

    enum CodingKeys: String, CodingKey { case orderGroupId, code, description }

    package init(orderGroupId: String?, code: String?, description: String?) {
        self.orderGroupId = orderGroupId
        self.code = code
        self.description = description
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        orderGroupId = try? container.decodeIfPresent(String.self, forKey: .orderGroupId)
        code = try ServiceErrorCode.text(container.decodeIfPresent(JSONValue.self, forKey: .code))
        description = try? container.decodeIfPresent(String.self, forKey: .description)
    }
}
