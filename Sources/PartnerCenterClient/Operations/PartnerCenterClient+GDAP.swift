import Foundation
import HTTPTypes
package import PartnerCenterWire

/// What to change on a GDAP relationship (Graph allows changes only while `created`, except
/// `autoExtendDuration`, also while `active`).
package struct RelationshipChanges: Codable, Sendable, Hashable {
    package var displayName: String?
    package var duration: String?
    package var accessDetails: AccessDetails?
    package var autoExtendDuration: String?

    package init(
        displayName: String? = nil,
        duration: String? = nil,
        accessDetails: AccessDetails? = nil,
        autoExtendDuration: String? = nil
    ) {
        self.displayName = displayName
        self.duration = duration
        self.accessDetails = accessDetails
        self.autoExtendDuration = autoExtendDuration
    }
}

/// The answer to an access-assignment update: done (200, or nothing to change), or accepted as a long-running
/// operation to poll with ``PartnerCenterClient/getGDAPOperation(relationshipID:operationID:)``.
package enum AccessAssignmentUpdate: Sendable, Hashable {
    case updated(DelegatedAdminAccessAssignment?)
    case accepted(operationID: String?, location: String?, retryAfterSeconds: Double?)
}

extension PartnerCenterClient {
    /// `GET .../delegatedAdminRelationships`, optionally `$filter=customer/tenantId eq '{id}'`.
    package func listGDAPRelationships(customerTenantID: String? = nil) -> PagedSequence<DelegatedAdminRelationship> {
        var query: [(String, String)] = []
        if let customerTenantID {
            query.append(
                ("$filter", "customer/tenantId eq '\(customerTenantID.replacingOccurrences(of: "'", with: "''"))'")
            )
        }
        return graphPages(
            .listRelationships,
            path: Self.relationshipsPath,
            query: query,
            of: DelegatedAdminRelationship.self
        )
    }

    /// `GET .../delegatedAdminRelationships/{id}`.
    package func getGDAPRelationship(_ relationshipID: String) async throws -> DelegatedAdminRelationship {
        try await send(
            Call(operation: .getRelationship, method: .get, path: Self.relationshipPath(relationshipID)),
            as: DelegatedAdminRelationship.self
        )
    }

    /// `POST .../delegatedAdminRelationships`. Graph has no idempotency key; display names are unique per
    /// partner, so when a retry of a create whose answer was lost meets 409, the relationship with that display
    /// name (and customer) is read back and returned instead of failing.
    package func createGDAPRelationship(
        _ relationship: DelegatedAdminRelationship,
        requestID: String? = nil
    ) async throws -> DelegatedAdminRelationship {
        do {
            return try await send(
                try createGDAPRelationshipCall(relationship, requestID: requestID),
                as: DelegatedAdminRelationship.self
            )
        } catch let error as PartnerCenterError where error.isConflict && error.responseMayHaveBeenLost {
            let existing = try await listGDAPRelationships(customerTenantID: relationship.customer?.tenantId).collect()
            guard let match = existing.first(where: { $0.displayName == relationship.displayName }) else { throw error }
            return match
        }
    }

    /// `PATCH .../delegatedAdminRelationships/{id}` with `If-Match: etag`.
    package func updateGDAPRelationship(
        _ relationshipID: String,
        changes: RelationshipChanges,
        etag: String
    ) async throws -> DelegatedAdminRelationship? {
        let call = try updateGDAPRelationshipCall(relationshipID, changes: changes, etag: etag)
        let (response, data) = try await perform(call)
        guard !data.isEmpty, response.status.code == 200 else { return nil }
        return try decode(DelegatedAdminRelationship.self, data, status: response.status.code, call: call)
    }

    /// `DELETE .../delegatedAdminRelationships/{id}` with `If-Match: etag` (only while `created`).
    package func deleteGDAPRelationship(_ relationshipID: String, etag: String) async throws {
        _ = try await perform(deleteGDAPRelationshipCall(relationshipID, etag: etag))
    }

    /// `POST .../delegatedAdminRelationships/{id}/requests` with `{ "action": ... }` (`lockForApproval` from
    /// `created`, `terminate` from `active`).
    package func createGDAPRelationshipRequest(
        _ relationshipID: String,
        action: DelegatedAdminRelationshipRequest.Action,
        requestID: String? = nil
    ) async throws -> DelegatedAdminRelationshipRequest {
        try await send(
            try createGDAPRelationshipRequestCall(relationshipID, action: action, requestID: requestID),
            as: DelegatedAdminRelationshipRequest.self
        )
    }

    /// `GET .../delegatedAdminRelationships/{id}/requests`.
    package func listGDAPRelationshipRequests(
        _ relationshipID: String
    ) -> PagedSequence<DelegatedAdminRelationshipRequest> {
        graphPages(
            .listRelationshipRequests,
            path: Self.relationshipPath(relationshipID) + "/requests",
            of: DelegatedAdminRelationshipRequest.self
        )
    }

    /// `GET .../delegatedAdminRelationships/{id}/accessAssignments`.
    package func listGDAPAccessAssignments(_ relationshipID: String) -> PagedSequence<DelegatedAdminAccessAssignment> {
        graphPages(
            .listAccessAssignments,
            path: Self.relationshipPath(relationshipID) + "/accessAssignments",
            of: DelegatedAdminAccessAssignment.self
        )
    }

    /// `GET .../accessAssignments/{aid}`.
    package func getGDAPAccessAssignment(
        relationshipID: String,
        assignmentID: String
    ) async throws -> DelegatedAdminAccessAssignment {
        try await send(
            Call(
                operation: .getAccessAssignment,
                method: .get,
                path: Self.relationshipPath(relationshipID) + "/accessAssignments/\(assignmentID.pathEscaped)"
            ),
            as: DelegatedAdminAccessAssignment.self
        )
    }

    /// `POST .../accessAssignments`. A group has at most one assignment per relationship, so when a retry of a
    /// create whose answer was lost meets 409, the assignment for that group is read back and returned.
    package func createGDAPAccessAssignment(
        relationshipID: String,
        assignment: DelegatedAdminAccessAssignment,
        requestID: String? = nil
    ) async throws -> DelegatedAdminAccessAssignment {
        do {
            return try await send(
                try createGDAPAccessAssignmentCall(
                    relationshipID: relationshipID,
                    assignment: assignment,
                    requestID: requestID
                ),
                as: DelegatedAdminAccessAssignment.self
            )
        } catch let error as PartnerCenterError where error.isConflict && error.responseMayHaveBeenLost {
            let group = assignment.accessContainer?.accessContainerId
            let existing = try await listGDAPAccessAssignments(relationshipID).collect()
            guard let match = existing.first(where: { $0.accessContainer?.accessContainerId == group }) else {
                throw error
            }
            return match
        }
    }

    /// `PATCH .../accessAssignments/{aid}` with `If-Match: etag` and the new `accessDetails`.
    package func updateGDAPAccessAssignment(
        relationshipID: String,
        assignmentID: String,
        accessDetails: AccessDetails,
        etag: String
    ) async throws -> AccessAssignmentUpdate {
        let call = try updateGDAPAccessAssignmentCall(
            relationshipID: relationshipID,
            assignmentID: assignmentID,
            accessDetails: accessDetails,
            etag: etag
        )
        let (response, data) = try await perform(call)
        if response.status.code == 202 {
            let location = response.headerFields[.location]
            let operationID = location.flatMap { $0.split(separator: "/").last.map(String.init) }
            let retryAfter = RetryMiddleware.retryAfter(
                response.headerFields[.retryAfter],
                now: configuration.wallClock()
            )
            return .accepted(operationID: operationID, location: location, retryAfterSeconds: retryAfter)
        }
        if data.isEmpty { return .updated(nil) }
        return .updated(try decode(DelegatedAdminAccessAssignment.self, data, status: response.status.code, call: call))
    }

    /// `DELETE .../accessAssignments/{aid}` with `If-Match: etag`.
    package func deleteGDAPAccessAssignment(relationshipID: String, assignmentID: String, etag: String) async throws {
        _ = try await perform(
            deleteGDAPAccessAssignmentCall(relationshipID: relationshipID, assignmentID: assignmentID, etag: etag)
        )
    }

    /// `GET .../delegatedAdminRelationships/{id}/operations`.
    package func listGDAPOperations(_ relationshipID: String) -> PagedSequence<DelegatedAdminRelationshipOperation> {
        graphPages(
            .listOperations,
            path: Self.relationshipPath(relationshipID) + "/operations",
            of: DelegatedAdminRelationshipOperation.self
        )
    }

    /// `GET .../delegatedAdminRelationships/{id}/operations/{oid}`.
    package func getGDAPOperation(
        relationshipID: String,
        operationID: String
    ) async throws -> DelegatedAdminRelationshipOperation {
        try await send(
            Call(
                operation: .getOperation,
                method: .get,
                path: Self.relationshipPath(relationshipID) + "/operations/\(operationID.pathEscaped)"
            ),
            as: DelegatedAdminRelationshipOperation.self
        )
    }
}
