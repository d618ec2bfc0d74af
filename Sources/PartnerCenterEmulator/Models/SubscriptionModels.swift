import Foundation

/// The Subscription resource as the service returns it (subscription-resources.md, the NCE examples and the
/// 2023 SDK model). Dates are kept as the service's strings so a loaded document round-trips byte for byte.
package struct Subscription: Codable, Sendable, Equatable {
    package var id: String
    package var offerId: String
    package var entitlementId: String?
    package var offerName: String?
    package var friendlyName: String?
    package var productType: ProductType?
    package var quantity: Int
    package var unitType: String?
    package var parentSubscriptionId: String?
    package var hasPurchasableAddons: Bool?
    package var creationDate: String?
    package var effectiveStartDate: String?
    package var commitmentEndDate: String?
    package var commitmentEndDateTime: String?
    package var cancellationAllowedUntilDate: String?
    package var billingCycleEndDate: String?
    package var billingCycleEndDateTime: String?
    package var status: String
    package var autoRenewEnabled: Bool?
    package var isTrial: Bool?
    package var billingType: String?
    package var billingCycle: String?
    package var termDuration: String?
    package var renewalTermDuration: String?
    package var refundOptions: [RefundOption]?
    package var isMicrosoftProduct: Bool?
    package var partnerId: String?
    package var attentionNeeded: Bool?
    package var actionTaken: Bool?
    package var contractType: String?
    package var links: [String: Link]?
    package var publisherName: String?
    package var refundableQuantity: RefundableQuantity?
    package var scheduledNextTermInstructions: ScheduledNextTermInstructions?
    package var suspensionReasons: [String]?
    package var orderId: String?
    package var attributes: ResourceAttributes?
}

package struct ProductType: Codable, Sendable, Equatable {
    package var id: String
    package var displayName: String
}

package struct RefundOption: Codable, Sendable, Equatable {
    package var type: String
    package var expiresAt: String
}

package struct RefundableQuantity: Codable, Sendable, Equatable {
    package var totalQuantity: Int
    package var details: [RefundableQuantityDetail]
}

package struct RefundableQuantityDetail: Codable, Sendable, Equatable {
    package var quantity: Int
    package var allowedUntilDateTime: String
}

package struct ScheduledNextTermInstructions: Codable, Sendable, Equatable {
    package var product: ScheduledProduct
    package var quantity: Int
    package var customTermEndDate: String?
}

package struct ScheduledProduct: Codable, Sendable, Equatable {
    package var productId: String
    package var skuId: String
    package var availabilityId: String
    package var billingCycle: String
    package var termDuration: String
    package var promotionId: String?
}

/// A subscription as stored. The time-based new-commerce state (refundable seat batches, cancellation
/// window, term dates) lives in the resource's own fields, so documents loaded through the control API follow
/// the same rules as purchases made against the emulator.
package struct SubscriptionRecord: Codable, Sendable, Equatable {
    package var customerId: String
    package var resource: Subscription

    package init(customerId: String, resource: Subscription) {
        self.customerId = customerId
        self.resource = resource
    }

    package var isNewCommerce: Bool { resource.productType?.id == "OnlineServicesNCE" }
}
