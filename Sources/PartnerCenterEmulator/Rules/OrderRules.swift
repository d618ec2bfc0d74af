import Foundation
import HTTPTypes

/// The rules of an order PATCH (orders-and-carts.md): cancelling is for the integration sandbox only (800063 in
/// production, INDEX.md rule 40) and deletes the order's subscriptions; the billing cycle of license-based online
/// services cannot be changed (800097).
enum OrderRules {
    /// Applies a PATCH of `orderId`'s status or billing cycle; returns the order as stored.
    static func change(
        _ orderId: String,
        of customerId: String,
        status: String?,
        billingCycle: String?,
        sandbox: Bool,
        in state: inout EmulatorState
    ) throws -> OrderRecord {
        _ = try state.customer(customerId)
        guard var record = state.orders[customerId]?[orderId] else {
            throw PartnerCenterError.orderNotFound(orderId)
        }
        if let status = status?.lowercased(), status != OrdersController.view(record).status {
            guard status == "cancelled" else { throw PartnerCenterError.invalidProperty("Status") }
            guard sandbox else {
                throw PartnerCenterError.badRequest(
                    "This order \(orderId) cannot be cancelled. Use PATCH /customers/\(customerId)/subscriptions/"
                        + "<subscriptionId> to suspend subscriptions",
                    code: 800063
                )
            }
            cancel(&record, orderId: orderId, customerId: customerId, in: &state)
        }
        if let cycle = billingCycle?.lowercased(), cycle != record.resource.billingCycle {
            throw PartnerCenterError.badRequest(
                "Cannot update the billing cycle for this subscription",
                code: 800097
            )
        }
        state.orders[customerId]?[orderId] = record
        return record
    }

    /// A sandbox cancellation: the order is `cancelled` and its subscriptions `deleted`, each with a new etag.
    private static func cancel(
        _ record: inout OrderRecord,
        orderId: String,
        customerId: String,
        in state: inout EmulatorState
    ) {
        record.resource.status = "cancelled"
        state.idCounter += 1
        let version = state.idCounter
        if record.resource.attributes?.etag != nil {
            record.resource.attributes?.etag = ResourceAttributes.versionedETag(id: orderId, version: version)
        }
        for line in record.resource.lineItems {
            guard let id = line.subscriptionId?.lowercased(),
                var subscription = state.subscriptions[customerId]?[id]
            else { continue }
            subscription.resource.status = "deleted"
            if subscription.resource.attributes?.etag != nil {
                subscription.resource.attributes?.etag = ResourceAttributes.versionedETag(id: id, version: version)
            }
            state.subscriptions[customerId]?[id] = subscription
        }
    }
}

/// A cart's checkout (orders-and-carts.md): one order per order group, in group order; each group is bought on its
/// own (the purchase rules of `Purchase`), and a group that fails is reported, not thrown, while the others stand.
enum Checkout {
    static func purchase(
        _ lines: [(group: String, line: Purchase.Line)],
        customerId: String,
        now: Date,
        configuration: EmulatorConfiguration,
        in state: inout EmulatorState
    ) throws -> (orders: [Order], failures: [(group: String, error: PartnerCenterError)]) {
        let groups = Dictionary(grouping: lines) { $0.group }
        var orders: [Order] = []
        var failures: [(group: String, error: PartnerCenterError)] = []
        for group in groups.keys.sorted() {
            let purchase = Purchase(
                customerId: customerId,
                lines: (groups[group] ?? []).map(\.line),
                orderBillingCycle: groups[group]?.first?.line.billingCycle,
                now: now,
                window: configuration.cancellationWindow,
                seed: configuration.seed,
                sandbox: configuration.sandbox
            )
            var attempt = state
            do {
                orders.append(try purchase.execute(in: &attempt).resource)
                state = attempt
            } catch let error as PartnerCenterError {
                failures.append((group, error))
            }
        }
        return (orders, failures)
    }
}
