/// One subscription a customer is expected to hold, keyed by `nickname` (Partner Center's `friendlyName`).
///
/// Invariant after validation: when `state == .present`, `offer`, `quantity`, `termDuration` and
/// `billingCycle` are non-nil (given, or inherited from `defaults.subscriptions`).
package struct DesiredSubscription: Sendable, Hashable, Codable {
    package var nickname: String
    /// The nickname the live subscription had before a rename: planned as an in-place update.
    package var renamedFrom: String?
    package var offer: OfferID?
    package var quantity: Int?
    /// ISO 8601 term: `P1M`, `P1Y` or `P3Y` in new commerce.
    package var termDuration: String?
    package var billingCycle: BillingCycle?
    /// nil: not managed.
    package var autoRenew: Bool?
    package var status: DesiredSubscriptionStatus
    /// The partner of record of a purchase (`partnerOfRecord`, else the customer's `reseller`): an indirect
    /// reseller's MPN id or tenant id. nil: the partner itself is the partner of record.
    package var partnerOfRecord: String?
    /// Additional partners of record (MPN ids, at most 5; EU/EFTA transacting partners only), sent as the cart
    /// line's `additional_transaction_reseller` participants.
    package var additionalPartnersOfRecord: [String] = []
    package var state: Presence
    package var location: SourceLocation?
    /// Where each attribute was written (`quantity`, `termDuration`, …), like `DesiredCustomer.locations`.
    package var locations: [String: SourceLocation]

    package init(
        nickname: String,
        renamedFrom: String? = nil,
        offer: OfferID? = nil,
        quantity: Int? = nil,
        termDuration: String? = nil,
        billingCycle: BillingCycle? = nil,
        autoRenew: Bool? = nil,
        status: DesiredSubscriptionStatus = .active,
        state: Presence = .present,
        location: SourceLocation? = nil,
        locations: [String: SourceLocation] = [:]
    ) {
        self.nickname = nickname
        self.renamedFrom = renamedFrom
        self.offer = offer
        self.quantity = quantity
        self.termDuration = termDuration
        self.billingCycle = billingCycle
        self.autoRenew = autoRenew
        self.status = status
        self.state = state
        self.location = location
        self.locations = locations
    }
}

/// `productId:skuId`, as the new-commerce catalog names an offer (`CFQ7TTC0LH18:0001`).
/// The availability is resolved for the customer's country at purchase time.
package struct OfferID: Sendable, Hashable, Codable, CustomStringConvertible {
    package var productId: String
    package var skuId: String

    package init(productId: String, skuId: String) {
        self.productId = productId
        self.skuId = skuId
    }

    /// Parses `PRODUCT:SKU`; nil when the shape is wrong.
    package init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.productId = String(parts[0]).uppercased()
        self.skuId = String(parts[1]).uppercased()
    }

    /// The catalog item id Partner Center uses in carts and on subscriptions (`offerId`):
    /// `productId:skuId` followed, once resolved, by `:availabilityId`.
    package var description: String { "\(productId):\(skuId)" }
}

/// Billing cycles as the manifest and Partner Center spell them.
package enum BillingCycle: String, Sendable, Hashable, Codable, CaseIterable {
    case monthly
    case annual
    case triennial
}

/// The status a manifest may ask a subscription to be in.
package enum DesiredSubscriptionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case active
    case suspended
}
