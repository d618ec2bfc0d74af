import Foundation

/// `GET /tenantRelationships/delegatedAdminCustomers[/{id}[/serviceManagementDetails]]`: read-only views of the
/// customers the partner holds granular admin access to, derived from the relationships.
enum GraphCustomers {
    /// Statuses in which the customer has approved and the relationship still grants (or is ending) access.
    static let grantingStatuses: Set<GDAPRelationshipStatus> = [
        .approved, .activating, .active, .expiring, .terminationRequested, .terminating,
    ]

    static func handle(
        _ path: [String],
        _ request: GraphHTTPRequest,
        state: GraphState,
        rendering: GraphRendering
    ) throws(GDAPError) -> GraphHTTPResponse {
        guard request.method == "GET" else { throw GraphAPI.methodNotAllowed(request) }
        let customers = customers(in: state)
        guard let id = path.first else {
            return try GraphAPI.list(
                customers.map { render($0, rendering: rendering, context: nil) },
                request,
                segment: "delegatedAdminCustomers",
                parentURL: rendering.serviceRoot,
                rendering: rendering
            )
        }
        guard let customer = customers.first(where: { $0.tenantId?.caseInsensitiveCompare(id) == .orderedSame })
        else { throw .notFound("The delegatedAdminCustomer '\(id)' was not found.") }
        switch path.count {
        case 1:
            let query = try GraphQuery(request.query, allowed: ["select"])
            return GraphAPI.ok(
                try query.project(
                    render(customer, rendering: rendering, context: "delegatedAdminCustomers/$entity")
                )
            )
        case 2 where path[1] == "serviceManagementDetails":
            _ = try GraphQuery(request.query, allowed: [])
            let tenant = customer.tenantId ?? id
            return GraphAPI.ok(
                .object([
                    "@odata.context": rendering.context("delegatedAdminCustomers/\(tenant)/serviceManagementDetails"),
                    "value": .array(serviceManagementDetails(tenant: tenant)),
                ])
            )
        default:
            throw .unknownSegment(path.last ?? "")
        }
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
