package import Foundation

/// A subscription (`/v1/customers/{cid}/subscriptions/{sid}`), legacy or new commerce.
package struct Subscription: Codable, Hashable, Sendable {
    package var id: String
    package var entitlementId: String?
    package var offerId: String?
    package var offerName: String?
    package var friendlyName: String?
    package var productType: ItemType?
    package var quantity: Int?
    package var unitType: String?
    package var parentSubscriptionId: String?
    package var creationDate: Date?
    package var effectiveStartDate: Date?
    /// The last day of the current term (written as midnight UTC). For a subscription that does not renew, the
    /// service writes a placeholder far in the future (9999-12-…).
    package var commitmentEndDate: Date?
    /// The exact end of the current term (`DateTime?`, documented in the subscription resource's property table);
    /// only this field has the time of day.
    package var commitmentEndDateTime: Date?
    /// The last moment the current term can be cancelled (UTC); nil when it cannot be cancelled.
    package var cancellationAllowedUntilDate: Date?
    package var billingCycleEndDate: Date?
    /// The exact end of the current billing cycle (`DateTime?`).
    package var billingCycleEndDateTime: Date?
    package var status: SubscriptionStatus?
    package var autoRenewEnabled: Bool?
    package var isTrial: Bool?
    package var billingType: BillingType?
    package var billingCycle: BillingCycle?
    package var hasPurchasableAddons: Bool?
    package var actions: [String]?
    /// ISO 8601: `P1M`, `P1Y`, `P3Y`.
    package var termDuration: String?
    package var renewalTermDuration: String?
    package var refundOptions: [RefundOption]?
    /// Seats that can still be removed, per return window (new commerce).
    package var refundableQuantity: RefundableQuantity?
    package var scheduledNextTermInstructions: ScheduledNextTermInstructions?
    package var isMicrosoftProduct: Bool?
    package var partnerId: String?
    package var suspensionReasons: [String]?
    package var contractType: String?
    package var orderId: String?
    package var publisherName: String?
    package var promotionId: String?
    package var migratedFromSubscriptionId: String?
    /// Whether the subscription needs the partner's attention (every documented example sends it, `false`).
    package var attentionNeeded: Bool?
    /// Whether an action was taken on a subscription that needed attention.
    package var actionTaken: Bool?
    package var links: ResourceLinks?
    package var attributes: ResourceAttributes?

    package init(id: String) { self.id = id }

    package var etag: String? { attributes?.etag }
}

/// `status` of a subscription. There is no `cancelled`: cancelling a new-commerce subscription sets `deleted`.
package enum SubscriptionStatus: WireEnum {
    case none, active, suspended, deleted, expired, pending, disabled
    case unknown(String)

    package static let knownCases: [Self] = [.none, .active, .suspended, .deleted, .expired, .pending, .disabled]

    package var wireValue: String {
        switch self {
        case .none: "none"
        case .active: "active"
        case .suspended: "suspended"
        case .deleted: "deleted"
        case .expired: "expired"
        case .pending: "pending"
        case .disabled: "disabled"
        case .unknown(let raw): raw
        }
    }
}

/// `billingCycle` of subscriptions, orders, cart lines and availability terms.
package enum BillingCycle: WireEnum {
    case unknownCycle, monthly, annual, none, oneTime, triennial, biennial
    case unknown(String)

    package static let knownCases: [Self] = [.monthly, .annual, .triennial, .biennial, .oneTime, .none, .unknownCycle]

    package var wireValue: String {
        switch self {
        case .unknownCycle: "unknown"
        case .monthly: "monthly"
        case .annual: "annual"
        case .none: "none"
        case .oneTime: "one_time"
        case .triennial: "triennial"
        case .biennial: "biennial"
        case .unknown(let raw): raw
        }
    }
}

/// `billingType` of a subscription.
package enum BillingType: WireEnum {
    case none, usage, license
    case unknown(String)

    package static let knownCases: [Self] = [.none, .usage, .license]

    package var wireValue: String {
        switch self {
        case .none: "none"
        case .usage: "usage"
        case .license: "license"
        case .unknown(let raw): raw
        }
    }
}

/// `{ id, displayName, subType? }`: a product type such as `OnlineServicesNCE`.
package final class ItemType: Codable, Hashable, Sendable {
    package let id: String?
    package let displayName: String?
    package let subType: ItemType?

    package init(id: String?, displayName: String? = nil, subType: ItemType? = nil) {
        self.id = id
        self.displayName = displayName
        self.subType = subType
    }

    package static func == (lhs: ItemType, rhs: ItemType) -> Bool {
        lhs.id == rhs.id && lhs.displayName == rhs.displayName && lhs.subType == rhs.subType
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(displayName)
    }
}

/// `{ type: "Full"|"Partial", expiresAt }`.
package struct RefundOption: Codable, Hashable, Sendable {
    package var type: String?
    package var expiresAt: Date?
}

/// Seats that can be removed now: `{ totalQuantity, details: [ { quantity, allowedUntilDateTime } ] }`.
package struct RefundableQuantity: Codable, Hashable, Sendable {
    package var totalQuantity: Int?
    package var details: [Detail]?

    package struct Detail: Codable, Hashable, Sendable {
        package var quantity: Int?
        package var allowedUntilDateTime: Date?
    }
}

/// Changes applied at the next renewal (new commerce; needs `autoRenewEnabled: true`).
package struct ScheduledNextTermInstructions: Codable, Hashable, Sendable {
    package var product: ProductTerm?
    package var quantity: Int?
    package var customTermEndDate: Date?

    package init(product: ProductTerm, quantity: Int) {
        self.product = product
        self.quantity = quantity
    }
}

/// The product, SKU, availability, billing cycle and term a subscription converts to.
package struct ProductTerm: Codable, Hashable, Sendable {
    package var productId: String?
    package var skuId: String?
    package var availabilityId: String?
    package var billingCycle: BillingCycle?
    package var termDuration: String?
    package var promotionId: String?

    package init(
        productId: String,
        skuId: String,
        availabilityId: String,
        billingCycle: BillingCycle,
        termDuration: String
    ) {
        self.productId = productId
        self.skuId = skuId
        self.availabilityId = availabilityId
        self.billingCycle = billingCycle
        self.termDuration = termDuration
    }
}

/// `GET .../subscriptions/{sid}/provisioningstatus`.
package struct SubscriptionProvisioningStatus: Codable, Hashable, Sendable {
    package var skuId: String?
    package var status: String?
    package var quantity: Int?
    package var endDate: Date?
    package var attributes: ResourceAttributes?
}
