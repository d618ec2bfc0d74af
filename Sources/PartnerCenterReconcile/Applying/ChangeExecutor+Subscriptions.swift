import Foundation
import PartnerCenterClient
import PartnerCenterModel
import PartnerCenterWire

extension ChangeExecutor {
    /// A new-commerce purchase: cart, then checkout, each with its own derived request id (a lost answer is
    /// replayed by Partner Center). Before buying, a subscription of this customer already carrying the nickname
    /// (bought by an interrupted earlier run) is adopted instead of bought twice.
    func purchase(
        _ request: PlannedRequest,
        step: String,
        change: Change,
        state: CustomerState,
        record: inout ChangeRecord
    ) async throws {
        let customerID = try state.requireCustomerID(dryRun: dryRun)
        let p = request.parameters
        let nickname = try p.requireString("friendlyName")
        if !dryRun, state.mustLookFirst, let existing = try await subscription(named: nickname, customerID: customerID)
        {
            record.createdIDs["subscriptionId"] = existing.id
            record.adopted.append("a subscription named \(nickname) already existed")
            return
        }
        var line = CartLineItem(
            catalogItemId: try p.requireString("catalogItemId"),
            quantity: p.int("quantity") ?? 1,
            billingCycle: p.string("billingCycle").map(BillingCycle.init(wireValue:)),
            termDuration: p.string("termDuration"),
            friendlyName: nickname
        )
        line.id = 0
        let cartCall = try client.createCartCall(
            customerID,
            cart: Cart(lineItems: [line]),
            requestID: session.requestID(change.address, step + ":cart")
        )
        let cart = try await session.send(cartCall, as: Cart.self, record: &record) {
            var cart = Cart(lineItems: [line])
            cart.id = Placeholder.id(of: change.address + "/cart")
            return cart
        }
        if let error = cart.lineItems.compactMap(\.error).first {
            throw ApplyStepFailure(
                "the cart refused the line: \(error.errorDescription ?? "no description") (code \(error.errorCode.map { "\($0)" } ?? "none"))"
            )
        }
        guard let cartID = cart.id else { throw ApplyStepFailure("Partner Center created a cart without an id") }
        let checkoutCall = client.checkoutCartCall(
            customerID,
            cartID: cartID,
            requestID: session.requestID(change.address, step + ":checkout")
        )
        let result = try await session.send(checkoutCall, as: CartCheckoutResult.self, record: &record) {
            CartCheckoutResult()
        }
        let autoRenewOff = session.requestID(change.address, step + ":autorenew")
        guard !dryRun else {
            if p.bool("autoRenewEnabled") == false {
                let id = Placeholder.id(of: change.address)
                try await patch(customerID, id, SubscriptionChanges(autoRenewEnabled: false), autoRenewOff, &record)
            }
            return
        }
        if let error = result.orderErrors?.first {
            throw ApplyStepFailure(
                "checkout failed: \(error.description ?? "no description") (code \(error.code.map { "\($0)" } ?? "none"))"
            )
        }
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
        // A cart line has no auto-renew setting: new-commerce subscriptions start with it on. Turn it off after.
        if p.bool("autoRenewEnabled") == false {
            try await patch(
                customerID,
                subscriptionID,
                SubscriptionChanges(autoRenewEnabled: false),
                autoRenewOff,
                &record
            )
        }
    }

    func subscription(named nickname: String, customerID: String) async throws -> Subscription? {
        try await client.listSubscriptions(customerID).collect().first { subscription in
            subscription.friendlyName == nickname && subscription.status != .deleted && subscription.status != .expired
        }
    }

    /// Quantity, nickname, auto-renew, suspend, reactivate, cancel: a read of the subscription, then a PATCH of
    /// it with the change (Partner Center PATCHes the whole resource).
    func updateSubscription(
        _ request: PlannedRequest,
        requestID: String,
        state: CustomerState,
        record: inout ChangeRecord
    ) async throws {
        let customerID = try state.requireCustomerID(dryRun: dryRun)
        guard let subscriptionID = request.target else {
            throw ApplyStepFailure("the plan's \(request.operation.rawValue) names no subscription")
        }
        try await patch(customerID, subscriptionID, Self.subscriptionChanges(request), requestID, &record)
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
        switch request.operation {
        case .suspendSubscription: return SubscriptionChanges(status: .suspended)
        case .reactivateSubscription: return SubscriptionChanges(status: .active)
        case .cancelSubscription: return SubscriptionChanges(status: .deleted)
        default:
            let p = request.parameters
            return SubscriptionChanges(
                friendlyName: p.string("friendlyName"),
                quantity: p.int("quantity"),
                autoRenewEnabled: p.bool("autoRenewEnabled")
            )
        }
    }
}
