import Foundation
import PartnerCenterClient
import PartnerCenterModel
import PartnerCenterWire

extension ChangeExecutor {
    /// A new-commerce purchase: cart, then checkout. Right before buying, the customer's subscriptions are read
    /// again: one already carrying the nickname is adopted when this plan may have bought it (an earlier,
    /// interrupted run of it, or under a customer it created), and otherwise fails the change ("appeared since the
    /// plan": another run bought it). The cart and checkout request ids are derived from what is bought (customer,
    /// nickname, offer, quantity, term, cycle), not from the plan, so two runs racing past that look send the
    /// same ids and Partner Center's replay collapses the second purchase into the first.
    func purchase(
        _ purchase: SubscriptionPurchase,
        step: String,
        change: Change,
        state: CustomerState,
        record: inout ChangeRecord
    ) async throws {
        let customerID = try state.requireCustomerID(dryRun: dryRun)
        let nickname = purchase.friendlyName
        guard
            let generation = try await lookBeforeBuying(
                nickname,
                customerID: customerID,
                change: change,
                state: state,
                record: &record
            )
        else { return }
        var line = CartLineItem(
            catalogItemId: purchase.catalogItemId,
            quantity: purchase.quantity,
            billingCycle: BillingCycle(wireValue: purchase.billingCycle),
            termDuration: purchase.termDuration,
            friendlyName: nickname
        )
        line.id = 0
        if let partner = purchase.partnerIdOnRecord {
            // orders-and-carts.md: the indirect reseller's MPN id as the line's transaction reseller.
            line.participants =
                [KeyValue(key: "transaction_reseller", value: partner)]
                + (purchase.additionalPartnerIdsOnRecord ?? []).map {
                    KeyValue(key: "additional_transaction_reseller", value: $0)
                }
        }
        func requestID(_ suffix: String) -> String {
            ApplySession.purchaseRequestID(
                customerID: customerID,
                nickname: nickname,
                line: [line.catalogItemId, "\(line.quantity)", purchase.billingCycle, line.termDuration ?? ""],
                generation: generation,
                step: suffix
            )
        }
        let cartID = try await createCart(
            line,
            customerID: customerID,
            requestID: requestID("cart"),
            change: change,
            record: &record
        )
        let checkoutCall = client.checkoutCartCall(customerID, cartID: cartID, requestID: requestID("checkout"))
        let result = try await checkout(checkoutCall, nickname: nickname, customerID: customerID, record: &record)
        let autoRenewOff = session.requestID(change.address, step + ":autorenew")
        guard !dryRun else {
            if purchase.autoRenewEnabled == false {
                let id = Placeholder.id(of: change.address)
                try await patch(customerID, id, SubscriptionChanges(autoRenewEnabled: false), autoRenewOff, &record)
            }
            return
        }
        if let refused = client.checkoutFailure(result, call: checkoutCall) { throw refused }
        let subscriptionID = try await boughtSubscription(result, customerID: customerID, record: &record)
        // A cart line has no auto-renew setting: new-commerce subscriptions start with it on. Turn it off after.
        if purchase.autoRenewEnabled == false {
            let changes = SubscriptionChanges(autoRenewEnabled: false)
            try await patch(customerID, subscriptionID, changes, autoRenewOff, &record)
        }
    }

    /// Before buying: the ids of the customer's subscriptions already named `nickname` (they make the purchase's
    /// request ids), or nil when one that is not ended is adopted as this plan's own purchase. Throws when it
    /// cannot be this plan's.
    private func lookBeforeBuying(
        _ nickname: String,
        customerID: String,
        change: Change,
        state: CustomerState,
        record: inout ChangeRecord
    ) async throws -> [String]? {
        guard !dryRun, state.mustLookFirst else { return [] }
        let named = try await client.listSubscriptions(customerID).collect().filter { $0.friendlyName == nickname }
        guard let existing = named.first(where: { $0.status != .deleted && $0.status != .expired }) else {
            return named.map(\.id)
        }
        guard mayHaveBought(change) else { throw ApplyStepFailure(Self.appearedSubscription(nickname, existing)) }
        record.createdIDs["subscriptionId"] = existing.id
        record.adopted.append("a subscription named \(nickname) already existed")
        return nil
    }

    /// The cart with the one line; its id.
    private func createCart(
        _ line: CartLineItem,
        customerID: String,
        requestID: String,
        change: Change,
        record: inout ChangeRecord
    ) async throws -> String {
        let call = try client.createCartCall(customerID, cart: Cart(lineItems: [line]), requestID: requestID)
        let cart = try await session.send(call, as: Cart.self, record: &record) {
            var cart = Cart(lineItems: [line])
            cart.id = Placeholder.id(of: change.address + "/cart")
            return cart
        }
        if let error = cart.lineItems.compactMap(\.error).first {
            let code = error.errorCode.map { "\($0)" } ?? "none"
            throw ApplyStepFailure(
                "the cart refused the line: \(error.errorDescription ?? "no description") (code \(code))"
            )
        }
        guard let cartID = cart.id else { throw ApplyStepFailure("Partner Center created a cart without an id") }
        return cartID
    }

    private func checkout(
        _ call: PartnerCenterClient.Call,
        nickname: String,
        customerID: String,
        record: inout ChangeRecord
    ) async throws -> CartCheckoutResult {
        do {
            return try await session.send(call, as: CartCheckoutResult.self, record: &record) { CartCheckoutResult() }
        } catch let error as PartnerCenterError where !dryRun && (400..<500).contains(error.status ?? 0) {
            // The same cart checked out by a racing run (its checkout came first): say so rather than "HTTP 400".
            if let existing = try? await subscription(named: nickname, customerID: customerID) {
                throw ApplyStepFailure(Self.appearedSubscription(nickname, existing))
            }
            throw error
        }
    }

    /// The subscription the checkout's order made (from the order's line, else by listing the order's
    /// subscriptions), recorded with the order.
    private func boughtSubscription(
        _ result: CartCheckoutResult,
        customerID: String,
        record: inout ChangeRecord
    ) async throws -> String {
        let order = result.orders?.first
        var subscriptionID = order?.lineItems?.first?.subscriptionId
        if subscriptionID == nil, let orderID = order?.id {
            subscriptionID = try await client.listSubscriptions(customerID, orderID: orderID).collect().first?.id
        }
        guard let subscriptionID else {
            throw ApplyStepFailure("the order \(order?.id ?? "?") names no subscription")
        }
        record.createdIDs["subscriptionId"] = subscriptionID
        if let orderID = order?.id { record.createdIDs["orderId"] = orderID }
        return subscriptionID
    }

    /// Whether a subscription for `change` found before buying may be this plan's own purchase.
    private func mayHaveBought(_ change: Change) -> Bool {
        session.resumed.contains(change.address) || session.createdByPlan.contains(change.customer.lowercased())
    }

    static func appearedSubscription(_ nickname: String, _ existing: Subscription) -> String {
        "subscription appeared since the plan: another run bought it (or it was bought in Partner Center): a "
            + "subscription named \(nickname) exists (id \(existing.id)); nothing was bought. Plan again."
    }

    func subscription(named nickname: String, customerID: String) async throws -> Subscription? {
        try await client.listSubscriptions(customerID).collect().first { subscription in
            subscription.friendlyName == nickname && subscription.status != .deleted && subscription.status != .expired
        }
    }

    /// Quantity, nickname, auto-renew, suspend, reactivate, cancel: a read of the subscription, then a PATCH of
    /// it with the change (Partner Center PATCHes the whole resource), bound to what the plan saw: when the read
    /// shows the subscription moved since the plan (see ``SubscriptionBinding``), the change fails and nothing is
    /// sent; when the plan recorded an etag that still holds, the PATCH carries it in `If-Match`.
    func updateSubscription(
        _ request: PlannedRequest,
        requestID: String,
        change: Change,
        state: CustomerState,
        record: inout ChangeRecord
    ) async throws {
        let customerID = try state.requireCustomerID(dryRun: dryRun)
        guard let subscriptionID = request.target else {
            throw ApplyStepFailure("the plan's \(request.operation.rawValue) names no subscription")
        }
        let changes = Self.subscriptionChanges(request)
        guard !dryRun else {
            try await patch(customerID, subscriptionID, changes, requestID, &record)
            return
        }
        let read = client.getSubscriptionCall(customerID, subscriptionID: subscriptionID)
        let (_, data) = try await client.perform(read)
        let current = try client.decode(Subscription.self, data, status: 200, call: read)
        let planned = session.fingerprints[change.address]
        let verdict = SubscriptionBinding.verdict(
            live: WireToLive.subscription(current),
            planned: planned,
            change: change,
            sets: Self.attributes(changes),
            resumed: session.resumed.contains(change.address) || !record.requestIDs.isEmpty
        )
        switch verdict {
        case .moved(let reason):
            throw ApplyStepFailure(
                "moved since the plan: \(reason); nothing was sent, so that change is not overwritten. Plan again, "
                    + "review, and apply the new plan."
            )
        case .alreadyDone:
            record.adopted.append("\(request.operation.rawValue) was already as planned")
            return
        case .unmoved:
            break
        }
        var body = try changes.applied(to: try WireJSON.parse(data))
        if let planned, planned.hasPrefix("etag:"), current.etag == String(planned.dropFirst(5)) {
            // If-Match the etag the plan saw: a change slipping in between this read and the PATCH is refused
            // by the service (412) instead of overwritten.
            body = Self.withETag(body, String(planned.dropFirst(5)))
        }
        let call = try client.patchSubscriptionCall(
            customerID,
            subscriptionID: subscriptionID,
            body: body,
            requestID: requestID
        )
        record.requestIDs.append(requestID)
        _ = try await client.perform(call)
    }

    /// The attributes and values, as the fingerprint writes them, `changes` sets.
    static func attributes(_ changes: SubscriptionChanges) -> [SubscriptionAttribute: String] {
        var sets: [SubscriptionAttribute: String] = [:]
        if let name = changes.friendlyName { sets[.nickname] = name }
        if let quantity = changes.quantity { sets[.quantity] = "\(quantity)" }
        if let autoRenew = changes.autoRenewEnabled { sets[.autoRenew] = "\(autoRenew)" }
        if let status = changes.status { sets[.status] = status.wireValue.lowercased() }
        return sets
    }

    static func withETag(_ body: JSONValue, _ etag: String) -> JSONValue {
        guard case .object(var object) = body else { return body }
        var attributes: [String: JSONValue] = [:]
        if case .object(let existing)? = object["attributes"] { attributes = existing }
        attributes["etag"] = .string(etag)
        object["attributes"] = .object(attributes)
        return .object(object)
    }

    /// A read of the subscription, then a PATCH of it with `changes` under `requestID`; in a dry run both shown.
    private func patch(
        _ customerID: String,
        _ subscriptionID: String,
        _ changes: SubscriptionChanges,
        _ requestID: String,
        _ record: inout ChangeRecord
    ) async throws {
        guard !dryRun else {
            record.previews.append(
                try session.preview(
                    client.getSubscriptionCall(customerID, subscriptionID: subscriptionID),
                    note: "its answer, with the change below, is the body of the PATCH"
                )
            )
            record.previews.append(
                try session.preview(
                    client.patchSubscriptionCall(
                        customerID,
                        subscriptionID: subscriptionID,
                        body: try changes.applied(to: .object([:])),
                        requestID: requestID
                    ),
                    note: "the subscription read above, changed"
                )
            )
            return
        }
        record.requestIDs.append(requestID)
        _ = try await client.updateSubscription(
            customerID,
            subscriptionID: subscriptionID,
            changes: changes,
            requestID: requestID
        )
    }

    static func subscriptionChanges(_ request: PlannedRequest) -> SubscriptionChanges {
        switch request.kind {
        case .suspendSubscription: return SubscriptionChanges(status: .suspended)
        case .reactivateSubscription: return SubscriptionChanges(status: .active)
        case .cancelSubscription: return SubscriptionChanges(status: .deleted)
        case .updateSubscription(let update):
            return SubscriptionChanges(
                friendlyName: update.friendlyName,
                quantity: update.quantity,
                autoRenewEnabled: update.autoRenewEnabled
            )
        default:
            return SubscriptionChanges()
        }
    }
}
