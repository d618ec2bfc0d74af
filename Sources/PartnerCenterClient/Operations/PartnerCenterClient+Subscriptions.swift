import Foundation
import HTTPTypes
package import PartnerCenterModel
package import PartnerCenterWire

/// What to change on a subscription. Only the properties set here change; every other property is sent back as
/// the service last returned it (Partner Center updates a subscription by PATCHing the full resource).
package struct SubscriptionChanges: Sendable, Hashable {
    package var friendlyName: String?
    package var quantity: Int?
    package var autoRenewEnabled: Bool?
    /// `suspended`, `active` (reactivate), or `deleted` (cancel a new-commerce subscription in its window).
    package var status: SubscriptionStatus?
    package var scheduledNextTermInstructions: ScheduledNextTermInstructions?

    package init(
        friendlyName: String? = nil,
        quantity: Int? = nil,
        autoRenewEnabled: Bool? = nil,
        status: SubscriptionStatus? = nil,
        scheduledNextTermInstructions: ScheduledNextTermInstructions? = nil
    ) {
        self.friendlyName = friendlyName
        self.quantity = quantity
        self.autoRenewEnabled = autoRenewEnabled
        self.status = status
        self.scheduledNextTermInstructions = scheduledNextTermInstructions
    }

    package var isEmpty: Bool {
        friendlyName == nil && quantity == nil && autoRenewEnabled == nil && status == nil
            && scheduledNextTermInstructions == nil
    }

    /// Whether `subscription` already has every one of these changes.
    package func isApplied(to subscription: Subscription) -> Bool {
        if let friendlyName, subscription.friendlyName != friendlyName { return false }
        if let quantity, subscription.quantity != quantity { return false }
        if let autoRenewEnabled, subscription.autoRenewEnabled != autoRenewEnabled { return false }
        if let status, subscription.status?.wireValue.lowercased() != status.wireValue.lowercased() { return false }
        if let scheduledNextTermInstructions,
            subscription.scheduledNextTermInstructions != scheduledNextTermInstructions
        {
            return false
        }
        return true
    }

    /// `body` (a subscription as the service returned it) with these changes made.
    package func applied(to body: JSONValue) throws -> JSONValue {
        var body = body
        if let friendlyName { body.set("friendlyName", to: .string(friendlyName)) }
        if let quantity { body.set("quantity", to: .integer(Int64(quantity))) }
        if let autoRenewEnabled { body.set("autoRenewEnabled", to: .bool(autoRenewEnabled)) }
        if let status { body.set("status", to: .string(status.wireValue)) }
        if let scheduledNextTermInstructions {
            body.set(
                "scheduledNextTermInstructions",
                to: try WireJSON.parse(try WireJSON.encode(scheduledNextTermInstructions))
            )
        }
        return body
    }
}

extension PartnerCenterClient {
    /// `GET /v1/customers/{id}/subscriptions`.
    package func listSubscriptions(_ customerID: String) -> PagedSequence<Subscription> {
        partnerCenterPages(
            .listSubscriptions,
            path: "/customers/\(customerID.pathEscaped)/subscriptions",
            of: Subscription.self
        )
    }

    /// `GET /v1/customers/{id}/subscriptions?order_id=`.
    package func listSubscriptions(_ customerID: String, orderID: String) -> PagedSequence<Subscription> {
        partnerCenterPages(
            .listSubscriptionsByOrder,
            path: "/customers/\(customerID.pathEscaped)/subscriptions",
            query: [("order_id", orderID)],
            of: Subscription.self
        )
    }

    /// `GET /v1/customers/{id}/subscriptions/{sid}`.
    package func getSubscription(
        _ customerID: String,
        subscriptionID: String,
        requestID: String? = nil
    ) async throws -> Subscription {
        try await send(
            getSubscriptionCall(customerID, subscriptionID: subscriptionID, requestID: requestID),
            as: Subscription.self
        )
    }

    /// `PATCH /v1/customers/{id}/subscriptions/{sid}`: reads the subscription, replaces the changed properties in
    /// what the service returned (so properties this client does not model go back untouched), and PATCHes it
    /// with `If-Match` when the service gave an etag. A `202 Accepted` (long-running change) is followed by a read
    /// of the subscription, which is returned.
    package func updateSubscription(
        _ customerID: String,
        subscriptionID: String,
        changes: SubscriptionChanges,
        requestID: String? = nil
    ) async throws -> Subscription {
        let read = getSubscriptionCall(customerID, subscriptionID: subscriptionID)
        let (_, currentData) = try await perform(read)
        let body = try changes.applied(to: try WireJSON.parse(currentData))
        let call = try patchSubscriptionCall(
            customerID,
            subscriptionID: subscriptionID,
            body: body,
            requestID: requestID
        )
        let response: HTTPResponse
        let data: Data
        do {
            (response, data) = try await perform(call)
        } catch let error as PartnerCenterError
            where error.responseMayHaveBeenLost && (error.isPreconditionFailed || error.serviceCode == "2055")
        {
            // An attempt whose answer was lost may have made the change, which moved the etag the retry still
            // carries (Partner Center: 2055 "Etag is no longer valid"). Read it back: if every change is there,
            // that attempt succeeded; otherwise someone else moved it and the refusal stands.
            let current = try await send(read, as: Subscription.self)
            if changes.isApplied(to: current) { return current }
            throw error
        }
        if response.status.code == 202 || data.isEmpty {
            return try await send(read, as: Subscription.self)
        }
        return try decode(Subscription.self, data, status: response.status.code, call: call)
    }

    // MARK: Orders and carts

    /// `GET /v1/customers/{id}/orders`.
    package func listOrders(_ customerID: String) -> PagedSequence<Order> {
        partnerCenterPages(.listOrders, path: "/customers/\(customerID.pathEscaped)/orders", of: Order.self)
    }

    /// `GET /v1/customers/{id}/orders/{oid}`.
    package func getOrder(_ customerID: String, orderID: String, requestID: String? = nil) async throws -> Order {
        try await send(
            Call(
                operation: .getOrder,
                method: .get,
                path: "/customers/\(customerID.pathEscaped)/orders/\(orderID.pathEscaped)",
                requestID: requestID
            ),
            as: Order.self
        )
    }

    /// `POST /v1/customers/{id}/orders`.
    package func createOrder(_ customerID: String, order: Order, requestID: String) async throws -> Order {
        try await send(
            Call(
                operation: .createOrder,
                method: .post,
                path: "/customers/\(customerID.pathEscaped)/orders",
                body: try json(order),
                requestID: requestID
            ),
            as: Order.self
        )
    }

    /// `POST /v1/customers/{id}/carts`.
    package func createCart(_ customerID: String, cart: Cart, requestID: String) async throws -> Cart {
        try await send(try createCartCall(customerID, cart: cart, requestID: requestID), as: Cart.self)
    }

    /// `PUT /v1/customers/{id}/carts/{cartId}`: replaces the cart's lines.
    package func updateCart(
        _ customerID: String,
        cartID: String,
        cart: Cart,
        requestID: String? = nil
    ) async throws -> Cart {
        try await send(
            Call(
                operation: .updateCart,
                method: .put,
                path: "/customers/\(customerID.pathEscaped)/carts/\(cartID.pathEscaped)",
                body: try json(cart),
                requestID: requestID
            ),
            as: Cart.self
        )
    }

    /// `POST /v1/customers/{id}/carts/{cartId}/checkout`: orders the cart. Check ``CartCheckoutResult/orderErrors``.
    package func checkoutCart(
        _ customerID: String,
        cartID: String,
        requestID: String
    ) async throws -> CartCheckoutResult {
        try await send(
            checkoutCartCall(customerID, cartID: cartID, requestID: requestID),
            as: CartCheckoutResult.self
        )
    }

    /// The failure a cart answer reports on its first refused line (`lineItems[].error`), with the request that
    /// created or updated the cart; nil when every line was accepted.
    package func cartLineFailure(_ cart: Cart, call: Call) -> PartnerCenterError? {
        guard let line = cart.lineItems.first(where: { $0.error != nil }), let refusal = line.error else { return nil }
        return failure(
            in: call,
            "the cart refused the line \(line.catalogItemId)",
            code: refusal.errorCode,
            message: refusal.errorDescription
        )
    }

    /// The failure a checkout answer reports (`orderErrors`, first group), with the checkout request; nil when
    /// no order group failed.
    package func checkoutFailure(_ result: CartCheckoutResult, call: Call) -> PartnerCenterError? {
        guard let refusal = result.orderErrors?.first else { return nil }
        let group = refusal.orderGroupId.map { " (order group \($0))" } ?? ""
        return failure(
            in: call,
            "the checkout ordered nothing\(group)",
            code: refusal.code,
            message: refusal.description
        )
    }

    // MARK: Catalog and entitlements

    /// `GET /v1/products?country=&targetView=` (global) or `GET /v1/customers/{id}/products?targetView=`.
    package func listProducts(
        country: String,
        targetView: String,
        targetSegment: String? = nil,
        customerID: String? = nil
    ) -> PagedSequence<Product> {
        var query = [("targetView", targetView)]
        if customerID == nil { query.insert(("country", country), at: 0) }
        if let targetSegment { query.append(("targetSegment", targetSegment)) }
        return partnerCenterPages(.listProducts, path: catalogPath(customerID, ""), query: query, of: Product.self)
    }

    /// `GET /v1/products/{pid}?country=` (or customer-scoped).
    package func getProduct(_ productID: String, country: String, customerID: String? = nil) async throws -> Product {
        try await send(
            Call(
                operation: .getProduct,
                method: .get,
                path: catalogPath(customerID, "/\(productID.pathEscaped)"),
                query: countryQuery(country, customerID)
            ),
            as: Product.self
        )
    }

    /// `GET /v1/products/{pid}/skus?country=` (or customer-scoped).
    package func listSkus(_ productID: String, country: String, customerID: String? = nil) -> PagedSequence<Sku> {
        partnerCenterPages(
            .listSkus,
            path: catalogPath(customerID, "/\(productID.pathEscaped)/skus"),
            query: countryQuery(country, customerID),
            of: Sku.self
        )
    }

    /// `GET /v1/products/{pid}/skus/{sid}?country=` (or customer-scoped).
    package func getSku(
        _ productID: String,
        skuID: String,
        country: String,
        customerID: String? = nil
    ) async throws
        -> Sku
    {
        try await send(
            Call(
                operation: .getSku,
                method: .get,
                path: catalogPath(customerID, "/\(productID.pathEscaped)/skus/\(skuID.pathEscaped)"),
                query: countryQuery(country, customerID)
            ),
            as: Sku.self
        )
    }

    /// `GET /v1/products/{pid}/skus/{sid}/availabilities?country=` (or customer-scoped).
    package func listAvailabilities(
        _ productID: String,
        skuID: String,
        country: String,
        customerID: String? = nil
    ) -> PagedSequence<Availability> {
        partnerCenterPages(
            .listAvailabilities,
            path: catalogPath(customerID, "/\(productID.pathEscaped)/skus/\(skuID.pathEscaped)/availabilities"),
            query: countryQuery(country, customerID),
            of: Availability.self
        )
    }

    /// `GET /v1/products/{pid}/skus/{sid}/availabilities/{aid}?country=` (or customer-scoped).
    package func getAvailability(
        _ productID: String,
        skuID: String,
        availabilityID: String,
        country: String,
        customerID: String? = nil
    ) async throws -> Availability {
        let path = "/\(productID.pathEscaped)/skus/\(skuID.pathEscaped)/availabilities/\(availabilityID.pathEscaped)"
        return try await send(
            Call(
                operation: .getAvailability,
                method: .get,
                path: catalogPath(customerID, path),
                query: countryQuery(country, customerID)
            ),
            as: Availability.self
        )
    }

    /// `GET /v1/customers/{id}/entitlements[?entitlementType=]`.
    package func listEntitlements(_ customerID: String, entitlementType: String? = nil) -> PagedSequence<Entitlement> {
        partnerCenterPages(
            .listEntitlements,
            path: "/customers/\(customerID.pathEscaped)/entitlements",
            query: entitlementType.map { [("entitlementType", $0)] } ?? [],
            of: Entitlement.self
        )
    }

    private func catalogPath(_ customerID: String?, _ suffix: String) -> String {
        (customerID.map { "/customers/\($0.pathEscaped)" } ?? "") + "/products" + suffix
    }

    private func countryQuery(_ country: String, _ customerID: String?) -> [(String, String)] {
        customerID == nil ? [("country", country)] : []
    }
}
