import Foundation

/// The rules of a subscription PATCH (subscriptions.md; new-commerce/rules.md; INDEX.md rules 21-33).
enum SubscriptionRules {
    static let statuses: Set<String> = ["active", "suspended", "deleted"]

    static func apply(
        _ changes: SubscriptionPatch,
        ifMatch: String?,
        to record: inout SubscriptionRecord,
        now: Date,
        window: TimeInterval,
        catalog: Catalog
    ) throws {
        // A PATCH carries the full resource: a property changes only where it differs from the stored one.
        let original = record.resource
        var subscription = original
        let nce = record.isNewCommerce
        try checkChangeable(subscription, changes, ifMatch: ifMatch)
        if let name = changes.friendlyName, name != original.friendlyName {
            subscription.friendlyName = name
        }
        if let status = changes.status?.lowercased(), status != original.status {
            try changeStatus(&subscription, to: status, nce: nce, now: now)
        }
        if let quantity = changes.quantity, quantity != original.quantity {
            try changeQuantity(&subscription, to: quantity, nce: nce, now: now, window: window, catalog: catalog)
        }
        if let autoRenew = changes.autoRenewEnabled, autoRenew != original.autoRenewEnabled {
            guard subscription.status == "active" || !autoRenew else {
                throw PartnerCenterError.badRequest("The subscription is not eligible to be auto-renewed", code: 800093)
            }
            subscription.autoRenewEnabled = autoRenew
            if !autoRenew { subscription.scheduledNextTermInstructions = nil }  // NCE-29
        }
        if let next = changes.scheduledNextTermInstructions, next != original.scheduledNextTermInstructions {
            try scheduleNextTerm(&subscription, next, nce: nce, catalog: catalog)
        }
        record.resource = subscription
    }

    /// The etag (If-Match or `attributes.etag`, 2055), a deleted (2011) or expired (800096) subscription, and the
    /// billing cycle, which only the order changes (2054).
    private static func checkChangeable(
        _ subscription: Subscription,
        _ changes: SubscriptionPatch,
        ifMatch: String?
    ) throws {
        let id = subscription.id
        if let current = subscription.attributes?.etag {
            for presented in [ifMatch, changes.attributes?.etag].compactMap({ $0 }) where !presented.isEmpty {
                guard presented.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) == current else {
                    throw PartnerCenterError.staleETag
                }
            }
        }
        // 2011: a deleted subscription cannot be updated.
        guard subscription.status != "deleted" else {
            throw PartnerCenterError.badRequest(
                "Subscription with ID \(id) and deleted status cannot be updated.",
                code: 2011
            )
        }
        guard subscription.status != "expired" else {
            throw PartnerCenterError.badRequest("Cannot update the status for this subscription", code: 800096)
        }
        // 2054: the billing cycle is changed on the order, never through the subscription.
        if let cycle = changes.billingCycle, let current = subscription.billingCycle,
            cycle.lowercased() != current.lowercased()
        {
            throw PartnerCenterError.badRequest(
                "The billing cycle for an existing subscription cannot be updated using update-subscription operation. "
                    + "Use update-Order operation",
                code: 2054
            )
        }
    }

    /// NCE-28: the next term's product, term and quantity, only for active NCE subscriptions with auto-renew on.
    private static func scheduleNextTerm(
        _ subscription: inout Subscription,
        _ next: ScheduledNextTermInstructions,
        nce: Bool,
        catalog: Catalog
    ) throws {
        guard nce, subscription.status == "active", subscription.autoRenewEnabled == true else {
            throw PartnerCenterError.badRequest("The subscription is not eligible to be auto-renewed", code: 800093)
        }
        let product = next.product
        guard
            let (_, sku, _) = catalog.item(
                catalogItemId: "\(product.productId):\(product.skuId):\(product.availabilityId)"
            )
        else {
            throw PartnerCenterError.badRequest("Invalid offer Id", code: 800004)
        }
        guard ["P1M", "P1Y"].contains(product.termDuration.uppercased()) else {
            throw PartnerCenterError.invalidProperty("ScheduledNextTermInstructions.Product.TermDuration")
        }
        guard (sku.minimumQuantity...sku.maximumQuantity).contains(next.quantity) else {
            throw PartnerCenterError.badRequest(
                "Subscription quantity is not within minimum and maximum allowed quantity",
                code: 2002
            )
        }
        subscription.scheduledNextTermInstructions = next
    }

    private static func changeStatus(_ subscription: inout Subscription, to status: String, nce: Bool, now: Date) throws
    {
        guard statuses.contains(status) else {
            throw PartnerCenterError.badRequest("Cannot update the status for this subscription", code: 800096)
        }
        // NCE-38: no status change during a trial.
        if subscription.isTrial == true && status != "deleted" {
            throw PartnerCenterError.badRequest("Cannot update the status for this subscription", code: 800096)
        }
        switch status {
        case "deleted":
            // Cancellation exists for NCE / marketplace only, and only inside the window (NCE-10, INDEX rule 23).
            guard nce else {
                throw PartnerCenterError.badRequest("Cannot update the status for this subscription", code: 800096)
            }
            guard let deadline = subscription.cancellationAllowedUntilDate.flatMap(EmulatorJSON.parse), now <= deadline
            else {
                throw PartnerCenterError.badRequest(
                    "You have passed your 7-day cancellation window. We are unable to cancel your purchase",
                    code: 900117
                )
            }
            subscription.status = "deleted"
            subscription.autoRenewEnabled = false
            subscription.scheduledNextTermInstructions = nil
            subscription.refundableQuantity = RefundableQuantity(totalQuantity: 0, details: [])
        case "suspended":
            guard subscription.status == "active" else {
                throw PartnerCenterError.badRequest("Cannot update the status for this subscription", code: 800096)
            }
            subscription.status = "suspended"
            subscription.suspensionReasons = ["PartnerInitiated"]
            if nce {
                // NCE-34: suspending turns auto-renew off; NCE-29: scheduled changes are dropped.
                subscription.autoRenewEnabled = false
                subscription.scheduledNextTermInstructions = nil
            }
        default:
            guard subscription.status == "suspended" else {
                throw PartnerCenterError.badRequest("Cannot update the status for this subscription", code: 800096)
            }
            subscription.status = "active"
            subscription.suspensionReasons = nil
        }
    }

    private static func changeQuantity(
        _ subscription: inout Subscription,
        to quantity: Int,
        nce: Bool,
        now: Date,
        window: TimeInterval,
        catalog: Catalog
    ) throws {
        // 2001 / NCE-23: no quantity change while suspended.
        guard subscription.status == "active" else {
            throw PartnerCenterError.badRequest(
                "Subscription quantity cannot be increased or decreased while subscription is being suspended",
                code: 2001
            )
        }
        // NCE-38: no quantity change during a trial.
        guard subscription.isTrial != true else {
            throw PartnerCenterError.badRequest("Cannot update the seat quantity for this subscription", code: 800095)
        }
        let bounds =
            catalog.item(catalogItemId: subscription.offerId).map { _, sku, _ in
                sku.minimumQuantity...sku.maximumQuantity
            } ?? 1...10_000
        guard bounds.contains(quantity) else {
            throw PartnerCenterError.badRequest(
                "Subscription quantity is not within minimum and maximum allowed quantity",
                code: 2002
            )
        }
        if nce {
            if quantity > subscription.quantity {
                // NCE-18/19: increases any time; the added seats get their own window.
                var details = subscription.refundableQuantity?.details ?? []
                details.append(
                    RefundableQuantityDetail(
                        quantity: quantity - subscription.quantity,
                        allowedUntilDateTime: EmulatorJSON.format(now.addingTimeInterval(window))
                    )
                )
                subscription.refundableQuantity = RefundableQuantity(
                    totalQuantity: details.reduce(0) { $0 + $1.quantity },
                    details: details
                )
            } else {
                // NCE-19 / INDEX rule 24: decreases only within the seats' window.
                guard SubscriptionLifecycle.removeSeats(subscription.quantity - quantity, from: &subscription) else {
                    throw PartnerCenterError.badRequest("Subscription quantity cannot be decreased.", code: 800090)
                }
            }
            subscription.scheduledNextTermInstructions = nil  // NCE-29
        }
        subscription.quantity = quantity
    }
}
