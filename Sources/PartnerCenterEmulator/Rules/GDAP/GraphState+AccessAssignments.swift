package import Foundation

/// What an access assignment PATCH did: nothing to change (200 with the object) or an operation started (202).
package enum GDAPAssignmentUpdate: Sendable, Equatable {
    case unchanged(GDAPAccessAssignment)
    case accepted(GDAPOperation)
}

extension GraphState {
    /// `POST .../delegatedAdminRelationships/{id}/accessAssignments`: only on an active relationship, roles from
    /// the relationship's roles, one live assignment per security group.
    package mutating func createAccessAssignment(
        relationshipID id: String,
        accessContainerId: String?,
        accessContainerType: String?,
        roles: [String]?,
        now: Date,
        newID: () -> String
    ) throws(GDAPError) -> GDAPAccessAssignment {
        advance(to: now)
        // The one GDAP error text on record (a user report): an unknown relationship id on this endpoint.
        guard var relationship = relationships[id] else {
            throw .badRequest("The passed in delegatedAdminRelationshipId is invalid.")
        }
        guard let container = accessContainerId else { throw .badRequest("The accessContainer property is required.") }
        guard Self.isGUID(container) else {
            throw .badRequest("The accessContainerId '\(container)' is not a valid security group id.")
        }
        guard accessContainerType == nil || accessContainerType == "securityGroup" else {
            throw .badRequest("The accessContainerType must be securityGroup.")
        }
        guard let roles else { throw .badRequest("The accessDetails property is required.") }
        guard relationship.status == .active else {
            throw .conflict(
                "The admin relationship is \(relationship.status.rawValue), not active, and can't have access assignments."
            )
        }
        try Self.validateSubset(roles, of: relationship)
        let group = container.lowercased()
        if relationship.accessAssignments.contains(where: { $0.accessContainerId == group && $0.status != .deleted }) {
            throw .conflict("The resource already exists.")
        }
        let assignmentID = newID()
        let assignment = GDAPAccessAssignment(
            id: assignmentID,
            accessContainerId: group,
            accessContainerType: "securityGroup",
            roles: roles,
            status: .pending,
            createdDateTime: now,
            lastModifiedDateTime: now,
            statusChangedDateTime: now,
            etag: nextETag(for: assignmentID)
        )
        relationship.accessAssignments.append(assignment)
        store(relationship)
        advance(to: now)
        return assignment
    }

    /// `PATCH .../accessAssignments/{assignmentId}`: only `accessDetails`; the same roles answer 200 with the
    /// object, different ones start a `delegatedAdminAccessAssignmentUpdate` operation (202).
    package mutating func updateAccessAssignment(
        relationshipID id: String,
        assignmentID: String,
        roles: [String]?,
        ifMatch: String?,
        now: Date,
        newID: () -> String
    ) throws(GDAPError) -> GDAPAssignmentUpdate {
        advance(to: now)
        var relationship = try relationship(id)
        let index = try Self.assignmentIndex(assignmentID, in: relationship)
        let assignment = relationship.accessAssignments[index]
        try Self.ifMatch(ifMatch, matches: assignment.etag)
        guard let roles else { throw .badRequest("The accessDetails property is required.") }
        if Set(roles) == Set(assignment.roles), roles.count == assignment.roles.count {
            return .unchanged(assignment)
        }
        guard relationship.status == .active, assignment.status == .active else {
            throw .conflict(
                "The access assignment can only be updated while it and its relationship are active;"
                    + " it is \(assignment.status.rawValue), the relationship \(relationship.status.rawValue)."
            )
        }
        try Self.validateSubset(roles, of: relationship)
        let operation = GDAPOperation(
            id: newID(),
            operationType: .delegatedAdminAccessAssignmentUpdate,
            targetAssignmentId: assignment.id,
            targetRoles: roles,
            status: .notStarted,
            createdDateTime: now,
            lastModifiedDateTime: now,
            statusChangedDateTime: now,
            etag: nextETag(for: id)
        )
        relationship.operations.append(operation)
        store(relationship)
        advance(to: now)
        return .accepted(operation)
    }

    /// `DELETE .../accessAssignments/{assignmentId}`: 204, then `deleting` -> `deleted` (still listed).
    package mutating func deleteAccessAssignment(
        relationshipID id: String,
        assignmentID: String,
        ifMatch: String?,
        now: Date
    ) throws(GDAPError) {
        advance(to: now)
        var relationship = try relationship(id)
        let index = try Self.assignmentIndex(assignmentID, in: relationship)
        var assignment = relationship.accessAssignments[index]
        try Self.ifMatch(ifMatch, matches: assignment.etag)
        guard assignment.status != .deleting, assignment.status != .deleted else {
            throw .conflict("The access assignment is already \(assignment.status.rawValue).")
        }
        assignment.status = .deleting
        assignment.statusChangedDateTime = now
        assignment.lastModifiedDateTime = now
        assignment.etag = nextETag(for: assignment.id)
        relationship.accessAssignments[index] = assignment
        store(relationship)
        advance(to: now)
    }

    static func assignmentIndex(_ assignmentID: String, in relationship: GDAPRelationship) throws(GDAPError) -> Int {
        guard let index = relationship.accessAssignments.firstIndex(where: { $0.id == assignmentID }) else {
            throw .notFound("The delegatedAdminAccessAssignment '\(assignmentID)' was not found.")
        }
        return index
    }

    /// Roles of an assignment must be roles the customer approved on the relationship. The real error code is
    /// undocumented (reference suggestion: 400 `badRequest`).
    static func validateSubset(_ roles: [String], of relationship: GDAPRelationship) throws(GDAPError) {
        guard !roles.isEmpty else { throw .badRequest("The accessDetails must contain at least one unifiedRole.") }
        guard Set(roles).count == roles.count else {
            throw .badRequest("The accessDetails contain the same roleDefinitionId more than once.")
        }
        let approved = Set(relationship.roles)
        for role in roles where !approved.contains(role) {
            throw .badRequest("The roleDefinitionId '\(role)' is not one of the relationship's roles.")
        }
    }
}
