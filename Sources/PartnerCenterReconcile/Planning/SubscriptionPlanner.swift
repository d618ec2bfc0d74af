import Foundation
import PartnerCenterModel

/// Plans a customer's subscriptions: purchases, in-place updates, cancellations, and what new commerce forbids.
///
/// A desired subscription claims the live one whose `friendlyName` is its nickname (or its `renamedFrom`);
/// live subscriptions nobody claims are unmanaged and only noted.
enum SubscriptionPlanner {
    static func planNewCustomer(
        _ desired: DesiredCustomer,
        domain: String,
        country: String?,
        agreement: AgreementState,
        in context: inout PlanningContext
    ) {
        for subscription in desired.subscriptions where subscription.state == .present {
            purchase(
                subscription,
                domain: domain,
                country: country,
                agreement: agreement,
                dependsOn: [PlanAddress.customer(domain)],
                in: &context
            )
        }
    }

    static func planExisting(
        _ desired: DesiredCustomer,
        live: LiveCustomer,
        domain: String,
        agreement: AgreementState,
        in context: inout PlanningContext
    ) {
        let listAddress = PlanAddress.subscriptions(domain)
        let subscriptions: [LiveSubscription]
        switch live.subscriptions {
        case .unknown(let read):
            if !desired.subscriptions.isEmpty { context.unknown(listAddress, read) }
            return
        case .known(let value):
            subscriptions = value
        }
        context.fingerprint(
            listAddress,
            etag: nil,
            fields: subscriptions.map { "\($0.id) \($0.friendlyName) \($0.status.rawValue)" }.sorted()
        )
        var claimed = Set<String>()
        for want in desired.subscriptions {
            let address = PlanAddress.subscription(domain, want.nickname)
            var candidates = subscriptions.filter { $0.friendlyName == want.nickname }
            if !candidates.contains(where: \.isLive), let old = want.renamedFrom {
                candidates += subscriptions.filter { $0.friendlyName == old }
            }
            claimed.formUnion(candidates.map(\.id))
            let current = candidates.filter(\.isLive)
            if current.count > 1 {
                context.add(
                    Change(
                        address: address,
                        action: .blocked,
                        reasons: [.ambiguousLiveMatch],
                        messages: [
                            "Live subscriptions \(current.map(\.id).sorted().joined(separator: ", ")) share this name; "
                                + "rename all but one in Partner Center."
                        ]
                    )
                )
                continue
            }
            let objectPath = "subscriptions[\(want.nickname)]"
            guard let have = current.first else {
                if want.state == .present,
                    !context.ignoresObject(domain: domain, address: address, path: objectPath, drift: "not purchased")
                {
                    let country = live.billing.value?.country
                    if country == nil, case .unknown(let read) = live.billing {
                        context.unknown(address, UnknownRead(reason: "the customer's country: \(read.reason)"))
                        continue
                    }
                    purchase(want, domain: domain, country: country, agreement: agreement, dependsOn: [], in: &context)
                }
                continue
            }
            context.fingerprint(address, etag: have.etag, fields: fields(have))
            if want.state == .absent {
                if !context.ignoresObject(domain: domain, address: address, path: objectPath, drift: "not cancelled") {
                    cancel(have, address: address, in: &context)
                }
            } else {
                update(want, have: have, domain: domain, address: address, in: &context)
            }
        }
        // Names are needed only for unmanaged subscriptions: most customers have none.
        let unclaimed = subscriptions.filter { $0.isLive && !claimed.contains($0.id) }
        let names = unclaimed.isEmpty ? [:] : liveNames(subscriptions)
        for subscription in unclaimed {
            context.note(
                .unmanagedSubscription,
                .info,
                PlanAddress.subscription(domain, names[subscription.id] ?? subscription.id),
                "unmanaged: \(subscription.offerId) × \(subscription.quantity) (\(subscription.status.rawValue)), "
                    + "id \(subscription.id); no manifest entry claims it, cspctl leaves it alone"
            )
        }
    }

    // MARK: - Purchase

    private static func purchase(
        _ want: DesiredSubscription,
        domain: String,
        country: String?,
        agreement: AgreementState,
        dependsOn: [String],
        in context: inout PlanningContext
    ) {
        let address = PlanAddress.subscription(domain, want.nickname)
        let prefix = "subscriptions[\(want.nickname)]."
        guard let offer = want.offer, let quantity = want.quantity, let term = want.termDuration,
            let cycle = want.billingCycle
        else {
            context.add(
                Change(
                    address: address,
                    action: .blocked,
                    reasons: [.absentLive, .createFieldsMissing],
                    messages: ["A purchase needs offer, quantity, termDuration and billingCycle."]
                )
            )
            return
        }
        var diffs = [
            AttributeDiff(path: prefix + "offer", name: "offer", before: nil, after: .string(offer.description)),
            AttributeDiff(path: prefix + "quantity", name: "quantity", before: nil, after: .int(quantity)),
            AttributeDiff(path: prefix + "termDuration", name: "termDuration", before: nil, after: .string(term)),
            AttributeDiff(
                path: prefix + "billingCycle",
                name: "billingCycle",
                before: nil,
                after: .string(cycle.rawValue)
            ),
        ]
        if let autoRenew = want.autoRenew {
            diffs.append(
                AttributeDiff(path: prefix + "autoRenew", name: "autoRenew", before: nil, after: .bool(autoRenew))
            )
        }
        var change = Change(
            address: address,
            action: .create,
            reasons: [.absentLive],
            diffs: diffs,
            irreversible: true,
            dependsOn: dependsOn,
            messages: [
                "A new-commerce purchase can be cancelled (prorated refund) only within 7 days; after that its term "
                    + "is billed in full."
            ]
        )
        if want.status == .suspended {
            change.messages.append("It is bought active; the next plan suspends it.")
        }
        guard let country else {
            change.action = .blocked
            change.reasons.append(.createFieldsMissing)
            change.messages = [
                "The customer's country is not known (billing.address.country), so the offer can't be priced."
            ]
            context.add(change)
            return
        }
        let catalogAddress = "catalog[\(offer):\(country.uppercased())]"
        switch context.live.catalog.lookup(offer, country: country) {
        case nil:
            context.unknown(address, UnknownRead(reason: "\(catalogAddress) was not looked up"))
            return
        case .unknown(let read):
            context.unknown(address, UnknownRead(reason: "\(catalogAddress): \(read.reason)"))
            return
        case .notOffered:
            change.action = .blocked
            change.reasons.append(.unknownOffer)
            change.messages = [
                "The new-commerce catalog has no purchasable \(offer) in \(country.uppercased()): check the product and "
                    + "SKU ids (GET /v1/products/{productId}/skus?country=\(country.uppercased()))."
            ]
        case .available(let availability):
            if !availability.termDurations.isEmpty, !availability.termDurations.contains(term.uppercased()) {
                change.action = .blocked
                change.reasons.append(.termNotOffered)
                change.messages = [
                    "\(offer) is sold in \(country.uppercased()) with terms "
                        + availability.termDurations.joined(separator: ", ") + ", not \(term)."
                ]
            }
            var parameters: [String: PlanValue] = [
                "catalogItemId": .string("\(offer):\(availability.availabilityId)"),
                "productId": .string(offer.productId),
                "skuId": .string(offer.skuId),
                "availabilityId": .string(availability.availabilityId),
                "quantity": .int(quantity),
                "termDuration": .string(term),
                "billingCycle": .string(cycle.rawValue),
                "friendlyName": .string(want.nickname),
            ]
            if let autoRenew = want.autoRenew { parameters["autoRenewEnabled"] = .bool(autoRenew) }
            change.requests = [PlannedRequest(operation: .purchaseSubscription, parameters: parameters)]
        }
        switch agreement {
        case .accepted:
            break
        case .acceptedInPlan(let agreementAddress):
            change.dependsOn.append(agreementAddress)
        case .missing:
            if change.action != .blocked {
                change.action = .blocked
                change.messages = [
                    "The customer has not accepted the Microsoft Customer Agreement. Add an `agreement:` contact to "
                        + "the customer so the plan confirms the acceptance first."
                ]
            }
            change.reasons.append(.mcaAcceptanceRequired)
        case .unknown:
            change.messages.append(
                "The customer's MCA acceptance could not be read; Partner Center refuses the purchase without it."
            )
        }
        context.add(change)
    }

    // MARK: - Cancel

    private static func cancel(_ have: LiveSubscription, address: String, in context: inout PlanningContext) {
        var change = Change(
            address: address,
            action: .remove,
            reasons: [.absentInManifest],
            diffs: [
                AttributeDiff(
                    path: "subscriptions[\(have.friendlyName)].status",
                    name: "status",
                    before: .string(have.status.rawValue),
                    after: .string(LiveSubscriptionStatus.deleted.rawValue)
                )
            ],
            irreversible: true,
            requests: [PlannedRequest(operation: .cancelSubscription, target: have.id, etag: have.etag)]
        )
        guard have.status == .active || have.status == .suspended else {
            change.action = .blocked
            change.reasons.append(.subscriptionNotManageable)
            change.messages = ["A \(have.status.rawValue) subscription can't be cancelled."]
            context.add(change)
            return
        }
        guard have.isNewCommerce else {
            change.action = .blocked
            change.reasons.append(.subscriptionNotManageable)
            change.messages = [
                "Legacy subscriptions are not cancelled through the API: set `status: suspended` instead."
            ]
            context.add(change)
            return
        }
        if let until = have.cancellationAllowedUntilDate, context.now <= until {
            change.messages = [
                "Cancellation can't be undone: the customer loses access at once. Refund: full within 24 hours of "
                    + "purchase or renewal, prorated until \(until.iso8601)."
            ]
        } else {
            change.action = .blocked
            change.reasons.append(.nceCancellationWindowClosed)
            let closed = have.cancellationAllowedUntilDate.map { " on \($0.iso8601)" } ?? ""
            let end = have.commitmentEndDate.map { "\($0)" } ?? "the end of its term"
            change.messages = [
                "The cancellation window closed\(closed); the term is billed in full."
                    + (have.autoRenewEnabled
                        ? " Instead: set `autoRenew: false` so it ends on \(end), or `status: suspended` (still billed)."
                        : " Auto-renew is off: it ends on \(end); remove the entry after that.")
            ]
        }
        context.add(change)
    }

    // MARK: - Update in place

    private static func update(
        _ want: DesiredSubscription,
        have: LiveSubscription,
        domain: String,
        address: String,
        in context: inout PlanningContext
    ) {
        guard have.status == .active || have.status == .suspended else {
            context.note(
                .notManageable,
                .warning,
                address,
                "the subscription is \(have.status.rawValue); cspctl compares it once it is active or suspended"
            )
            return
        }
        let prefix = "subscriptions[\(want.nickname)]."
        var comparison = AttributeComparison()
        comparison.compare(
            prefix + "nickname",
            name: "nickname",
            live: .string(have.friendlyName),
            desired: .string(want.nickname)
        )
        if let offer = want.offer {
            // `offerId` is `product:sku:availability`: compare its first two parts without parsing.
            let wanted = offer.description
            let same = AttributeComparison.equalIgnoringCase(
                String(have.offerId.prefix(wanted.count + 1)),
                wanted + ":"
            )
            comparison.compare(
                prefix + "offer",
                name: "offer",
                live: same ? .string(wanted) : have.offer.map { .string($0.description) } ?? .string(have.offerId),
                desired: .string(wanted)
            )
        }
        comparison.compare(
            prefix + "termDuration",
            name: "termDuration",
            live: have.termDuration.map(PlanValue.string),
            desired: want.termDuration.map(PlanValue.string),
            caseInsensitive: true
        )
        comparison.compare(
            prefix + "billingCycle",
            name: "billingCycle",
            live: .string(have.billingCycle.rawValue),
            desired: want.billingCycle.map { .string($0.rawValue) }
        )
        comparison.compare(
            prefix + "status",
            name: "status",
            live: .string(have.status.rawValue),
            desired: .string(want.status.rawValue)
        )
        comparison.compare(
            prefix + "quantity",
            name: "quantity",
            live: .int(have.quantity),
            desired: want.quantity.map(PlanValue.int)
        )
        if want.status == .active {
            // Suspending turns auto-renew off (NCE-34): compared only for subscriptions meant to be active.
            comparison.compare(
                prefix + "autoRenew",
                name: "autoRenew",
                live: .bool(have.autoRenewEnabled),
                desired: want.autoRenew.map(PlanValue.bool)
            )
        }
        let (diffs, ignored) = context.filterIgnored(domain: domain, address: address, diffs: comparison.diffs)
        guard !diffs.isEmpty else { return }
        let changed = Set(diffs.map { String($0.path.dropFirst(prefix.count)) })
        var change = Change(
            address: address,
            action: .update,
            reasons: [.attributeDiffers] + (ignored ? [.driftIgnored] : []),
            diffs: diffs,
            unchangedAttributes: comparison.unchanged + comparison.diffs.count - diffs.count
        )
        if changed.contains("nickname"), want.renamedFrom != nil { change.reasons.append(.renamed) }
        var renewal: String { have.commitmentEndDate.map { "\($0.adding(days: 1))" } ?? "the next renewal" }
        var blocked: [(ActionReason, String)] = []
        if changed.contains("offer") {
            blocked.append(
                (
                    .offerChangeNotAllowedInPlace,
                    "Upgrade it in Partner Center (upgrades only, never downgrades), or buy a "
                        + "new subscription with the new offer and let this one end."
                )
            )
        }
        if changed.contains("termDuration") {
            let renewable = ["P1M", "P1Y"].contains(want.termDuration?.uppercased() ?? "")
            blocked.append(
                (
                    .termChangeNotAllowedInPlace,
                    renewable
                        ? "Schedule the new term for the renewal on \(renewal) in Partner Center (scheduled change; needs "
                            + "auto-renew on), or buy a new subscription with this term."
                        : "A renewal can only be P1M or P1Y: buy a new subscription with this term and let this one end."
                )
            )
        }
        if changed.contains("billingCycle") {
            blocked.append(
                (
                    .billingCycleChangeNotAllowedInPlace,
                    "Schedule the new billing frequency for the renewal on \(renewal) "
                        + "(scheduled change; needs auto-renew on), or buy a new subscription."
                )
            )
        }
        let quantity = want.quantity ?? have.quantity
        if have.isTrial, changed.contains("quantity") || changed.contains("status") {
            blocked.append(
                (
                    .trialSubscriptionLocked,
                    "Convert the trial to a paid subscription first, or change it after it converts."
                )
            )
        }
        if changed.contains("quantity"), have.status == .suspended, want.status == .suspended {
            blocked.append((.subscriptionSuspended, "Reactivate it (`status: active`) to change its quantity."))
        }
        if changed.contains("quantity"), quantity < have.quantity, have.isNewCommerce {
            let remove = have.quantity - quantity
            let removable = have.refundableQuantity?.removable(at: context.now) ?? 0
            if remove > removable {
                var message = ""
                if removable > 0, let deadline = have.refundableQuantity?.earliestDeadline(after: context.now) {
                    message =
                        "Only \(removable) of the \(remove) seats can be removed now (until \(deadline.iso8601)). "
                }
                message +=
                    "Instead: reduce the quantity at renewal on \(renewal) (a scheduled change in Partner Center), "
                    + (have.autoRenewEnabled
                        ? "or turn off auto-renew so it ends on \(have.commitmentEndDate.map { "\($0)" } ?? "its term end")."
                        : "or let it end.")
                blocked.append((.nceQuantityDecreaseWindowClosed, message))
            }
        }
        if !blocked.isEmpty {
            change.action = .blocked
            change.reasons += blocked.map(\.0)
            change.messages = blocked.map(\.1)
            context.add(change)
            return
        }
        if changed.contains("quantity"), quantity > have.quantity, have.isNewCommerce {
            let windowOpen = have.cancellationAllowedUntilDate.map { context.now <= $0 } ?? false
            if !windowOpen {
                change.irreversible = true
                change.reasons.append(.nceIncreaseOutsideCancellationWindow)
                change.messages.append(
                    "The \(quantity - have.quantity) added seats can be removed only within 7 days; after that they "
                        + "are billed to the end of the term."
                )
            }
        }
        change.requests = requests(want, have: have, changed: changed)
        context.add(change)
    }

    /// PATCHes in a safe order: reactivate first, suspend last (a suspended subscription takes no other change).
    private static func requests(
        _ want: DesiredSubscription,
        have: LiveSubscription,
        changed: Set<String>
    ) -> [PlannedRequest] {
        func patch(_ key: String, _ value: PlanValue) -> PlannedRequest {
            PlannedRequest(operation: .updateSubscription, target: have.id, etag: have.etag, parameters: [key: value])
        }
        var requests: [PlannedRequest] = []
        if changed.contains("status"), want.status == .active {
            requests.append(PlannedRequest(operation: .reactivateSubscription, target: have.id, etag: have.etag))
        }
        if changed.contains("nickname") { requests.append(patch("friendlyName", .string(want.nickname))) }
        if changed.contains("quantity"), let quantity = want.quantity {
            requests.append(patch("quantity", .int(quantity)))
        }
        if changed.contains("autoRenew"), let autoRenew = want.autoRenew {
            requests.append(patch("autoRenewEnabled", .bool(autoRenew)))
        }
        if changed.contains("status"), want.status == .suspended {
            requests.append(PlannedRequest(operation: .suspendSubscription, target: have.id, etag: have.etag))
        }
        return requests
    }

    // MARK: - Helpers

    /// How plans address live subscriptions: by `friendlyName` when it is non-empty and unique, else by id.
    static func liveNames(_ subscriptions: [LiveSubscription]) -> [String: String] {
        let live = subscriptions.filter(\.isLive)
        let counts = Dictionary(grouping: live, by: \.friendlyName).mapValues(\.count)
        var names: [String: String] = [:]
        for subscription in live {
            let name = subscription.friendlyName
            names[subscription.id] = !name.isEmpty && counts[name] == 1 ? name : subscription.id
        }
        return names
    }

    /// The compared fields, for a subscription without an etag.
    static func fields(_ subscription: LiveSubscription) -> [String] {
        [
            subscription.id, subscription.offerId, subscription.friendlyName, "\(subscription.quantity)",
            subscription.status.rawValue, subscription.termDuration ?? "", subscription.billingCycle.rawValue,
            "\(subscription.autoRenewEnabled)",
        ]
    }
}
