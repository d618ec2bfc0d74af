import Foundation

/// The time-based new-commerce rules, evaluated against the emulator clock:
/// - seats added at purchase, renewal or mid-term can be removed until their batch's `allowedUntilDateTime`
///   (NCE-19/20, purchase or renewal + the cancellation window); expired batches drop out of
///   `refundableQuantity`;
/// - the term end date is inclusive; the renewal is processed at 00:00 UTC the next day (NCE-26) and opens a new
///   cancellation window (NCE-14), applying any `scheduledNextTermInstructions` (NCE-28);
/// - without auto-renew the subscription ends its term `expired` (INDEX.md rule 29); a suspended one not
///   reactivated by the end of its term is `expired` too (NCE-32).
enum SubscriptionLifecycle {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return calendar
    }()

    /// Brings an NCE subscription up to `now`. Legacy subscriptions are left as they are.
    static func advance(_ subscription: inout Subscription, now: Date, window: TimeInterval) {
        guard subscription.productType?.id == "OnlineServicesNCE" else { return }
        var renewals = 0
        while let end = termEnd(subscription), now > end, renewals < 1000 {
            renewals += 1
            guard subscription.status == "active" else {
                if subscription.status == "suspended" { subscription.status = "expired" }
                break
            }
            guard subscription.autoRenewEnabled == true else {
                subscription.status = "expired"
                break
            }
            renew(&subscription, at: end.addingTimeInterval(1), window: window)
        }
        if let refundable = subscription.refundableQuantity {
            let details = refundable.details.filter { detail in
                (EmulatorJSON.parse(detail.allowedUntilDateTime) ?? .distantPast) > now
            }
            subscription.refundableQuantity = RefundableQuantity(
                totalQuantity: details.reduce(0) { $0 + $1.quantity },
                details: details
            )
        }
    }

    /// End of the current term: `commitmentEndDateTime`, else the inclusive `commitmentEndDate` day.
    static func termEnd(_ subscription: Subscription) -> Date? {
        if let text = subscription.commitmentEndDateTime, let date = EmulatorJSON.parse(text) { return date }
        guard let text = subscription.commitmentEndDate, let date = EmulatorJSON.parse(text) else { return nil }
        return date.addingTimeInterval(24 * 3600 - 1)
    }

    /// Renews into a new term starting at `start` (00:00 UTC the day after the previous end).
    static func renew(_ subscription: inout Subscription, at start: Date, window: TimeInterval) {
        if let next = subscription.scheduledNextTermInstructions {
            let product = next.product
            subscription.offerId = "\(product.productId):\(product.skuId):\(product.availabilityId)"
            subscription.quantity = next.quantity
            subscription.termDuration = next.product.termDuration
            subscription.billingCycle = next.product.billingCycle.lowercased()
            subscription.scheduledNextTermInstructions = nil
        }
        let dayStart = utc.startOfDay(for: start)
        setTerm(&subscription, start: dayStart, purchasedAt: dayStart, window: window)
        subscription.refundableQuantity = RefundableQuantity(
            totalQuantity: subscription.quantity,
            details: [
                RefundableQuantityDetail(
                    quantity: subscription.quantity,
                    allowedUntilDateTime: EmulatorJSON.format(dayStart.addingTimeInterval(window))
                )
            ]
        )
    }

    /// Sets the term dates for a term starting on `start`'s day: inclusive end date, end date-time 23:59:59,
    /// billing cycle end, cancellation deadline.
    static func setTerm(_ subscription: inout Subscription, start: Date, purchasedAt: Date, window: TimeInterval) {
        let day = utc.startOfDay(for: start)
        let term = months(subscription.termDuration ?? "P1M")
        let endDay =
            utc.date(byAdding: .day, value: -1, to: utc.date(byAdding: .month, value: term, to: day) ?? day) ?? day
        let cycle = subscription.billingCycle == "monthly" ? 1 : term
        let cycleEndDay =
            utc.date(byAdding: .day, value: -1, to: utc.date(byAdding: .month, value: min(cycle, term), to: day) ?? day)
            ?? day
        subscription.effectiveStartDate = EmulatorJSON.format(day)
        subscription.commitmentEndDate = EmulatorJSON.format(endDay)
        subscription.commitmentEndDateTime = EmulatorJSON.format(endDay.addingTimeInterval(24 * 3600 - 1))
        subscription.billingCycleEndDate = EmulatorJSON.format(cycleEndDay)
        subscription.billingCycleEndDateTime = EmulatorJSON.format(cycleEndDay.addingTimeInterval(24 * 3600 - 1))
        let cancellationDeadline = EmulatorJSON.format(purchasedAt.addingTimeInterval(window))
        subscription.cancellationAllowedUntilDate = cancellationDeadline
        // Every documented subscription with a term carries `refundOptions` (subscriptions.md RefundOption):
        // a full refund until the cancellation window of the term closes (NCE-12).
        subscription.refundOptions = [RefundOption(type: "Full", expiresAt: cancellationDeadline)]
    }

    /// Months in an ISO-8601 term duration (P1M, P1Y, P3Y).
    static func months(_ duration: String) -> Int {
        switch duration.uppercased() {
        case "P1Y": return 12
        case "P2Y": return 24
        case "P3Y": return 36
        default: return 1
        }
    }

    /// Seats that can be removed now, newest batches first, for a decrease of `count` seats. Returns nil when
    /// fewer than `count` seats are refundable.
    static func removeSeats(_ count: Int, from subscription: inout Subscription) -> Bool {
        guard let refundable = subscription.refundableQuantity, refundable.totalQuantity >= count else { return false }
        var remaining = count
        var details = refundable.details
        for index in details.indices.reversed() where remaining > 0 {
            let taken = min(details[index].quantity, remaining)
            details[index].quantity -= taken
            remaining -= taken
        }
        details.removeAll { $0.quantity == 0 }
        subscription.refundableQuantity = RefundableQuantity(
            totalQuantity: details.reduce(0) { $0 + $1.quantity },
            details: details
        )
        return true
    }
}
