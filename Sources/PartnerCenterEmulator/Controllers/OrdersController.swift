import Foundation
import HTTPTypes
import Hummingbird

/// Orders (orders-and-carts.md): create, list (optionally by billing type), get, provisioning status, and the
/// order PATCH (sandbox-only cancellation, 800063 elsewhere).
struct OrdersController {
    let store: EmulatorStore

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.post("customers/{customerId}/orders", use: create)
        group.get("customers/{customerId}/orders", use: list)
        group.get("customers/{customerId}/orders/{orderId}", use: get)
        group.patch("customers/{customerId}/orders/{orderId}", use: patch)
        group.get("customers/{customerId}/orders/{orderId}/provisioningstatus", use: provisioningStatus)
    }

    struct CreateRequest: Decodable {
        var referenceCustomerId: String?
        var billingCycle: String?
        var lineItems: [LineItem]?

        struct LineItem: Decodable {
            var lineItemNumber: Int?
            var offerId: String?
            var friendlyName: String?
            var quantity: Int?
            var termDuration: String?
            var partnerIdOnRecord: String?
            var additionalPartnerIdsOnRecord: [String]?
        }
    }

    @Sendable func create(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeBody(CreateRequest.self, context: context)
        guard let items = body.lineItems, !items.isEmpty else { throw PartnerCenterError.invalidProperty("LineItems") }
        let lines = try items.enumerated().map { index, item -> Purchase.Line in
            guard let offerId = item.offerId else { throw PartnerCenterError.invalidProperty("LineItems.OfferId") }
            return Purchase.Line(
                lineItemNumber: item.lineItemNumber ?? index,
                catalogItemId: offerId,
                quantity: item.quantity ?? 0,
                // The order's billing cycle is shared by all lines (INDEX.md rule 38); P1M when no term is given.
                termDuration: item.termDuration ?? "P1M",
                billingCycle: body.billingCycle ?? "monthly",
                friendlyName: item.friendlyName,
                partnerIdOnRecord: item.partnerIdOnRecord,
                additionalPartnerIdsOnRecord: item.additionalPartnerIdsOnRecord
            )
        }
        let customerId = context.customerId
        let configuration = store.configuration
        let record = try await store.mutate { state -> OrderRecord in
            _ = try state.customer(customerId)
            for line in lines where state.catalog.item(catalogItemId: line.catalogItemId) == nil {
                // Legacy offer ids are not in the emulated catalog.
                throw PartnerCenterError.badRequest("Invalid offer Id", code: 800004)
            }
            let purchase = Purchase(
                customerId: customerId,
                lines: lines,
                orderBillingCycle: body.billingCycle,
                now: EmulatorStore.now(configuration: configuration, state: state),
                window: configuration.cancellationWindow,
                seed: configuration.seed,
                sandbox: configuration.sandbox
            )
            return try purchase.execute(in: &state)
        }
        return try EmulatorJSON.response(status: .created, record.resource)
    }

    /// Orders are provisioned at once: an order reads back `completed` (it was `pending` in the create response).
    static func view(_ record: OrderRecord) -> Order {
        var order = record.resource
        if order.status == "pending" { order.status = "completed" }
        return order
    }

    @Sendable func list(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let customerId = context.customerId
        let billingType = request.uri.queryParameters["billingType"].map {
            String($0).lowercased().replacingOccurrences(of: "_", with: "")
        }
        let items = try await store.read { state in
            _ = try state.customer(customerId)
            return (state.orders[customerId] ?? [:]).values
                .sorted { ($0.createdAt, $0.resource.id) < ($1.createdAt, $1.resource.id) }
                .map(Self.view)
                .filter { order in
                    guard let billingType else { return true }
                    return order.billingCycle?.lowercased().replacingOccurrences(of: "_", with: "") == billingType
                }
        }
        return try EmulatorJSON.response(status: .ok, ResourceCollection(items: items))
    }

    private func order(_ context: EmulatorRequestContext) async throws -> OrderRecord {
        let customerId = context.customerId
        let orderId = (context.parameters.get("orderId") ?? "").lowercased()
        return try await store.read { state in
            _ = try state.customer(customerId)
            guard let record = state.orders[customerId]?[orderId] else {
                throw PartnerCenterError.orderNotFound(orderId)
            }
            return record
        }
    }

    @Sendable func get(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try EmulatorJSON.response(status: .ok, Self.view(try await order(context)))
    }

    struct LineItemProvisioningStatus: Encodable {
        var lineItemNumber: Int
        var status: String
        var quantityProvisioningInformation: [QuantityProvisioning]
    }

    struct QuantityProvisioning: Encodable {
        var quantity: Int
        var status: String
    }

    @Sendable func provisioningStatus(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let record = try await order(context)
        let items = record.resource.lineItems.map {
            LineItemProvisioningStatus(
                lineItemNumber: $0.lineItemNumber,
                status: "fulfilled",
                quantityProvisioningInformation: [QuantityProvisioning(quantity: $0.quantity, status: "fulfilled")]
            )
        }
        return try EmulatorJSON.response(status: .ok, ResourceCollection(items: items))
    }

    struct PatchRequest: Decodable {
        var status: String?
        var billingCycle: String?
    }

    /// Cancelling an order is for the integration sandbox only (800063 in production, INDEX.md rule 40); the
    /// billing cycle of license-based online services cannot be changed (800097).
    @Sendable func patch(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeBody(PatchRequest.self, context: context)
        let customerId = context.customerId
        let orderId = (context.parameters.get("orderId") ?? "").lowercased()
        let sandbox = store.configuration.sandbox
        let updated = try await store.mutate { state in
            try OrderRules.change(
                orderId,
                of: customerId,
                status: body.status,
                billingCycle: body.billingCycle,
                sandbox: sandbox,
                in: &state
            )
        }
        return try EmulatorJSON.response(status: .ok, Self.view(updated))
    }
}
