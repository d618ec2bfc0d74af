package import Foundation

/// One Graph request, reduced to what the GDAP endpoints read.
package struct GraphHTTPRequest: Sendable {
    package var method: String
    /// Path segments after `/graph/v1.0/tenantRelationships/`, percent-decoded.
    package var path: [String]
    package var query: [(String, String)]
    package var ifMatch: String?
    package var prefer: String?
    package var body: Data

    package init(
        method: String,
        path: [String],
        query: [(String, String)] = [],
        ifMatch: String? = nil,
        prefer: String? = nil,
        body: Data = Data()
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.ifMatch = ifMatch
        self.prefer = prefer
        self.body = body
    }
}

/// The answer: status, extra headers (Location, Retry-After), and a JSON body (nil for 204).
package struct GraphHTTPResponse: Sendable, Equatable {
    package var status: Int
    package var headers: [String: String]
    package var body: GraphJSON?
    /// A `text/plain` body (the `$count` segment's number); `body` is nil then.
    package var text: String? = nil
    /// Set on error answers, so the HTTP glue can answer with the emulator's common Graph error type.
    package var error: GDAPError? = nil
}

/// The Graph GDAP endpoints under `/tenantRelationships/`, as a pure function of the state: the HTTP glue passes
/// the request, the current time and an id generator, and writes back the answer.
package enum GraphAPI {
    /// Handles a request; Graph errors become Graph error answers, never thrown.
    package static func handle(
        _ request: GraphHTTPRequest,
        state: inout GraphState,
        now: Date,
        newID: () -> String,
        serviceRoot: String,
        customerName: (String) -> String? = { _ in nil }
    ) -> GraphHTTPResponse {
        let rendering = GraphRendering(
            serviceRoot: serviceRoot,
            includeUnknownEnumMembers: request.prefer?.contains("include-unknown-enum-members") ?? false
        )
        do {
            state.advance(to: now)
            return try route(
                request,
                state: &state,
                now: now,
                newID: newID,
                rendering: rendering,
                customerName: customerName
            )
        } catch {
            return errorResponse(error, now: now, requestID: newID())
        }
    }

    /// The Graph error body: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
    package static func errorResponse(_ error: GDAPError, now: Date, requestID: String) -> GraphHTTPResponse {
        let date = String(GraphRendering.format(now).prefix(19))
        var inner: [GraphJSON.Member] = []
        if let innerCode = error.innerCode { inner.append(.init("code", .string(innerCode))) }
        inner += [
            .init("date", .string(date)), .init("request-id", .string(requestID)),
            .init("client-request-id", .string(requestID)),
        ]
        let body = GraphJSON.object([
            "error": .object([
                "code": .string(error.code),
                "message": .string(error.message),
                "innerError": .object(inner),
            ])
        ])
        return GraphHTTPResponse(status: error.status, headers: [:], body: body, error: error)
    }

    private static func route(
        _ request: GraphHTTPRequest,
        state: inout GraphState,
        now: Date,
        newID: () -> String,
        rendering: GraphRendering,
        customerName: (String) -> String?
    ) throws(GDAPError) -> GraphHTTPResponse {
        let path = request.path
        guard let root = path.first else {
            throw .unknownSegment("tenantRelationships")
        }
        if let count = try countSegment(request, state: state, rendering: rendering) { return count }
        switch root {
        case "delegatedAdminRelationships":
            guard path.count > 1 else {
                return try relationshipsCollection(
                    request,
                    state: &state,
                    now: now,
                    newID: newID,
                    rendering: rendering,
                    customerName: customerName
                )
            }
            let id = path[1]
            guard path.count > 2 else {
                return try relationshipEntity(id, request, state: &state, now: now, newID: newID, rendering: rendering)
            }
            let rest = Array(path.dropFirst(2))
            switch rest.first {
            case "requests":
                return try requests(id, rest, request, state: &state, now: now, newID: newID, rendering: rendering)
            case "accessAssignments":
                return try assignments(id, rest, request, state: &state, now: now, newID: newID, rendering: rendering)
            case "operations":
                return try operations(id, rest, request, state: state, rendering: rendering)
            default:
                throw .unknownSegment(rest.first ?? "")
            }
        case "delegatedAdminCustomers":
            return try GraphCustomers.handle(Array(path.dropFirst()), request, state: state, rendering: rendering)
        default:
            throw .unknownSegment(root)
        }
    }

    static func ok(_ body: GraphJSON, status: Int = 200, headers: [String: String] = [:]) -> GraphHTTPResponse {
        GraphHTTPResponse(status: status, headers: headers, body: body)
    }

    static let noContent = GraphHTTPResponse(status: 204, headers: [:], body: nil)

    /// `GET …/{collection}/$count`: OData's count segment, answered as Graph answers it, the number of matching
    /// items as `text/plain` (`$filter` applies). The GDAP pages document only the `$count` query option; without
    /// this, `$count` would be read as an id and answered 404 "The delegatedAdminRelationship '$count' was not
    /// found". Returns nil when the path does not end in `$count`.
    static func countSegment(
        _ request: GraphHTTPRequest,
        state: GraphState,
        rendering: GraphRendering
    ) throws(GDAPError) -> GraphHTTPResponse? {
        let path = request.path
        guard path.last == "$count", path.count >= 2 else { return nil }
        guard request.method == "GET" else { throw methodNotAllowed(request) }
        let collection = Array(path.dropLast())
        let items: [GraphJSON]
        switch (collection.first, collection.count) {
        case ("delegatedAdminRelationships", 1):
            items = state.relationships.values.sorted { $0.ordinal < $1.ordinal }
                .map { rendering.relationship($0, context: nil) }
        case ("delegatedAdminRelationships", 3):
            let relationship = try state.relationship(collection[1])
            switch collection[2] {
            case "accessAssignments":
                items = relationship.accessAssignments.map { rendering.accessAssignment($0, context: nil) }
            case "requests":
                items = relationship.requests.map { rendering.request($0, context: nil) }
            case "operations":
                items = relationship.operations.map { rendering.operation($0, in: relationship, context: nil) }
            default:
                throw .unknownSegment("$count")
            }
        case ("delegatedAdminCustomers", 1):
            items = GraphCustomers.customers(in: state).map {
                GraphCustomers.render($0, rendering: rendering, context: nil)
            }
        default:
            throw .unknownSegment("$count")
        }
        let query = try GraphQuery(request.query, allowed: ["filter"])
        return GraphHTTPResponse(status: 200, headers: [:], body: nil, text: String(try query.count(items)))
    }

    /// The OData options every GDAP list documents.
    static let listOptions: Set<String> = ["select", "filter", "top", "orderby", "count", "skiptoken"]

    /// A list answer: `items` filtered, ordered, selected and paged; `segment` names the collection both in
    /// `@odata.context` and after `parentURL` in `@odata.nextLink`.
    static func list(
        _ items: [GraphJSON],
        _ request: GraphHTTPRequest,
        segment: String,
        parentURL: String,
        rendering: GraphRendering,
        allowed: Set<String> = listOptions
    ) throws(GDAPError) -> GraphHTTPResponse {
        let query = try GraphQuery(request.query, allowed: allowed)
        return ok(try query.page(items, context: rendering.context(segment), selfURL: "\(parentURL)/\(segment)"))
    }

    /// 201 with the new object and its URL.
    static func created(_ body: GraphJSON, location: String) -> GraphHTTPResponse {
        ok(body, status: 201, headers: ["Location": location])
    }

    /// 202 for a long-running operation: `Location` to poll, `Retry-After: 10` as documented, an empty object.
    static func accepted(relationshipURL: String, operation: GDAPOperation) -> GraphHTTPResponse {
        GraphHTTPResponse(
            status: 202,
            headers: ["Location": "\(relationshipURL)/operations/\(operation.id)", "Retry-After": "10"],
            body: .object([])
        )
    }

    static func methodNotAllowed(_ request: GraphHTTPRequest) -> GDAPError {
        GDAPError(
            status: 405,
            code: "methodNotAllowed",
            message: "The HTTP method '\(request.method)' is not allowed on this resource."
        )
    }

    static func body(_ request: GraphHTTPRequest) throws(GDAPError) -> GraphJSON {
        guard !request.body.isEmpty else { throw .badRequest("A request body is required.") }
        return try GraphJSON.parse(request.body)
    }

    private static func relationshipsCollection(
        _ request: GraphHTTPRequest,
        state: inout GraphState,
        now: Date,
        newID: () -> String,
        rendering: GraphRendering,
        customerName: (String) -> String?
    ) throws(GDAPError) -> GraphHTTPResponse {
        switch request.method {
        case "GET":
            // `$filter=customer/tenantId eq '…'` (how a client reads one customer's relationships): keep only
            // that customer's before rendering, instead of rendering every relationship of the partner for each
            // such read. The full filter still runs on what is kept.
            let candidates =
                if let tenant = try GraphQuery.customerTenantFilter(request.query) {
                    state.relationships(ofCustomer: tenant)
                } else {
                    Array(state.relationships.values)
                }
            return try list(
                candidates.sorted { $0.ordinal < $1.ordinal }.map { rendering.relationship($0, context: nil) },
                request,
                segment: "delegatedAdminRelationships",
                parentURL: rendering.serviceRoot,
                rendering: rendering
            )
        case "POST":
            var input = try GraphRequestBodies.relationshipInput(try body(request))
            // The service names the customer itself: a relationship the partner creates for a tenant carries the
            // tenant's display name even when the request gives only `customer.tenantId` (every documented
            // answer has `customer.displayName`). The emulator knows the names of the partner's customers.
            if let tenant = input.customer?.tenantId, let name = customerName(tenant) {
                input.customer?.displayName = name
            }
            let created = try state.createRelationship(input, now: now, newID: newID)
            return Self.created(
                rendering.relationship(created, context: "delegatedAdminRelationships"),
                location: rendering.relationshipURL(created.id)
            )
        default:
            throw methodNotAllowed(request)
        }
    }

    private static func relationshipEntity(
        _ id: String,
        _ request: GraphHTTPRequest,
        state: inout GraphState,
        now: Date,
        newID: () -> String,
        rendering: GraphRendering
    ) throws(GDAPError) -> GraphHTTPResponse {
        let entity = "delegatedAdminRelationships/$entity"
        switch request.method {
        case "GET":
            let query = try GraphQuery(request.query, allowed: ["select"])
            return ok(try query.project(rendering.relationship(try state.relationship(id), context: entity)))
        case "PATCH":
            let input = try GraphRequestBodies.relationshipInput(try body(request))
            switch try state.updateRelationship(id, input, ifMatch: request.ifMatch, now: now, newID: newID) {
            case .updated(let relationship):
                return ok(rendering.relationship(relationship, context: entity))
            case .accepted(_, let operation):
                // Undocumented shape (GA removal); mirrors the access-assignment update: 202 + Location + Retry-After.
                return accepted(relationshipURL: rendering.relationshipURL(id), operation: operation)
            }
        case "DELETE":
            try state.deleteRelationship(id, ifMatch: request.ifMatch, now: now)
            return noContent
        default:
            throw methodNotAllowed(request)
        }
    }

    private static func requests(
        _ id: String,
        _ rest: [String],
        _ request: GraphHTTPRequest,
        state: inout GraphState,
        now: Date,
        newID: () -> String,
        rendering: GraphRendering
    ) throws(GDAPError) -> GraphHTTPResponse {
        let relationship = try state.relationship(id)
        if rest.count == 2 {
            guard request.method == "GET" else { throw methodNotAllowed(request) }
            guard let found = relationship.requests.first(where: { $0.id == rest[1] }) else {
                throw .notFound("The delegatedAdminRelationshipRequest '\(rest[1])' was not found.")
            }
            let query = try GraphQuery(request.query, allowed: ["select"])
            return ok(try query.project(rendering.request(found, context: "requests/$entity")))
        }
        guard rest.count == 1 else { throw .unknownSegment(rest[2]) }
        switch request.method {
        case "GET":
            return try list(
                relationship.requests.map { rendering.request($0, context: nil) },
                request,
                segment: "requests",
                parentURL: rendering.relationshipURL(id),
                rendering: rendering,
                allowed: ["select", "filter", "top", "count", "skiptoken"]
            )
        case "POST":
            let action = try GraphRequestBodies.action(try body(request))
            let created = try state.createRequest(relationshipID: id, action: action, now: now, newID: newID)
            return Self.created(
                rendering.request(created, context: "requests", etag: false),
                location: "\(rendering.relationshipURL(id))/requests/\(created.id)"
            )
        default:
            throw methodNotAllowed(request)
        }
    }

    private static func assignments(
        _ id: String,
        _ rest: [String],
        _ request: GraphHTTPRequest,
        state: inout GraphState,
        now: Date,
        newID: () -> String,
        rendering: GraphRendering
    ) throws(GDAPError) -> GraphHTTPResponse {
        if rest.count == 2 {
            let assignmentID = rest[1]
            let relationship = try state.relationship(id)
            switch request.method {
            case "GET":
                let index = try GraphState.assignmentIndex(assignmentID, in: relationship)
                let query = try GraphQuery(request.query, allowed: ["select"])
                return ok(
                    try query.project(
                        rendering.accessAssignment(
                            relationship.accessAssignments[index],
                            context: "accessAssignments/$entity"
                        )
                    )
                )
            case "PATCH":
                let roles = try GraphRequestBodies.assignmentUpdate(try body(request))
                let result = try state.updateAccessAssignment(
                    relationshipID: id,
                    assignmentID: assignmentID,
                    roles: roles,
                    ifMatch: request.ifMatch,
                    now: now,
                    newID: newID
                )
                switch result {
                case .unchanged(let assignment):
                    return ok(rendering.accessAssignment(assignment, context: "accessAssignments/$entity"))
                case .accepted(let operation):
                    return accepted(relationshipURL: rendering.relationshipURL(id), operation: operation)
                }
            case "DELETE":
                try state.deleteAccessAssignment(
                    relationshipID: id,
                    assignmentID: assignmentID,
                    ifMatch: request.ifMatch,
                    now: now
                )
                return noContent
            default:
                throw methodNotAllowed(request)
            }
        }
        guard rest.count == 1 else { throw .unknownSegment(rest[2]) }
        switch request.method {
        case "GET":
            return try list(
                try state.relationship(id).accessAssignments.map { rendering.accessAssignment($0, context: nil) },
                request,
                segment: "accessAssignments",
                parentURL: rendering.relationshipURL(id),
                rendering: rendering
            )
        case "POST":
            let input = try GraphRequestBodies.assignmentInput(try body(request))
            let created = try state.createAccessAssignment(
                relationshipID: id,
                accessContainerId: input.containerId,
                accessContainerType: input.containerType,
                roles: input.roles,
                now: now,
                newID: newID
            )
            return Self.created(
                rendering.accessAssignment(created, context: "accessAssignments"),
                location: "\(rendering.relationshipURL(id))/accessAssignments/\(created.id)"
            )
        default:
            throw methodNotAllowed(request)
        }
    }

    private static func operations(
        _ id: String,
        _ rest: [String],
        _ request: GraphHTTPRequest,
        state: GraphState,
        rendering: GraphRendering
    ) throws(GDAPError) -> GraphHTTPResponse {
        guard request.method == "GET" else { throw methodNotAllowed(request) }
        let relationship = try state.relationship(id)
        if rest.count == 2 {
            guard let operation = relationship.operations.first(where: { $0.id == rest[1] }) else {
                throw .notFound("The delegatedAdminRelationshipOperation '\(rest[1])' was not found.")
            }
            let query = try GraphQuery(request.query, allowed: ["select"])
            return ok(
                try query.project(rendering.operation(operation, in: relationship, context: "operations/$entity"))
            )
        }
        guard rest.count == 1 else { throw .unknownSegment(rest[2]) }
        return try list(
            relationship.operations.map { rendering.operation($0, in: relationship, context: nil) },
            request,
            segment: "operations",
            parentURL: rendering.relationshipURL(id),
            rendering: rendering
        )
    }
}
