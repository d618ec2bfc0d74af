import Foundation

extension EstateCustomerBuilder {
    /// New-commerce purchases (an order each, through `Purchase`), then a trial and an add-on where the profile has
    /// them, then legacy subscriptions; every new-commerce subscription brought up to the estate's day (renewed as
    /// the emulator clock would have); then the partner's later changes through `SubscriptionRules`.
    mutating func addSubscriptions() throws {
        let start = moment(after: profile.created, 0.02)
        var bought: [String] = []
        for purchase in profile.purchases.sorted(by: { $0.moment < $1.moment }) {
            bought.append(
                try buy(
                    purchase.offerId,
                    term: purchase.term,
                    cycle: purchase.cycle,
                    quantity: purchase.quantity,
                    nickname: purchase.nickname,
                    at: moment(after: start, purchase.moment)
                )
            )
        }
        for id in bought { fastForward(id) }
        if profile.addOn, let base = bought.first { try addAddOn(to: base) }
        if profile.trial { try addTrial() }
        for offer in profile.legacy { addLegacy(offer) }
        if profile.autoRenewOff, let id = bought.first, bought.count > 1 || profile.suspension != .newCommerce {
            try patch(id, SubscriptionPatch(autoRenewEnabled: false))
        }
        switch profile.suspension {
        case .newCommerce:
            if let id = bought.last { try patch(id, SubscriptionPatch(status: "suspended")) }
        case .legacy:
            if let id = legacyIds.first { try patch(id, SubscriptionPatch(status: "suspended")) }
        case .none:
            break
        }
    }

    /// One order of one line; returns the new subscription's id.
    private mutating func buy(
        _ offerId: String,
        term: String,
        cycle: String,
        quantity: Int,
        nickname: String,
        at time: Date
    ) throws -> String {
        let line = Purchase.Line(
            lineItemNumber: 0,
            catalogItemId: offerId,
            quantity: quantity,
            termDuration: term,
            billingCycle: cycle,
            friendlyName: nickname
        )
        let purchase = Purchase(
            customerId: customerId,
            lines: [line],
            orderBillingCycle: cycle,
            now: time,
            window: configuration.cancellationWindow,
            seed: seed,
            sandbox: false
        )
        let order = try purchase.execute(in: &scratch)
        return order.resource.lineItems.first?.subscriptionId ?? ""
    }

    /// The subscription renewed term after term up to the estate's day, as `SubscriptionLifecycle.advance` would
    /// (a renewal starts at 00:00 UTC the day after a term ends), but computing only the dates of the skipped terms.
    private mutating func fastForward(_ id: String) {
        guard var subscription = scratch.subscriptions[customerId]?[id]?.resource else { return }
        let window = configuration.cancellationWindow
        let calendar = SubscriptionLifecycle.utc
        let months = SubscriptionLifecycle.months(subscription.termDuration ?? "P1M")
        if subscription.autoRenewEnabled == true, subscription.status == "active",
            let first = subscription.effectiveStartDate.flatMap(EmulatorJSON.parse)
        {
            var start = first
            while let next = calendar.date(byAdding: .month, value: months, to: start), next <= anchor {
                start = next
            }
            if start > first { SubscriptionLifecycle.renew(&subscription, at: start, window: window) }
        }
        SubscriptionLifecycle.advance(&subscription, now: anchor, window: window)
        scratch.subscriptions[customerId]?[id]?.resource = subscription
    }

    /// An add-on (AI Builder capacity, monthly) bought on `base`: it names its parent, which has add-ons to buy.
    private mutating func addAddOn(to base: String) throws {
        let id = try buy(
            EstatePurchase.addOnOffer,
            term: "P1M",
            cycle: "monthly",
            quantity: 1,
            nickname: "AI Builder capacity",
            at: moment(after: moment(after: profile.created, 0.02), 0.99)
        )
        fastForward(id)
        guard var addOn = scratch.subscriptions[customerId]?[id]?.resource else { return }
        addOn.parentSubscriptionId = base
        addOn.links?["parentSubscription"] = Link(uri: "/customers/\(customerId)/subscriptions/\(base)")
        scratch.subscriptions[customerId]?[id]?.resource = addOn
        scratch.subscriptions[customerId]?[base]?.resource.hasPurchasableAddons = true
    }

    /// A one-month Business Premium trial started in the last weeks: 25 seats, not billed, not renewing.
    private mutating func addTrial() throws {
        let started = max(anchor.addingTimeInterval(-EstateProfile.day * 20), moment(after: profile.created, 0.5))
        let id = try buy(
            EstatePurchase.trialOffer,
            term: "P1M",
            cycle: "monthly",
            quantity: 25,
            nickname: "Business Premium trial",
            at: started
        )
        guard var trial = scratch.subscriptions[customerId]?[id]?.resource else { return }
        trial.isTrial = true
        trial.autoRenewEnabled = false
        // BillingCycleType None "may be used for trial items" (new-commerce/rules.md NCE-02).
        trial.billingCycle = "none"
        scratch.subscriptions[customerId]?[id]?.resource = trial
    }

    /// A change the partner made later (`PATCH` of the subscription), on the estate's day, with the new etag the
    /// subscriptions controller gives.
    private mutating func patch(_ id: String, _ changes: SubscriptionPatch) throws {
        guard var record = scratch.subscriptions[customerId]?[id] else { return }
        try SubscriptionRules.apply(
            changes,
            ifMatch: nil,
            to: &record,
            now: anchor,
            window: configuration.cancellationWindow,
            catalog: scratch.catalog
        )
        scratch.idCounter += 1
        record.resource.attributes?.etag = ResourceAttributes.versionedETag(id: id, version: scratch.idCounter)
        scratch.subscriptions[customerId]?[id] = record
    }
}
