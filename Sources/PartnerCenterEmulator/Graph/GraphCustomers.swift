import Foundation
import Hummingbird

/// `GET /tenantRelationships/delegatedAdminCustomers[/{customerId}[/serviceManagementDetails]]`: read-only views of
/// the customers the partner holds granular admin access to, derived from the relationships.
struct GraphCustomersController {
    let graph: GraphStore

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        let path = "delegatedAdminCustomers"
        GraphRoutes.on(group, path, [.get: list])
        GraphRoutes.on(group, "\(path)/$count", [.get: count])
        GraphRoutes.on(group, "\(path)/{customerId}", [.get: get])
        GraphRoutes.on(group, "\(path)/{customerId}/serviceManagementDetails", [.get: serviceManagementDetails])
    }

    @Sendable func list(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.read(request, context) { (state, call) throws(GDAPError) in
            try GraphAnswer.list(
                GraphCustomers.customers(in: state).map {
                    GraphCustomers.render($0, rendering: call.rendering, context: nil)
                },
                call,
                segment: "delegatedAdminCustomers",
                parentURL: call.rendering.serviceRoot
            )
        }
    }

    @Sendable func count(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.read(request, context) { (state, call) throws(GDAPError) in
            try GraphAnswer.count(
                GraphCustomers.customers(in: state).map {
                    GraphCustomers.render($0, rendering: call.rendering, context: nil)
                },
                call
            )
        }
    }

    @Sendable func get(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.read(request, context) { (state, call) throws(GDAPError) in
            let customer = try GraphCustomers.customer(call["customerId"], in: state)
            return try GraphAnswer.entity(
                GraphCustomers.render(customer, rendering: call.rendering, context: "delegatedAdminCustomers/$entity"),
                call
            )
        }
    }

    @Sendable func serviceManagementDetails(
        _ request: Request,
        context: EmulatorRequestContext
    ) async throws -> Response {
        try await graph.read(request, context) { (state, call) throws(GDAPError) in
            let id = call["customerId"]
            let customer = try GraphCustomers.customer(id, in: state)
            _ = try GraphQuery(call.query, allowed: [])
            let tenant = customer.tenantId ?? id
            return .ok(
                .object([
                    "@odata.context": call.rendering.context(
                        "delegatedAdminCustomers/\(tenant)/serviceManagementDetails"
                    ),
                    "value": .array(GraphCustomers.serviceManagementDetails(tenant: tenant)),
                ])
            )
        }
    }
}

/// The delegated admin customers as Graph shows them.
enum GraphCustomers {
    /// Statuses in which the customer has approved and the relationship still grants (or is ending) access.
    static let grantingStatuses: Set<GDAPRelationshipStatus> = [
        .approved, .activating, .active, .expiring, .terminationRequested, .terminating,
    ]

    /// The customer `id` (tenant id, any case) among those the partner holds access to.
    static func customer(_ id: String, in state: GraphState) throws(GDAPError) -> GDAPCustomer {
        guard
            let customer = customers(in: state).first(where: { $0.tenantId?.caseInsensitiveCompare(id) == .orderedSame }
            )
        else { throw .notFound("The delegatedAdminCustomer '\(id)' was not found.") }
        return customer
    }

    /// One entry per customer tenant, first relationship's participant name, in relationship creation order.
    static func customers(in state: GraphState) -> [GDAPCustomer] {
        var seen: Set<String> = []
        var result: [GDAPCustomer] = []
        for relationship in state.orderedRelationships where grantingStatuses.contains(relationship.status) {
            guard let customer = relationship.customer, let tenant = customer.tenantId else { continue }
            if seen.insert(tenant).inserted { result.append(customer) }
        }
        return result
    }

    static func render(_ customer: GDAPCustomer, rendering: GraphRendering, context: String?) -> GraphJSON {
        let tenant = customer.tenantId ?? ""
        var members = [GraphJSON.Member("@odata.type", .string("#microsoft.graph.delegatedAdminCustomer"))]
        if let context { members.append(.init("@odata.context", rendering.context(context))) }
        members += [
            .init("@odata.etag", .string("W/\"\(Data("'\"\(tenant)\"'".utf8).base64EncodedString())\"")),
            .init("id", .string(tenant)),
            .init("tenantId", .string(tenant)),
            .init("displayName", .string(customer.displayName)),
        ]
        return .object(members)
    }

    /// The admin centres Graph lists for a customer (the documented example's four services), addressed by tenant
    /// id because the emulator's Graph side doesn't know the customer's domains.
    static func serviceManagementDetails(tenant: String) -> [GraphJSON] {
        let services = [
            ("Azure Active Directory", "https://aad.portal.azure.com/\(tenant)"),
            ("Microsoft 365 Lighthouse", "https://lighthouse.microsoft.com"),
            ("Dynamics 365 Business Central", "https://businesscentral.dynamics.com/\(tenant)/admin"),
            ("Teams", "https://admin.teams.microsoft.com/?delegatedOrg=\(tenant)"),
        ]
        return services.map { name, url in
            .object([
                "@odata.type": .string("#microsoft.graph.delegatedAdminServiceManagementDetail"),
                "id": .string(stableGUID("\(tenant)|\(name)")),
                "serviceManagementUrl": .string(url),
                "serviceName": .string(name),
            ])
        }
    }

    /// A GUID-shaped id derived from `seed`, stable across runs.
    static func stableGUID(_ seed: String) -> String {
        var first: UInt64 = 14_695_981_039_346_656_037
        var second: UInt64 = 1_099_511_628_211
        for byte in seed.utf8 {
            first = (first ^ UInt64(byte)) &* 1_099_511_628_211
            second = (second &+ UInt64(byte)) &* 6_364_136_223_846_793_005
        }
        let hex = String(format: "%016llx%016llx", first, second)
        let characters = Array(hex)
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }
        return groups.joined(separator: "-")
    }
}
