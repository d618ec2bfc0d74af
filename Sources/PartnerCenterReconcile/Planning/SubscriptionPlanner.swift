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
        let customer = ExistingCustomer(
            domain: domain,
            live: live,
            subscriptions: subscriptions,
            agreement: agreement,
            holdings: Holdings(live: subscriptions, desired: desired)
        )
        var claimed = Set<String>()
        for want in desired.subscriptions {
            claimed.formUnion(plan(want, customer, in: &context))
        }
        noteUnmanaged(subscriptions.filter { $0.isLive && !claimed.contains($0.id) }, customer, in: &context)
    }

    /// An existing customer, as its subscriptions are planned.
    private struct ExistingCustomer {
        var domain: String
        var live: LiveCustomer
        var subscriptions: [LiveSubscription]
        var agreement: AgreementState
        var holdings: Holdings
    }

    /// Plans one desired subscription of an existing customer; returns the ids of the live subscriptions it
    /// claims (its name, or its old name while no live one has the new).
    private static func plan(
        _ want: DesiredSubscription,
        _ customer: ExistingCustomer,
        in context: inout PlanningContext
    ) -> [String] {
        let (domain, live) = (customer.domain, customer.live)
        let address = PlanAddress.subscription(domain, want.nickname)
        var candidates = customer.subscriptions.filter { $0.friendlyName == want.nickname }
        if !candidates.contains(where: \.isLive), let old = want.renamedFrom {
            candidates += customer.subscriptions.filter { $0.friendlyName == old }
        }
        let current = candidates.filter(\.isLive)
        if current.count > 1 {
            let ids = current.map(\.id).sorted().joined(separator: ", ")
            let message = "Live subscriptions \(ids) share this name; rename all but one in Partner Center."
            context.add(Change(address: address, action: .blocked, reasons: [.ambiguousLiveMatch], messages: [message]))
            return candidates.map(\.id)
        }
        let objectPath = "subscriptions[\(want.nickname)]"
        guard let have = current.first else {
            guard want.state == .present,
                !context.ignoresObject(domain: domain, address: address, path: objectPath, drift: "not purchased")
            else { return candidates.map(\.id) }
            let country = live.billing.value?.country
            if country == nil, case .unknown(let read) = live.billing {
                context.unknown(address, UnknownRead(reason: "the customer's country: \(read.reason)"))
                return candidates.map(\.id)
            }
            purchase(
                want,
                domain: domain,
                country: country,
                agreement: customer.agreement,
                holdings: customer.holdings,
                dependsOn: [],
                in: &context
            )
            return candidates.map(\.id)
        }
        context.fingerprint(address, etag: have.etag, fields: fields(have))
        if want.state == .absent {
            if !context.ignoresObject(domain: domain, address: address, path: objectPath, drift: "not cancelled") {
                cancel(have, address: address, in: &context)
            }
        } else {
            ResellerPlanner.planPartnerChange(want, have: have, address: address, in: &context)
            let country = live.billing.value?.country
            let holdings = customer.holdings
            update(
                want,
                have: have,
                domain: domain,
                address: address,
                country: country,
                holdings: holdings,
                in: &context
            )
        }
        return candidates.map(\.id)
    }

    /// Live subscriptions no manifest entry claims: noted, never touched.
    private static func noteUnmanaged(
        _ unclaimed: [LiveSubscription],
        _ customer: ExistingCustomer,
        in context: inout PlanningContext
    ) {
        // Names are needed only for unmanaged subscriptions: most customers have none.
        let names = unclaimed.isEmpty ? [:] : liveNames(customer.subscriptions)
        for subscription in unclaimed {
            context.note(
                .unmanagedSubscription,
                .info,
                PlanAddress.subscription(customer.domain, names[subscription.id] ?? subscription.id),
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
        guard let order = Order(want) else {
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
        var change = purchaseChange(order, address: address, dependsOn: dependsOn)
        guard let country else {
            change.action = .blocked
            change.reasons.append(.createFieldsMissing)
            change.messages = [
                "The customer's country is not known (billing.address.country), so the offer can't be priced."
            ]
            context.add(change)
            return
        }
        guard priceFromCatalog(order, country: country, change: &change, in: &context),
            checkLimits(order, country: country, holdings: holdings, change: &change, in: &context)
        else { return }
        requireAgreement(agreement, change: &change)
        if let partner = ResellerPlanner.partnerOfRecord(order.want, change: &change, in: &context),
            case .purchaseSubscription(var purchase)? = change.requests.first?.kind
        {
            purchase.partnerIdOnRecord = partner
            if !order.want.additionalPartnersOfRecord.isEmpty {
                purchase.additionalPartnerIdsOnRecord = order.want.additionalPartnersOfRecord
            }
            change.requests = [PlannedRequest(.purchaseSubscription(purchase))]
        }
        context.add(change)
    }

    /// What a purchase needs from a desired subscription; nil when the manifest leaves any of it out.
    private struct Order {
        var want: DesiredSubscription
        var offer: OfferID
        var quantity: Int
        var term: String
        var cycle: String

        init?(_ want: DesiredSubscription) {
            guard let offer = want.offer, let quantity = want.quantity, let term = want.termDuration,
                let cycle = want.billingCycle
            else { return nil }
            self.want = want
            self.offer = offer
            self.quantity = quantity
            self.term = term
            self.cycle = cycle.rawValue
        }
    }

    /// The purchase as planned before the catalog, the limits and the agreement are consulted.
    private static func purchaseChange(_ order: Order, address: String, dependsOn: [String]) -> Change {
        let nickname = order.want.nickname
        func diff(_ attribute: SubscriptionAttribute, _ value: JSONValue) -> AttributeDiff {
            AttributeDiff(path: attribute.path(nickname), name: attribute.name, before: nil, after: value)
        }
        var diffs = [
            diff(.offer, .string(order.offer.description)), diff(.quantity, .int(order.quantity)),
            diff(.termDuration, .string(order.term)), diff(.billingCycle, .string(order.cycle)),
        ]
        if let autoRenew = order.want.autoRenew { diffs.append(diff(.autoRenew, .bool(autoRenew))) }
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
        if order.want.status == .suspended {
            change.messages.append("It is bought active; the next plan suspends it.")
        }
        return change
    }

    /// Looks the offer up in the country's catalog and plans the purchase request; false when the catalog could
    /// not be read (the subscription is then unknown).
    private static func priceFromCatalog(
        _ order: Order,
        country: String,
        change: inout Change,
        in context: inout PlanningContext
    ) -> Bool {
        let offer = order.offer
        let catalogAddress = "catalog[\(offer):\(country.uppercased())]"
        switch context.live.catalog.lookup(offer, country: country) {
        case nil:
            context.unknown(change.address, UnknownRead(reason: "\(catalogAddress) was not looked up"))
            return false
        case .unknown(let read):
            context.unknown(change.address, UnknownRead(reason: "\(catalogAddress): \(read.reason)"))
            return false
        case .notOffered:
            change.action = .blocked
            change.reasons.append(.unknownOffer)
            change.messages = [
                "The new-commerce catalog has no purchasable \(offer) in \(country.uppercased()): check the product and "
                    + "SKU ids (GET /v1/products/{productId}/skus?country=\(country.uppercased()))."
            ]
        case .available(let availability):
            if !availability.termDurations.isEmpty, !availability.termDurations.contains(order.term.uppercased()) {
                change.action = .blocked
                change.reasons.append(.termNotOffered)
                change.messages = [
                    "\(offer) is sold in \(country.uppercased()) with terms "
                        + availability.termDurations.joined(separator: ", ") + ", not \(order.term)."
                ]
            }
            let purchase = SubscriptionPurchase(
                catalogItemId: "\(offer):\(availability.availabilityId)",
                productId: offer.productId,
                skuId: offer.skuId,
                availabilityId: availability.availabilityId,
                quantity: order.quantity,
                termDuration: order.term,
                billingCycle: order.cycle,
                friendlyName: order.want.nickname,
                autoRenewEnabled: order.want.autoRenew
            )
            change.requests = [PlannedRequest(.purchaseSubscription(purchase))]
        }
        return true
    }

    /// Blocks a purchase the SKU's limits forbid; false when the limits could not be read.
    private static func checkLimits(
        _ order: Order,
        country: String,
        holdings: Holdings,
        change: inout Change,
        in context: inout PlanningContext
    ) -> Bool {
        switch context.live.catalog.limits(order.offer, country: country) {
        case .unknown(let read)?:
            let catalogAddress = "catalog[\(order.offer):\(country.uppercased())]"
            context.unknown(change.address, UnknownRead(reason: "\(catalogAddress) SKU limits: \(read.reason)"))
            return false
        case .known(let limits?)?:
            let problems = limitProblems(
                offer: order.offer,
                quantity: order.quantity,
                limits: limits,
                heldElsewhere: holdings.seats[order.offer.description] ?? 0,
                purchase: (cycle: order.cycle, holdings: holdings)
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
        return true
    }

    /// A new-commerce purchase needs the customer's MCA acceptance: already there, planned first, or blocking.
    private static func requireAgreement(_ agreement: AgreementState, change: inout Change) {
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
                    path: SubscriptionAttribute.status.path(have.friendlyName),
                    name: SubscriptionAttribute.status.name,
                    before: .string(have.status.rawValue),
                    after: .string(LiveSubscriptionStatus.deleted.rawValue)
                )
            ],
            irreversible: true,
            requests: [PlannedRequest(.cancelSubscription, target: have.id, etag: have.etag)]
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
        let comparison = compare(want, have: have)
        let (diffs, ignored) = context.filterIgnored(domain: domain, address: address, diffs: comparison.diffs)
        guard !diffs.isEmpty else { return }
        let changed = Set(diffs.compactMap(SubscriptionAttribute.init(diff:)))
        var change = Change(
            address: address,
            action: .update,
            reasons: [.attributeDiffers] + (ignored ? [.driftIgnored] : []),
            diffs: diffs,
            unchangedAttributes: comparison.unchanged + comparison.diffs.count - diffs.count
        )
        if changed.contains(.nickname), want.renamedFrom != nil { change.reasons.append(.renamed) }
        let edit = Edit(want: want, have: have, changed: changed, now: context.now)
        var blocked = edit.attributeBlockers() + edit.quantityBlockers()
        guard let limits = limitBlockers(edit, country: country, holdings: holdings, address: address, in: &context)
        else { return }
        blocked += limits
        if !blocked.isEmpty {
            change.action = .blocked
            change.reasons += blocked.map(\.0)
            change.messages = blocked.map(\.1)
            context.add(change)
            return
        }
        if changed.contains(.quantity), edit.quantity > have.quantity, have.isNewCommerce {
            let windowOpen = have.cancellationAllowedUntilDate.map { context.now <= $0 } ?? false
            if !windowOpen {
                change.irreversible = true
                change.reasons.append(.nceIncreaseOutsideCancellationWindow)
                change.messages.append(
                    "The \(edit.quantity - have.quantity) added seats can be removed only within 7 days; after that "
                        + "they are billed to the end of the term."
                )
            }
        }
        change.requests = requests(want, have: have, changed: changed)
        context.add(change)
    }

    /// Compares the attributes the manifest gives with the live subscription.
    private static func compare(_ want: DesiredSubscription, have: LiveSubscription) -> AttributeComparison {
        var comparison = AttributeComparison()
        func compare(
            _ attribute: SubscriptionAttribute,
            _ live: JSONValue?,
            _ desired: JSONValue?,
            folded: Bool = false
        ) {
            comparison.compare(
                attribute.path(want.nickname),
                name: attribute.name,
                live: live,
                desired: desired,
                caseInsensitive: folded
            )
        }
        compare(.nickname, .string(have.friendlyName), .string(want.nickname))
        if let offer = want.offer {
            // `offerId` is `product:sku:availability`: compare its first two parts without parsing.
            let wanted = offer.description
            let same = AttributeComparison.equalIgnoringCase(
                String(have.offerId.prefix(wanted.count + 1)),
                wanted + ":"
            )
            let live = same ? wanted : have.offer?.description ?? have.offerId
            compare(.offer, .string(live), .string(wanted))
        }
        compare(
            .termDuration,
            have.termDuration.map(JSONValue.string),
            want.termDuration.map(JSONValue.string),
            folded: true
        )
        compare(.billingCycle, .string(have.billingCycle.rawValue), want.billingCycle.map { .string($0.rawValue) })
        compare(.status, .string(have.status.rawValue), .string(want.status.rawValue))
        compare(.quantity, .int(have.quantity), want.quantity.map(JSONValue.int))
        if want.status == .active {
            // Suspending turns auto-renew off (NCE-34): compared only for subscriptions meant to be active.
            compare(.autoRenew, .bool(have.autoRenewEnabled), want.autoRenew.map(JSONValue.bool))
        }
        return comparison
    }

    /// An in-place change of a live subscription, for deciding what the service forbids.
    private struct Edit {
        var want: DesiredSubscription
        var have: LiveSubscription
        var changed: Set<SubscriptionAttribute>
        var now: Date

        /// The quantity the subscription ends up with.
        var quantity: Int { want.quantity ?? have.quantity }

        /// The day after the term ends; placeholder term ends (`9999-12-…` on legacy subscriptions) are never
        /// printed as dates.
        var renewal: String { have.termEndDate.map { "\($0.adding(days: 1))" } ?? "the next renewal" }

        /// Offer, term and billing cycle: never in place.
        func attributeBlockers() -> [(ActionReason, String)] {
            var blocked: [(ActionReason, String)] = []
            let scheduled: [SubscriptionAttribute] = [.offer, .termDuration, .billingCycle]
            if have.isLegacy, !changed.isDisjoint(with: scheduled) {
                // A legacy subscription takes no new-commerce offer, term or billing frequency, now or at a renewal:
                // migration to new commerce is the way forward (NCE-09; scheduled changes are "not applicable for
                // legacy offers", subscriptions.md).
                let attributes = scheduled.filter(changed.contains).map(\.name)
                blocked.append(
                    (
                        .legacySubscription,
                        "This is a legacy subscription (offer \(have.offerId)): its "
                            + attributes.joined(separator: ", ") + " can't be changed in place or at a renewal. "
                            + "Migrate it to new commerce in Partner Center (a new-commerce subscription with the "
                            + "offer, term and billing frequency you choose replaces it), or buy a new-commerce "
                            + "subscription and suspend this one."
                    )
                )
                return blocked
            }
            if changed.contains(.offer) {
                blocked.append(
                    (
                        .offerChangeNotAllowedInPlace,
                        "Upgrade it in Partner Center (upgrades only, never downgrades), or buy a "
                            + "new subscription with the new offer and let this one end."
                    )
                )
            }
            if changed.contains(.termDuration) {
                let renewable = ["P1M", "P1Y"].contains(want.termDuration?.uppercased() ?? "")
                blocked.append(
                    (
                        .termChangeNotAllowedInPlace,
                        renewable
                            ? "Schedule the new term for the renewal on \(renewal) in Partner Center (scheduled "
                                + "change; needs auto-renew on), or buy a new subscription with this term."
                            : "A renewal can only be P1M or P1Y: buy a new subscription with this term and let this "
                                + "one end."
                    )
                )
            }
            if changed.contains(.billingCycle) {
                blocked.append(
                    (
                        .billingCycleChangeNotAllowedInPlace,
                        "Schedule the new billing frequency for the renewal on \(renewal) "
                            + "(scheduled change; needs auto-renew on), or buy a new subscription."
                    )
                )
            }
            return blocked
        }

        /// Trials, suspended subscriptions and the new-commerce seat-decrease window.
        func quantityBlockers() -> [(ActionReason, String)] {
            var blocked: [(ActionReason, String)] = []
            if have.isTrial, changed.contains(.quantity) || changed.contains(.status) {
                blocked.append(
                    (
                        .trialSubscriptionLocked,
                        "Convert the trial to a paid subscription first, or change it after it converts."
                    )
                )
            }
            guard changed.contains(.quantity) else { return blocked }
            if have.status == .suspended, want.status == .suspended {
                blocked.append((.subscriptionSuspended, "Reactivate it (`status: active`) to change its quantity."))
            }
            if quantity < have.quantity, have.isNewCommerce {
                let remove = have.quantity - quantity
                let removable = have.refundableQuantity?.removable(at: now) ?? 0
                if remove > removable {
                    var message = ""
                    if removable > 0, let deadline = have.refundableQuantity?.earliestDeadline(after: now) {
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
            return blocked
        }
    }

    /// The SKU limits a new quantity breaks; nil when they could not be read (the subscription is then unknown).
    private static func limitBlockers(
        _ edit: Edit,
        country: String?,
        holdings: Holdings,
        address: String,
        in context: inout PlanningContext
    ) -> [(ActionReason, String)]? {
        let have = edit.have
        guard edit.changed.contains(.quantity), let offer = have.offer, let country else { return [] }
        switch context.live.catalog.limits(offer, country: country) {
        case .unknown(let read)?:
            // The limits decide whether the service takes the new quantity: unknown, never guessed.
            context.unknown(address, UnknownRead(reason: "catalog[\(offer):\(country)] SKU limits: \(read.reason)"))
            return nil
        case .known(let limits?)?:
            let held = holdings.seats[offer.description] ?? 0
            let mine = have.status == .active || have.status == .suspended ? have.quantity : 0
            return limitProblems(
                offer: offer,
                quantity: edit.quantity,
                limits: limits,
                // Only an increase can break the pooled limit.
                heldElsewhere: edit.quantity > have.quantity ? held - mine : 0,
                purchase: nil
            )
        case .known(nil)?, nil:
            return []
        }
    }

    /// PATCHes in a safe order: reactivate first, suspend last (a suspended subscription takes no other change).
    private static func requests(
        _ want: DesiredSubscription,
        have: LiveSubscription,
        changed: Set<SubscriptionAttribute>
    ) -> [PlannedRequest] {
        func request(_ kind: PlannedRequest.Kind) -> PlannedRequest {
            PlannedRequest(kind, target: have.id, etag: have.etag)
        }
        var requests: [PlannedRequest] = []
        if changed.contains(.status), want.status == .active { requests.append(request(.reactivateSubscription)) }
        if changed.contains(.nickname) {
            requests.append(request(.updateSubscription(SubscriptionUpdate(friendlyName: want.nickname))))
        }
        if changed.contains(.quantity), let quantity = want.quantity {
            requests.append(request(.updateSubscription(SubscriptionUpdate(quantity: quantity))))
        }
        if changed.contains(.autoRenew), let autoRenew = want.autoRenew {
            requests.append(request(.updateSubscription(SubscriptionUpdate(autoRenewEnabled: autoRenew))))
        }
        if changed.contains(.status), want.status == .suspended { requests.append(request(.suspendSubscription)) }
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
