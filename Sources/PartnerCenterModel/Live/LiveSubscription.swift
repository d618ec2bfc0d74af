package import Foundation

/// One subscription as `GET /v1/customers/{id}/subscriptions` returns it.
package struct LiveSubscription: Sendable, Hashable, Codable {
    /// The subscription id (a GUID).
    package var id: String
    /// `offerId`: for new commerce `productId:skuId:availabilityId` (upper case as returned).
    package var offerId: String
    /// `friendlyName`: what the manifests call the nickname.
    package var friendlyName: String
    package var quantity: Int
    package var status: LiveSubscriptionStatus
    /// `termDuration` (ISO 8601: `P1M`, `P1Y`, `P3Y`).
    package var termDuration: String?
    package var billingCycle: LiveBillingCycle
    /// `autoRenewEnabled`.
    package var autoRenewEnabled: Bool
    /// `commitmentEndDate`: the last day of the current term (inclusive, UTC). Renewal happens the day after.
    package var commitmentEndDate: CalendarDate?
    /// `commitmentEndDateTime`: the exact end of the current term, when the service sends it (only this field has
    /// the time of day).
    package var commitmentEndDateTime: Date?
    /// `billingCycleEndDateTime`: the exact end of the current billing cycle, when the service sends it.
    package var billingCycleEndDateTime: Date?
    /// `attentionNeeded`: the service flags the subscription as needing the partner's attention.
    package var attentionNeeded: Bool?
    /// `actionTaken`: an action was taken on a subscription that needed attention.
    package var actionTaken: Bool?
    /// `cancellationAllowedUntilDate`: the last instant the current term can be cancelled; nil when it cannot
    /// be cancelled at all.
    package var cancellationAllowedUntilDate: Date?
    /// `refundableQuantity` (new commerce): seats that can still be removed, per batch with its deadline.
    package var refundableQuantity: LiveRefundableQuantity?
    /// `isTrial`.
    package var isTrial: Bool
    /// Whether this is a new-commerce subscription (`productType.id == "OnlineServicesNCE"`): the 7-day
    /// cancellation and seat-reduction windows apply only to these.
    package var isNewCommerce: Bool
    /// `orderId` of the purchase that created it.
    package var orderId: String?
    /// `attributes.etag`; sent as `If-Match` by subscription PATCHes.
    package var etag: String?
    /// `partnerId`: the MPN id of the subscription's partner of record (an indirect reseller); nil or empty: the
    /// partner itself.
    package var partnerId: String?

    package init(
        id: String,
        offerId: String,
        friendlyName: String,
        quantity: Int,
        status: LiveSubscriptionStatus = .active,
        termDuration: String? = "P1Y",
        billingCycle: LiveBillingCycle = .monthly,
        autoRenewEnabled: Bool = true,
        commitmentEndDate: CalendarDate? = nil,
        cancellationAllowedUntilDate: Date? = nil,
        refundableQuantity: LiveRefundableQuantity? = nil,
        isTrial: Bool = false,
        isNewCommerce: Bool = true,
        orderId: String? = nil,
        etag: String? = nil,
        commitmentEndDateTime: Date? = nil,
        billingCycleEndDateTime: Date? = nil,
        attentionNeeded: Bool? = nil,
        actionTaken: Bool? = nil
    ) {
        self.id = id
        self.offerId = offerId
        self.friendlyName = friendlyName
        self.quantity = quantity
        self.status = status
        self.termDuration = termDuration
        self.billingCycle = billingCycle
        self.autoRenewEnabled = autoRenewEnabled
        self.commitmentEndDate = commitmentEndDate
        self.cancellationAllowedUntilDate = cancellationAllowedUntilDate
        self.refundableQuantity = refundableQuantity
        self.isTrial = isTrial
        self.isNewCommerce = isNewCommerce
        self.orderId = orderId
        self.etag = etag
        self.commitmentEndDateTime = commitmentEndDateTime
        self.billingCycleEndDateTime = billingCycleEndDateTime
        self.attentionNeeded = attentionNeeded
        self.actionTaken = actionTaken
    }

    /// The `product:sku` part of `offerId`, upper case; nil when the id has another shape (legacy offers).
    package var offer: OfferID? {
        let parts = offerId.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return nil }
        return OfferID("\(parts[0]):\(parts[1])")
    }

    /// Whether this is a legacy (pre-new-commerce) subscription: not new commerce, and its `offerId` is not a
    /// `product:sku:availability` catalog item id but a legacy offer id (a GUID such as
    /// `2828BE95-46BA-4F91-B2FD-0BEF192ECF60` for an Office 365 licence, or `MS-AZR-0145P` for the legacy
    /// Microsoft Azure offer; subscriptions.md). No cancellation window and no refundable seats apply to it;
    /// it can't be moved to a new-commerce offer in place: migration to new commerce is the way forward
    /// (new-commerce/rules.md NCE-09: license-based purchases are new commerce since September 2024).
    package var isLegacy: Bool { !isNewCommerce && !offerId.contains(":") }

    /// `commitmentEndDate` when it is a real day: nil for the placeholders the service writes for subscriptions
    /// without a term end (`9999-12-…` on legacy and usage-based subscriptions, NCE-31; `0001-01-01` as an
    /// unset .NET date). Plans never print a placeholder as a renewal or end date.
    package var termEndDate: CalendarDate? {
        guard let date = commitmentEndDate, !date.isPlaceholder else { return nil }
        return date
    }

    /// Whether the subscription still exists as far as the customer is concerned (not cancelled or ended).
    package var isLive: Bool { status != .deleted && status != .expired }
}

/// Subscription `status` values on the wire.
package enum LiveSubscriptionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case none
    case active
    case pending
    case suspended
    case deleted
    case expired
    case disabled
}

/// `billingCycle` values on the wire (lower snake case).
package enum LiveBillingCycle: String, Sendable, Hashable, Codable, CaseIterable {
    case unknown
    case monthly
    case annual
    case none
    case oneTime = "one_time"
    case triennial
}

/// `refundableQuantity {totalQuantity, details[{quantity, allowedUntilDateTime}]}`.
package struct LiveRefundableQuantity: Sendable, Hashable, Codable {
    package var totalQuantity: Int
    package var details: [Batch]

    package struct Batch: Sendable, Hashable, Codable {
        package var quantity: Int
        /// The last instant these seats can be removed.
        package var allowedUntil: Date

        package init(quantity: Int, allowedUntil: Date) {
            self.quantity = quantity
            self.allowedUntil = allowedUntil
        }
    }

    package init(totalQuantity: Int, details: [Batch] = []) {
        self.totalQuantity = totalQuantity
        self.details = details
    }

    /// Seats that can still be removed at `now`: the batches whose deadline has not passed, or the total when
    /// the service gave no per-batch details (it is computed at read time, which is `now`).
    package func removable(at now: Date) -> Int {
        if details.isEmpty { return totalQuantity }
        return details.filter { $0.allowedUntil >= now }.reduce(0) { $0 + $1.quantity }
    }

    /// The earliest deadline among batches still removable at `now`.
    package func earliestDeadline(after now: Date) -> Date? {
        details.filter { $0.allowedUntil >= now }.map(\.allowedUntil).min()
    }
}
