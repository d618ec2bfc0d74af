import Foundation
import HTTPTypes
import Hummingbird

/// Carts (cart-resources.md, create-a-cart.md, update-a-cart.md, checkout-a-cart.md): 201 with ids, currency and
/// order groups; carts expire 7 days after creation (NCE-08); checkout splits lines into orders by `orderGroup`
/// and answers 201 with `{orders, orderErrors}`; a submitted cart cannot be checked out again (800065).
struct CartsController {
    let store: EmulatorStore
    static let lifetime: TimeInterval = 7 * 24 * 3600

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.post("customers/{customerId}/carts", use: create)
        group.get("customers/{customerId}/carts/{cartId}", use: get)
        group.put("customers/{customerId}/carts/{cartId}", use: update)
        group.post("customers/{customerId}/carts/{cartId}/checkout", use: checkout)
    }

    struct CartRequest: Decodable {
        var lineItems: [LineItem]?

        struct LineItem: Decodable {
            var id: Int?
            var catalogItemId: String?
            var friendlyName: String?
            var quantity: Int?
            var billingCycle: String?
            var termDuration: String?
            var participants: [LinkHeader]?
            var provisioningContext: [String: String]?
            var orderGroup: String?
        }
    }

    private func lines(_ body: CartRequest, catalog: Catalog) throws -> [CartLineItem] {
        guard let items = body.lineItems, !items.isEmpty else { throw PartnerCenterError.invalidProperty("LineItems") }
        return try items.enumerated().map { index, item in
            guard let catalogItemId = item.catalogItemId else {
                throw PartnerCenterError.badRequest("The catalog item ID is not present", code: 900142)
            }
            let line = CartLineItem(
                id: item.id ?? index,
                catalogItemId: catalogItemId,
                friendlyName: item.friendlyName,
                quantity: item.quantity ?? 0,
                currencyCode: "USD",
                billingCycle: item.billingCycle?.lowercased(),
                termDuration: item.termDuration?.uppercased(),
                participants: item.participants,
                provisioningContext: item.provisioningContext ?? [:],
                orderGroup: item.orderGroup ?? "0",
                error: nil
            )
            try Purchase.validate(Self.purchaseLine(line), catalog: catalog)
            let resellers = (item.participants ?? []).filter { $0.key == "additional_transaction_reseller" }
            if resellers.count > 5 { throw PartnerCenterError.invalidProperty("Participants") }
            return line
        }
    }

    static func purchaseLine(_ line: CartLineItem) -> Purchase.Line {
        let participants = line.participants ?? []
        return Purchase.Line(
            lineItemNumber: line.id,
            catalogItemId: line.catalogItemId,
            quantity: line.quantity,
            termDuration: line.termDuration,
            billingCycle: line.billingCycle,
            friendlyName: line.friendlyName,
            partnerIdOnRecord: participants.first { $0.key == "transaction_reseller" }?.value,
            additionalPartnerIdsOnRecord: {
                let ids = participants.filter { $0.key == "additional_transaction_reseller" }.map(\.value)
                return ids.isEmpty ? nil : ids
            }()
        )
    }

    @Sendable func create(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeBody(CartRequest.self, context: context)
        let customerId = context.customerId
        let configuration = store.configuration
        let user = context.principal?.clientId ?? ""
        let record = try await store.mutate { state -> CartRecord in
            _ = try state.customer(customerId)
            let items = try lines(body, catalog: state.catalog)
            try IndirectResellers.checkPartnersOnRecord(items.map(Self.purchaseLine), in: state)
            let now = EmulatorStore.now(configuration: configuration, state: state)
            let id = state.newGUID(seed: configuration.seed)
            let cart = Cart(
                id: id,
                creationTimestamp: EmulatorJSON.format(now),
                lastModifiedTimestamp: EmulatorJSON.format(now),
                expirationTimestamp: EmulatorJSON.format(now.addingTimeInterval(Self.lifetime)),
                lastModifiedUser: user,
                status: "Active",
                lineItems: items,
                links: ["self": Link(uri: "/customers/\(customerId)/carts/\(id)")],
                attributes: ResourceAttributes(objectType: "Cart")
            )
            let record = CartRecord(
                customerId: customerId,
                resource: cart,
                expiresAt: now.addingTimeInterval(Self.lifetime)
            )
            state.carts[customerId, default: [:]][id] = record
            return record
        }
        return try EmulatorJSON.response(status: .created, record.resource)
    }

    /// The cart, or 404 800008 when it is unknown or expired.
    private static func cart(_ state: EmulatorState, customerId: String, cartId: String, now: Date) throws -> CartRecord
    {
        _ = try state.customer(customerId)
        guard let record = state.carts[customerId]?[cartId],
            record.resource.status == "Ordered" || record.expiresAt > now
        else {
            throw PartnerCenterError(
                status: .notFound,
                code: 800008,
                description: "Unable to retrieve cart Id",
                data: [cartId]
            )
        }
        return record
    }

    @Sendable func get(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let customerId = context.customerId
        let cartId = (context.parameters.get("cartId") ?? "").lowercased()
        let configuration = store.configuration
        let record = try await store.read { state in
            try Self.cart(
                state,
                customerId: customerId,
                cartId: cartId,
                now: EmulatorStore.now(configuration: configuration, state: state)
            )
        }
        return try EmulatorJSON.response(status: .ok, record.resource)
    }

    /// PUT replaces the cart's lines. The documented response is 201 Created.
    @Sendable func update(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeBody(CartRequest.self, context: context)
        let customerId = context.customerId
        let cartId = (context.parameters.get("cartId") ?? "").lowercased()
        let configuration = store.configuration
        let user = context.principal?.clientId ?? ""
        let record = try await store.mutate { state -> CartRecord in
            let now = EmulatorStore.now(configuration: configuration, state: state)
            var record = try Self.cart(state, customerId: customerId, cartId: cartId, now: now)
            guard record.resource.status == "Active" else {
                throw PartnerCenterError.badRequest(
                    "Cannot check out an already submitted cart \(cartId).",
                    code: 800065
                )
            }
            record.resource.lineItems = try lines(body, catalog: state.catalog)
            try IndirectResellers.checkPartnersOnRecord(record.resource.lineItems.map(Self.purchaseLine), in: state)
            record.resource.lastModifiedTimestamp = EmulatorJSON.format(now)
            record.resource.lastModifiedUser = user
            state.carts[customerId]?[cartId] = record
            return record
        }
        return try EmulatorJSON.response(status: .created, record.resource)
    }

    struct OrderError: Encodable {
        var orderGroupId: String
        var code: Int
        var description: String
    }

    struct CheckoutResult: Encodable {
        var orders: [Order]
        var orderErrors: [OrderError]
        var attributes = ResourceAttributes(objectType: "CartCheckoutResult")
    }

    @Sendable func checkout(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let customerId = context.customerId
        let cartId = (context.parameters.get("cartId") ?? "").lowercased()
        let configuration = store.configuration
        let result = try await store.mutate { state -> CheckoutResult in
            let now = EmulatorStore.now(configuration: configuration, state: state)
            var record = try Self.cart(state, customerId: customerId, cartId: cartId, now: now)
            guard record.resource.status == "Active" else {
                throw PartnerCenterError.badRequest(
                    "Cannot check out an already submitted cart \(cartId).",
                    code: 800065
                )
            }
            let (orders, failures) = try Checkout.purchase(
                record.resource.lineItems.map { (group: $0.orderGroup ?? "0", line: Self.purchaseLine($0)) },
                customerId: customerId,
                now: now,
                configuration: configuration,
                in: &state
            )
            let errors = failures.map {
                OrderError(orderGroupId: $0.group, code: $0.error.code, description: $0.error.errorDescription)
            }
            record.resource.status = "Ordered"
            state.carts[customerId]?[cartId] = record
            return CheckoutResult(orders: orders, orderErrors: errors)
        }
        return try EmulatorJSON.response(status: .created, result)
    }
}
