package import Foundation

/// The documented JSON of each GDAP resource, with the documented key order.
package struct GraphRendering: Sendable {
    /// `{origin}/graph/v1.0/tenantRelationships`: where `@odata.context`, `Location` and `@odata.nextLink` point.
    package var serviceRoot: String
    /// Whether the caller sent `Prefer: include-unknown-enum-members` (evolvable enum members are shown as
    /// `unknownFutureValue` otherwise).
    package var includeUnknownEnumMembers: Bool

    package init(serviceRoot: String, includeUnknownEnumMembers: Bool = false) {
        self.serviceRoot = serviceRoot
        self.includeUnknownEnumMembers = includeUnknownEnumMembers
    }

    package func context(_ fragment: String) -> GraphJSON {
        .string("\(serviceRoot)/$metadata#\(fragment)")
    }

    package func relationshipURL(_ id: String) -> String {
        "\(serviceRoot)/delegatedAdminRelationships/\(id)"
    }

    package func relationship(_ relationship: GDAPRelationship, context: String?) -> GraphJSON {
        var members = [GraphJSON.Member("@odata.type", .string("#microsoft.graph.delegatedAdminRelationship"))]
        if let context { members.append(.init("@odata.context", self.context(context))) }
        let customer: GraphJSON =
            relationship.customer.map { customer in
                // The participant's displayName comes from Entra; until known it is left out, as in the PATCH
                // example that names only the tenantId.
                var members = [GraphJSON.Member("tenantId", .string(customer.tenantId))]
                if let name = customer.displayName { members.append(.init("displayName", .string(name))) }
                return .object(members)
            } ?? .null
        members += [
            .init("@odata.etag", .string(relationship.etag)),
            .init("id", .string(relationship.id)),
            .init("displayName", .string(relationship.displayName)),
            .init("duration", .string(relationship.duration.iso8601)),
            .init("customer", customer),
            .init("accessDetails", Self.accessDetails(relationship.roles)),
            .init("status", .string(relationship.status.rawValue)),
            .init("autoExtendDuration", .string(relationship.autoExtendDuration.iso8601)),
            .init("createdDateTime", Self.date(relationship.createdDateTime)),
            .init("lastModifiedDateTime", Self.date(relationship.lastModifiedDateTime)),
            .init("activatedDateTime", relationship.activatedDateTime.map(Self.date) ?? .null),
            .init("endDateTime", relationship.endDateTime.map(Self.date) ?? .null),
        ]
        return .object(members)
    }

    /// The create answer has no `@odata.etag` in the documented example; list and get have one.
    package func request(_ request: GDAPRequest, context: String?, etag: Bool = true) -> GraphJSON {
        var members = [GraphJSON.Member("@odata.type", .string("#microsoft.graph.delegatedAdminRelationshipRequest"))]
        if let context { members.append(.init("@odata.context", self.context(context))) }
        if etag { members.append(.init("@odata.etag", .string(request.etag))) }
        members += [
            .init("id", .string(request.id)),
            .init("action", .string(request.action.rawValue)),
            .init("status", .string(request.status.rawValue)),
            .init("createdDateTime", Self.date(request.createdDateTime)),
            .init("lastModifiedDateTime", Self.date(request.lastModifiedDateTime)),
        ]
        return .object(members)
    }

    package func accessAssignment(_ assignment: GDAPAccessAssignment, context: String?) -> GraphJSON {
        var members = [GraphJSON.Member("@odata.type", .string("#microsoft.graph.delegatedAdminAccessAssignment"))]
        if let context { members.append(.init("@odata.context", self.context(context))) }
        members += [
            .init("@odata.etag", .string(assignment.etag)),
            .init("id", .string(assignment.id)),
            .init("status", .string(assignment.status.rawValue)),
            .init("createdDateTime", Self.date(assignment.createdDateTime)),
            .init("lastModifiedDateTime", Self.date(assignment.lastModifiedDateTime)),
            .init("accessContainer", Self.accessContainer(assignment)),
            .init("accessDetails", Self.accessDetails(assignment.roles)),
        ]
        return .object(members)
    }

    package func operation(
        _ operation: GDAPOperation,
        in relationship: GDAPRelationship,
        context: String?
    ) -> GraphJSON {
        var members = [GraphJSON.Member("@odata.type", .string("#microsoft.graph.delegatedAdminRelationshipOperation"))]
        if let context { members.append(.init("@odata.context", self.context(context))) }
        let type =
            operation.operationType == .delegatedAdminRelationshipUpdate && !includeUnknownEnumMembers
            ? "unknownFutureValue" : operation.operationType.rawValue
        members += [
            .init("@odata.etag", .string(operation.etag)),
            .init("id", .string(operation.id)),
            .init("operationType", .string(type)),
            .init("data", .string(Self.operationData(operation, in: relationship).serialized)),
            .init("status", .string(operation.status.rawValue)),
            .init("createdDateTime", Self.date(operation.createdDateTime)),
            .init("lastModifiedDateTime", Self.date(operation.lastModifiedDateTime)),
        ]
        return .object(members)
    }

    /// `data`: the JSON of the target object as the operation leaves it.
    static func operationData(_ operation: GDAPOperation, in relationship: GDAPRelationship) -> GraphJSON {
        guard let assignmentID = operation.targetAssignmentId else {
            return .object([
                "id": .string(relationship.id),
                "accessDetails": accessDetails(operation.targetRoles),
                "status": .string(relationship.status.rawValue),
            ])
        }
        let assignment = relationship.accessAssignments.first { $0.id == assignmentID }
        return .object([
            "id": .string(assignmentID),
            "accessContainer": assignment.map(accessContainer) ?? .null,
            "accessDetails": accessDetails(operation.targetRoles),
            "status": .string(assignment?.status.rawValue ?? GDAPAccessAssignmentStatus.active.rawValue),
        ])
    }

    static func accessContainer(_ assignment: GDAPAccessAssignment) -> GraphJSON {
        .object([
            "accessContainerId": .string(assignment.accessContainerId),
            "accessContainerType": .string(assignment.accessContainerType),
        ])
    }

    static func accessDetails(_ roles: [String]) -> GraphJSON {
        .object(["unifiedRoles": .array(roles.map { .object(["roleDefinitionId": .string($0)]) })])
    }

    /// `2022-02-10T11:24:42.3148266Z`: UTC with seven fractional digits, as Graph writes DateTimeOffset.
    package static func date(_ date: Date) -> GraphJSON {
        .string(format(date))
    }

    package static func format(_ date: Date) -> String {
        let ticks = (date.timeIntervalSince1970 * 10_000_000).rounded()
        let wholeSeconds = (ticks / 10_000_000).rounded(.down)
        let fraction = Int64(ticks - wholeSeconds * 10_000_000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second],
            from: Date(timeIntervalSince1970: wholeSeconds)
        )
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%07lldZ",
            parts.year ?? 0,
            parts.month ?? 0,
            parts.day ?? 0,
            parts.hour ?? 0,
            parts.minute ?? 0,
            parts.second ?? 0,
            fraction
        )
    }
}
