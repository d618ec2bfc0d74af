import Foundation
import Hummingbird

/// `…/tenantRelationships/delegatedAdminRelationships[/{id}]` (gdap/*.md): list (with `$filter`, `$orderby`,
/// `$select`, `$top`, `$count` and paging), create, get, update and delete a relationship, and `$count`.
struct GraphRelationshipsController {
    let graph: GraphStore

    static let collection = "delegatedAdminRelationships"

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        GraphRoutes.on(group, Self.collection, [.get: list, .post: create])
        GraphRoutes.on(group, "\(Self.collection)/$count", [.get: count])
        GraphRoutes.on(group, "\(Self.collection)/{id}", [.get: get, .patch: update, .delete: delete])
    }

    @Sendable func list(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.read(request, context) { (state, call) throws(GDAPError) in
            // `$filter=customer/tenantId eq '…'` (how a client reads one customer's relationships): keep only
            // that customer's before rendering, instead of rendering every relationship of the partner for each
            // such read. The full filter still runs on what is kept.
            let candidates =
                if let tenant = try GraphQuery.customerTenantFilter(call.query) {
                    state.relationships(ofCustomer: tenant)
                } else {
                    Array(state.relationships.values)
                }
            return try GraphAnswer.list(
                candidates.sorted { $0.ordinal < $1.ordinal }.map { call.rendering.relationship($0, context: nil) },
                call,
                segment: Self.collection,
                parentURL: call.rendering.serviceRoot
            )
        }
    }

    @Sendable func count(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.read(request, context) { (state, call) throws(GDAPError) in
            try GraphAnswer.count(
                state.orderedRelationships.map { call.rendering.relationship($0, context: nil) },
                call
            )
        }
    }

    @Sendable func create(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.write(request, context) { (state, change, newID) throws(GDAPError) in
            let rendering = change.call.rendering
            var input = try GraphRequestBodies.relationshipInput(try change.call.json())
            // The service names the customer itself: a relationship the partner creates for a tenant carries the
            // tenant's display name even when the request gives only `customer.tenantId` (every documented
            // answer has `customer.displayName`). The emulator knows the names of the partner's customers.
            if let tenant = input.customer?.tenantId, let name = change.customerName(tenant) {
                input.customer?.displayName = name
            }
            let created = try state.createRelationship(input, now: change.now, newID: newID)
            return GraphAnswer.created(
                rendering.relationship(created, context: Self.collection),
                location: rendering.relationshipURL(created.id)
            )
        }
    }

    @Sendable func get(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.read(request, context) { (state, call) throws(GDAPError) in
            let relationship = try state.relationship(call["id"])
            return try GraphAnswer.entity(call.rendering.relationship(relationship, context: Self.entity), call)
        }
    }

    static let entity = "delegatedAdminRelationships/$entity"

    @Sendable func update(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.write(request, context) { (state, change, newID) throws(GDAPError) in
            let call = change.call
            let id = call["id"]
            let input = try GraphRequestBodies.relationshipInput(try call.json())
            switch try state.updateRelationship(id, input, ifMatch: call.ifMatch, now: change.now, newID: newID) {
            case .updated(let relationship):
                return .ok(call.rendering.relationship(relationship, context: Self.entity))
            case .accepted(_, let operation):
                // Undocumented shape (GA removal); mirrors the access-assignment update: 202 + Location + Retry-After.
                return .accepted(relationshipURL: call.rendering.relationshipURL(id), operation: operation)
            }
        }
    }

    @Sendable func delete(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.write(request, context) { (state, change, _) throws(GDAPError) in
            try state.deleteRelationship(change.call["id"], ifMatch: change.call.ifMatch, now: change.now)
            return .noContent
        }
    }
}

/// `…/delegatedAdminRelationships/{id}/requests[/{requestId}]`: the partner's lock-for-approval and terminate
/// requests.
struct GraphRequestsController {
    let graph: GraphStore

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        let path = "delegatedAdminRelationships/{id}/requests"
        GraphRoutes.on(group, path, [.get: list, .post: create])
        GraphRoutes.on(group, "\(path)/$count", [.get: count])
        GraphRoutes.on(group, "\(path)/{requestId}", [.get: get])
    }

    @Sendable func list(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.read(request, context) { (state, call) throws(GDAPError) in
            let id = call["id"]
            return try GraphAnswer.list(
                try state.relationship(id).requests.map { call.rendering.request($0, context: nil) },
                call,
                segment: "requests",
                parentURL: call.rendering.relationshipURL(id),
                allowed: ["select", "filter", "top", "count", "skiptoken"]
            )
        }
    }

    @Sendable func count(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.read(request, context) { (state, call) throws(GDAPError) in
            try GraphAnswer.count(
                try state.relationship(call["id"]).requests.map { call.rendering.request($0, context: nil) },
                call
            )
        }
    }

    @Sendable func get(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.read(request, context) { (state, call) throws(GDAPError) in
            let requestId = call["requestId"]
            guard let found = try state.relationship(call["id"]).requests.first(where: { $0.id == requestId }) else {
                throw .notFound("The delegatedAdminRelationshipRequest '\(requestId)' was not found.")
            }
            return try GraphAnswer.entity(call.rendering.request(found, context: "requests/$entity"), call)
        }
    }

    @Sendable func create(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.write(request, context) { (state, change, newID) throws(GDAPError) in
            let (call, id) = (change.call, change.call["id"])
            _ = try state.relationship(id)
            let action = try GraphRequestBodies.action(try call.json())
            let created = try state.createRequest(relationshipID: id, action: action, now: change.now, newID: newID)
            return .created(
                call.rendering.request(created, context: "requests", etag: false),
                location: "\(call.rendering.relationshipURL(id))/requests/\(created.id)"
            )
        }
    }
}

/// `…/delegatedAdminRelationships/{id}/operations[/{operationId}]`: the long-running operations, read only.
struct GraphOperationsController {
    let graph: GraphStore

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        let path = "delegatedAdminRelationships/{id}/operations"
        GraphRoutes.on(group, path, [.get: list])
        GraphRoutes.on(group, "\(path)/$count", [.get: count])
        GraphRoutes.on(group, "\(path)/{operationId}", [.get: get])
    }

    @Sendable func list(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.read(request, context) { (state, call) throws(GDAPError) in
            let relationship = try state.relationship(call["id"])
            return try GraphAnswer.list(
                relationship.operations.map { call.rendering.operation($0, in: relationship, context: nil) },
                call,
                segment: "operations",
                parentURL: call.rendering.relationshipURL(relationship.id)
            )
        }
    }

    @Sendable func count(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.read(request, context) { (state, call) throws(GDAPError) in
            let relationship = try state.relationship(call["id"])
            return try GraphAnswer.count(
                relationship.operations.map { call.rendering.operation($0, in: relationship, context: nil) },
                call
            )
        }
    }

    @Sendable func get(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.read(request, context) { (state, call) throws(GDAPError) in
            let relationship = try state.relationship(call["id"])
            let operationId = call["operationId"]
            guard let operation = relationship.operations.first(where: { $0.id == operationId }) else {
                throw .notFound("The delegatedAdminRelationshipOperation '\(operationId)' was not found.")
            }
            return try GraphAnswer.entity(
                call.rendering.operation(operation, in: relationship, context: "operations/$entity"),
                call
            )
        }
    }
}
