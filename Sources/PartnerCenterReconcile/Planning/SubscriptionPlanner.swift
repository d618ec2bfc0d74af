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
        let holdings = Holdings(live: [], desired: desired)
        for subscription in desired.subscriptions where subscription.state == .present {
            purchase(
                subscription,
                domain: domain,
                country: country,
                agreement: agreement,
                holdings: holdings,
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
        let holdings = Holdings(live: subscriptions, desired: desired)
        let liveCountry = live.billing.value?.country
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
                    purchase(
                        want,
                        domain: domain,
                        country: country,
                        agreement: agreement,
                        holdings: holdings,
                        dependsOn: [],
                        in: &context
                    )
                }
                continue
            }
            context.fingerprint(address, etag: have.etag, fields: fields(have))
            if want.state == .absent {
                if !context.ignoresObject(domain: domain, address: address, path: objectPath, drift: "not cancelled") {
                    cancel(have, address: address, in: &context)
                }
            } else {
                update(
                    want,
                    have: have,
                    domain: domain,
                    address: address,
                    country: liveCountry,
                    holdings: holdings,
                    in: &context
                )
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
                    + (subscription.isLegacy
                        ? " (a legacy subscription: migrating it to new commerce is the way forward)" : "")
            )
        }
    }

    // MARK: - Purchase

    private static func purchase(
        _ want: DesiredSubscription,
        domain: String,
        country: String?,
        agreement: AgreementState,
        holdings: Holdings,
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
        switch context.live.catalog.limits(offer, country: country) {
        case .unknown(let read)?:
            context.unknown(address, UnknownRead(reason: "\(catalogAddress) SKU limits: \(read.reason)"))
            return
        case .known(let limits?)?:
            let problems = limitProblems(
                offer: offer,
                quantity: quantity,
                limits: limits,
                heldElsewhere: holdings.seats[offer.description] ?? 0,
                purchase: (cycle: cycle.rawValue, holdings: holdings)
            )
            if !problems.isEmpty {
                if change.action != .blocked { change.messages = [] }
                change.action = .blocked
                change.reasons += problems.map(\.0)
                change.messages += problems.map(\.1)
            }
        case .known(nil)?, nil:
            break
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
        case .unknown(let appOnly, let reason):
            // The acceptance could not be read, so whether Partner Center takes the purchase (13605 without an
            // acceptance) is unknown: blocked with what would make it readable, never "will be created".
            if change.action != .blocked { change.messages = [] }
            change.action = .blocked
            change.reasons.append(.mcaAcceptanceRequired)
            if appOnly {
                change.reasons.append(.requiresAppUser)
                change.messages.append(
                    "The customer's Microsoft Customer Agreement acceptance can't be read with app-only credentials "
                        + "(GET /v1/customers/{id}/agreements is App+User only), and Partner Center refuses a "
                        + "new-commerce purchase without it (13605). Set CSPCTL_REFRESH_TOKEN (App+User credentials, "
                        + "with AZURE_CLIENT_ID/AZURE_CLIENT_SECRET) so the plan can read it."
                )
            } else {
                change.reasons.append(.dependsOnUnknown)
                change.messages.append(
                    "The customer's Microsoft Customer Agreement acceptance could not be read (\(reason)); Partner "
                        + "Center refuses a new-commerce purchase without it (13605). Plan again once it can be read."
                )
            }
        }
        context.add(change)
    }

    // MARK: - Catalog limits

    /// What the customer holds (active and suspended subscriptions) and what the manifest buys, for the
    /// catalog's per-customer limits.
    struct Holdings {
        /// Seats per offer (`PRODUCT:SKU`) across the customer's active and suspended subscriptions.
        var seats: [String: Int] = [:]
        /// Offers (`PRODUCT:SKU`) the customer holds or the manifest asks for.
        var offers: Set<String> = []

        init(live: [LiveSubscription], desired: DesiredCustomer) {
            for subscription in live where subscription.status == .active || subscription.status == .suspended {
                guard let offer = subscription.offer?.description else { continue }
                seats[offer, default: 0] += subscription.quantity
                offers.insert(offer)
            }
            for subscription in desired.subscriptions where subscription.state == .present {
                if let offer = subscription.offer?.description { offers.insert(offer) }
            }
        }
    }

    /// The documented purchase limits a quantity breaks (catalog.md Sku; subscriptions.md 2002; new-commerce/
    /// rules.md NCE-24 800088, NCE-46 400041), each with what to do instead. `heldElsewhere`: seats of the
    /// same SKU the customer holds in its other subscriptions. `purchase`: for a new subscription, its billing
    /// cycle and the customer's holdings (add-on prerequisites).
    static func limitProblems(
        offer: OfferID,
        quantity: Int,
        limits: LiveSkuLimits,
        heldElsewhere: Int,
        purchase: (cycle: String, holdings: Holdings)?
    ) -> [(ActionReason, String)] {
        var problems: [(ActionReason, String)] = []
        let name = limits.title.map { "\($0) (\(offer))" } ?? "\(offer)"
        if let minimum = limits.minimumQuantity, quantity < minimum {
            problems.append(
                (
                    .quantityOutOfRange,
                    "\(name) is sold in at least \(minimum) seat(s) per subscription, not \(quantity) (Partner Center "
                        + "refuses it with 2002)."
                )
            )
        }
        if let maximum = limits.maximumQuantity {
            if quantity > maximum {
                problems.append(
                    (
                        .quantityOutOfRange,
                        "\(name) allows at most \(maximum) seats per subscription, not \(quantity) (Partner Center "
                            + "refuses more with 800088 or 2002). Split the seats across another offer, or choose a "
                            + "SKU without this limit."
                    )
                )
            } else if heldElsewhere > 0, heldElsewhere + quantity > maximum {
                // NCE-24: small-business SKUs' Max Seat Count is pooled across the customer's subscriptions of the
                // SKU, from every partner. cspctl sees only this partner's, so the service may refuse even less.
                problems.append(
                    (
                        .seatLimitExceeded,
                        "The customer already holds \(heldElsewhere) seat(s) of \(name) in other subscriptions; the "
                            + "SKU allows at most \(maximum) per customer (pooled), so at most "
                            + "\(max(0, maximum - heldElsewhere)) can be here, not \(quantity) (Partner Center refuses "
                            + "more with 800088)."
                    )
                )
            }
        }
        if let purchase {
            let cycles = limits.supportedBillingCycles.map { $0.lowercased() }
            if !cycles.isEmpty, !cycles.contains(purchase.cycle.lowercased()) {
                problems.append(
                    (
                        .billingCycleNotOffered,
                        "\(name) is billed \(cycles.joined(separator: " or ")), not \(purchase.cycle)."
                    )
                )
            }
            let bases = limits.prerequisiteSkus.map { $0.uppercased() }
            if limits.isAddon, !bases.isEmpty, purchase.holdings.offers.isDisjoint(with: bases) {
                problems.append(
                    (
                        .addonBaseMissing,
                        "\(name) is an add-on: the customer must hold one of \(bases.joined(separator: ", ")) first "
                            + "(Partner Center refuses it with 400041). Add the base subscription to the manifest."
                    )
                )
            }
        }
        return problems
    }

    /// What a suspension means for the bill, by kind of subscription (NCE-33: new commerce keeps billing).
    static func suspensionBilling(_ subscription: LiveSubscription) -> [String] {
        if subscription.isNewCommerce {
            return ["Partner Center keeps billing a suspended new-commerce subscription to the end of its term."]
        }
        if subscription.isLegacy {
            return ["A suspended legacy subscription is not billed (only new commerce bills through a suspension)."]
        }
        return []
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
            if have.isLegacy {
                change.reasons.append(.legacySubscription)
                change.messages = [
                    "Legacy subscriptions have no cancellation window and are not cancelled through the API: set "
                        + "`status: suspended` instead (a suspended legacy subscription is not billed), or migrate it "
                        + "to new commerce."
                ]
            } else {
                change.messages = ["Only new-commerce subscriptions are cancelled: set `status: suspended` instead."]
            }
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
            let end = have.termEndDate.map { "\($0)" } ?? "the end of its term"
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
        country: String?,
        holdings: Holdings,
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
        // Placeholder term ends (`9999-12-…` on legacy subscriptions) are never printed as dates.
        var renewal: String { have.termEndDate.map { "\($0.adding(days: 1))" } ?? "the next renewal" }
        var blocked: [(ActionReason, String)] = []
        if have.isLegacy, !changed.isDisjoint(with: ["offer", "termDuration", "billingCycle"]) {
            // A legacy subscription takes no new-commerce offer, term or billing frequency, now or at a renewal:
            // migration to new commerce is the way forward (NCE-09; scheduled changes are "not applicable for
            // legacy offers", subscriptions.md).
            let attributes = ["offer", "termDuration", "billingCycle"].filter(changed.contains)
            blocked.append(
                (
                    .legacySubscription,
                    "This is a legacy subscription (offer \(have.offerId)): its "
                        + attributes.joined(separator: ", ") + " can't be changed in place or at a renewal. Migrate it "
                        + "to new commerce in Partner Center (a new-commerce subscription with the offer, term and "
                        + "billing frequency you choose replaces it), or buy a new-commerce subscription and suspend "
                        + "this one."
                )
            )
        }
        if changed.contains("offer"), !have.isLegacy {
            blocked.append(
                (
                    .offerChangeNotAllowedInPlace,
                    "Upgrade it in Partner Center (upgrades only, never downgrades), or buy a "
                        + "new subscription with the new offer and let this one end."
                )
            )
        }
        if changed.contains("termDuration"), !have.isLegacy {
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
        if changed.contains("billingCycle"), !have.isLegacy {
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
                        ? "or turn off auto-renew so it ends on \(have.termEndDate.map { "\($0)" } ?? "its term end")."
                        : "or let it end.")
                blocked.append((.nceQuantityDecreaseWindowClosed, message))
            }
        }
        if changed.contains("quantity"), let offer = have.offer, let country {
            switch context.live.catalog.limits(offer, country: country) {
            case .unknown(let read)?:
                // The limits decide whether the service takes the new quantity: unknown, never guessed.
                context.unknown(address, UnknownRead(reason: "catalog[\(offer):\(country)] SKU limits: \(read.reason)"))
                return
            case .known(let limits?)?:
                let held = holdings.seats[offer.description] ?? 0
                let mine = have.status == .active || have.status == .suspended ? have.quantity : 0
                blocked += limitProblems(
                    offer: offer,
                    quantity: quantity,
                    limits: limits,
                    // Only an increase can break the pooled limit.
                    heldElsewhere: quantity > have.quantity ? held - mine : 0,
                    purchase: nil
                )
            case .known(nil)?, nil:
                break
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
