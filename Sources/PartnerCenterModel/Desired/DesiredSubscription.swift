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

extension DesiredSubscription {
    private enum CodingKeys: String, CodingKey {
        case nickname, renamedFrom, offer, quantity, termDuration, billingCycle, autoRenew, status
        case partnerOfRecord, additionalPartnersOfRecord, state, location, locations
    }

    /// Plans saved before issue 17 carry no `additionalPartnersOfRecord`: absent reads as none, and none is not
    /// written, so such a plan loads and writes back byte for byte (SavedPlanCompatibilityTests).
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            nickname: try container.decode(String.self, forKey: .nickname),
            renamedFrom: try container.decodeIfPresent(String.self, forKey: .renamedFrom),
            offer: try container.decodeIfPresent(OfferID.self, forKey: .offer),
            quantity: try container.decodeIfPresent(Int.self, forKey: .quantity),
            termDuration: try container.decodeIfPresent(String.self, forKey: .termDuration),
            billingCycle: try container.decodeIfPresent(BillingCycle.self, forKey: .billingCycle),
            autoRenew: try container.decodeIfPresent(Bool.self, forKey: .autoRenew),
            status: try container.decode(DesiredSubscriptionStatus.self, forKey: .status),
            state: try container.decode(Presence.self, forKey: .state),
            location: try container.decodeIfPresent(SourceLocation.self, forKey: .location),
            locations: try container.decode([String: SourceLocation].self, forKey: .locations)
        )
        partnerOfRecord = try container.decodeIfPresent(String.self, forKey: .partnerOfRecord)
        additionalPartnersOfRecord =
            try container.decodeIfPresent([String].self, forKey: .additionalPartnersOfRecord) ?? []
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(nickname, forKey: .nickname)
        try container.encodeIfPresent(renamedFrom, forKey: .renamedFrom)
        try container.encodeIfPresent(offer, forKey: .offer)
        try container.encodeIfPresent(quantity, forKey: .quantity)
        try container.encodeIfPresent(termDuration, forKey: .termDuration)
        try container.encodeIfPresent(billingCycle, forKey: .billingCycle)
        try container.encodeIfPresent(autoRenew, forKey: .autoRenew)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(partnerOfRecord, forKey: .partnerOfRecord)
        if !additionalPartnersOfRecord.isEmpty {
            try container.encode(additionalPartnersOfRecord, forKey: .additionalPartnersOfRecord)
        }
        try container.encode(state, forKey: .state)
        try container.encodeIfPresent(location, forKey: .location)
        try container.encode(locations, forKey: .locations)
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
