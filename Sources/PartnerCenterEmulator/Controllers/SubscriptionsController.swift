import Foundation
import HTTPTypes
import Hummingbird

/// Subscriptions (subscriptions.md): list (all, `?mpn_id=`, `?order_id=`), get, add-ons, provisioning status,
/// and the PATCH of the full resource that changes one of friendlyName, quantity, status, autoRenewEnabled or
/// scheduledNextTermInstructions, under the legacy and new-commerce rules.
struct SubscriptionsController {
    let store: EmulatorStore
    var window: TimeInterval { store.configuration.cancellationWindow }

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.get("customers/{customerId}/subscriptions", use: list)
        group.get("customers/{customerId}/subscriptions/{subscriptionId}", use: get)
        group.patch("customers/{customerId}/subscriptions/{subscriptionId}", use: patch)
        group.get("customers/{customerId}/subscriptions/{subscriptionId}/addons", use: addons)
        group.get("customers/{customerId}/subscriptions/{subscriptionId}/provisioningstatus", use: provisioningStatus)
    }

    @Sendable func list(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let customerId = context.customerId
        let query = request.uri.queryParameters
        let mpnId = query["mpn_id"].map(String.init)
        // get-all-subscriptions-by-partner.md: `mpn-id` is an int.
        if let mpnId, mpnId.isEmpty || !mpnId.allSatisfy({ $0.isASCII && $0.isNumber }) {
            throw PartnerCenterError.invalidProperty("mpn_id")
        }
        let orderId = query["order_id"].map { String($0).lowercased() }
        let configuration = store.configuration
        let items = try await store.read { state -> [Subscription] in
            _ = try state.customer(customerId)
            let now = EmulatorStore.now(configuration: configuration, state: state)
            return (state.subscriptions[customerId] ?? [:]).values
                .filter { record in mpnId.map { record.resource.partnerId == $0 } ?? true }
                .filter { record in orderId.map { record.resource.orderId?.lowercased() == $0 } ?? true }
                .sorted {
                    ($0.resource.creationDate ?? "", $0.resource.id) < ($1.resource.creationDate ?? "", $1.resource.id)
                }
                .map { record in
                    var resource = record.resource
                    SubscriptionLifecycle.advance(&resource, now: now, window: configuration.cancellationWindow)
                    return resource
                }
        }
        return try EmulatorJSON.response(status: .ok, ResourceCollection(items: items))
    }

    @Sendable func get(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try EmulatorJSON.response(status: .ok, try await current(context))
    }

    @Sendable func addons(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let parent = try await current(context)
        let customerId = context.customerId
        let items = await store.read { state in
            (state.subscriptions[customerId] ?? [:]).values.map(\.resource)
                .filter { $0.parentSubscriptionId?.lowercased() == parent.id.lowercased() }
                .sorted { $0.id < $1.id }
        }
        return try EmulatorJSON.response(status: .ok, ResourceCollection(items: items))
    }

    struct ProvisioningStatus: Encodable {
        var skuId: String
        var status: String
        var quantity: Int
        var endDate: String?
        var attributes = ResourceAttributes(objectType: "SubscriptionProvisioningStatus")
    }

    @Sendable func provisioningStatus(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let subscription = try await current(context)
        let parts = subscription.offerId.split(separator: ":")
        let body = ProvisioningStatus(
            skuId: parts.count == 3 ? String(parts[1]) : subscription.offerId,
            status: "success",
            quantity: subscription.quantity,
            endDate: subscription.commitmentEndDate
        )
        return try EmulatorJSON.response(status: .ok, body)
    }

    /// The subscription brought up to the emulator clock, or 404.
    private func current(_ context: EmulatorRequestContext) async throws -> Subscription {
        let customerId = context.customerId
        let subscriptionId = (context.parameters.get("subscriptionId") ?? "").lowercased()
        let configuration = store.configuration
        return try await store.read { state in
            _ = try state.customer(customerId)
            guard var resource = state.subscriptions[customerId]?[subscriptionId]?.resource else {
                throw PartnerCenterError.subscriptionNotFound(subscriptionId)
            }
            let now = EmulatorStore.now(configuration: configuration, state: state)
            SubscriptionLifecycle.advance(&resource, now: now, window: configuration.cancellationWindow)
            return resource
        }
    }

    @Sendable func patch(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let changes = try await request.decodeBody(SubscriptionPatch.self, context: context)
        let ifMatch = request.headers[.ifMatch]
        let customerId = context.customerId
        let subscriptionId = (context.parameters.get("subscriptionId") ?? "").lowercased()
        let configuration = store.configuration
        let updated = try await store.mutate { state -> Subscription in
            _ = try state.customer(customerId)
            guard var record = state.subscriptions[customerId]?[subscriptionId] else {
                throw PartnerCenterError.subscriptionNotFound(subscriptionId)
            }
            let now = EmulatorStore.now(configuration: configuration, state: state)
            SubscriptionLifecycle.advance(&record.resource, now: now, window: configuration.cancellationWindow)
            let catalog = state.catalog
            try SubscriptionRules.apply(
                changes,
                ifMatch: ifMatch,
                to: &record,
                now: now,
                window: configuration.cancellationWindow,
                catalog: catalog
            )
            state.idCounter += 1
            if record.resource.attributes?.etag != nil {
                record.resource.attributes?.etag = ResourceAttributes.versionedETag(
                    id: subscriptionId,
                    version: state.idCounter
                )
            }
            state.subscriptions[customerId]?[subscriptionId] = record
            return record.resource
        }
        return try EmulatorJSON.response(status: .ok, updated)
    }
}

/// The properties of a Subscription PATCH body the emulator looks at; everything else is ignored, as the
/// service ignores read-only properties of the full resource it is sent.
struct SubscriptionPatch: Decodable {
    var friendlyName: String?
    var quantity: Int?
    var status: String?
    var autoRenewEnabled: Bool?
    var billingCycle: String?
    var termDuration: String?
    var scheduledNextTermInstructions: ScheduledNextTermInstructions?
    var attributes: PatchAttributes?

    struct PatchAttributes: Decodable {
        var etag: String?
    }
}
