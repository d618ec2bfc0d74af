import Foundation
import PartnerCenterClient
import PartnerCenterModel
import PartnerCenterWire

/// Microsoft Graph has no request-id replay: before creating a relationship or an assignment, apply looks for
/// it by what is unique (the relationship's display name per partner, the security group per relationship),
/// and after a 409 it looks again, so a retry after a lost answer never creates a second one.
extension ChangeExecutor {
    private static let finished: Set<String> = ["terminated", "expired", "terminationRequested", "terminating"]

    func createRelationship(
        _ new: NewRelationship,
        requestID: String,
        change: Change,
        state: inout CustomerState,
        record: inout ChangeRecord
    ) async throws {
        let name = new.displayName
        let tenantID = try new.customerTenantId ?? state.requireCustomerID(dryRun: dryRun)
        if !dryRun, state.mustLookFirst, let existing = try await relationship(named: name, customerTenantID: tenantID)
        {
            adopt(existing, change: change, state: &state, record: &record, why: "the relationship already existed")
            return
        }
        let relationship = DelegatedAdminRelationship(
            displayName: name,
            duration: new.duration,
            customer: CustomerParticipant(tenantId: tenantID),
            accessDetails: AccessDetails(roleDefinitionIDs: new.roles),
            autoExtendDuration: new.autoExtendDuration
        )
        let call = try client.createGDAPRelationshipCall(relationship, requestID: requestID)
        do {
            let created = try await session.send(call, as: DelegatedAdminRelationship.self, record: &record) {
                var placeholder = relationship
                placeholder.id = Placeholder.id(of: change.address)
                return placeholder
            }
            adopt(created, change: change, state: &state, record: &record, why: nil)
        } catch let error as PartnerCenterError where error.isConflict {
            guard let existing = try await self.relationship(named: name, customerTenantID: tenantID) else {
                throw error
            }
            adopt(existing, change: change, state: &state, record: &record, why: "created by the lost attempt")
        }
    }

    private func adopt(
        _ relationship: DelegatedAdminRelationship,
        change: Change,
        state: inout CustomerState,
        record: inout ChangeRecord,
        why: String?
    ) {
        guard let id = relationship.id else { return }
        state.relationshipIDs[change.address] = id
        record.createdIDs["relationshipId"] = id
        if let why { record.adopted.append(why) }
    }

    func relationship(named name: String, customerTenantID: String) async throws -> DelegatedAdminRelationship? {
        try await client.listGDAPRelationships(customerTenantID: customerTenantID).collect().first { relationship in
            relationship.displayName == name && !Self.finished.contains(relationship.status?.wireValue ?? "")
        }
    }

    /// `lockForApproval` (only while `created`) and `terminate` (only while `active`): skipped when the
    /// relationship is already past that state, which is what a re-run after a crash finds.
    func relationshipRequest(
        _ request: PlannedRequest,
        requestID: String,
        change: Change,
        state: CustomerState,
        record: inout ChangeRecord
    ) async throws {
        let id = try relationshipID(request, change: change, state: state)
        let lock = request.operation == .lockRelationshipForApproval
        if lock {
            record.approvalLink =
                "https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/\(id)"
        }
        // Whether the relationship is already past the state the request moves it from.
        func done(_ status: String) -> Bool { lock ? status != "created" : Self.finished.contains(status) }
        if !dryRun, state.mustLookFirst || !lock {
            let status = try await client.getGDAPRelationship(id).status?.wireValue ?? ""
            if done(status) {
                record.adopted.append("already \(status)")
                return
            }
        }
        let call = try client.createGDAPRelationshipRequestCall(
            id,
            action: lock ? .lockForApproval : .terminate,
            requestID: requestID
        )
        do {
            try await session.perform(call, record: &record)
        } catch let error as PartnerCenterError where error.responseMayHaveBeenLost || error.isConflict {
            // A retry after a lost answer meets a relationship the first attempt already moved on: look.
            let status = try await client.getGDAPRelationship(id).status?.wireValue ?? ""
            guard done(status) else { throw error }
            record.adopted.append("\(status) after the lost attempt")
        }
    }

    func updateRelationship(
        _ update: RelationshipUpdate,
        id: String,
        etag: String?,
        requestID: String,
        record: inout ChangeRecord
    ) async throws {
        let roles = update.roles ?? []
        let changes = RelationshipChanges(
            duration: update.duration,
            accessDetails: roles.isEmpty ? nil : AccessDetails(roleDefinitionIDs: roles),
            autoExtendDuration: update.autoExtendDuration
        )
        let call = try client.updateGDAPRelationshipCall(id, changes: changes, etag: etag ?? "*", requestID: requestID)
        try await session.perform(call, record: &record)
    }

    func createAssignment(
        _ new: NewAccessAssignment,
        relationshipID: String,
        requestID: String,
        state: CustomerState,
        record: inout ChangeRecord
    ) async throws {
        let group = new.group
        if !dryRun, state.mustLookFirst,
            let existing = try await assignment(group: group, relationshipID: relationshipID)
        {
            record.createdIDs["assignmentId"] = existing.id
            record.adopted.append("the assignment already existed")
            return
        }
        let assignment = DelegatedAdminAccessAssignment(
            securityGroupID: group,
            accessDetails: AccessDetails(roleDefinitionIDs: new.roles)
        )
        let call = try client.createGDAPAccessAssignmentCall(
            relationshipID: relationshipID,
            assignment: assignment,
            requestID: requestID
        )
        do {
            let created = try await session.send(call, as: DelegatedAdminAccessAssignment.self, record: &record) {
                assignment
            }
            record.createdIDs["assignmentId"] = created.id
        } catch let error as PartnerCenterError where error.isConflict {
            guard let existing = try await self.assignment(group: group, relationshipID: relationshipID) else {
                throw error
            }
            record.createdIDs["assignmentId"] = existing.id
            record.adopted.append("created by the lost attempt")
        }
    }

    func assignment(group: String, relationshipID: String) async throws -> DelegatedAdminAccessAssignment? {
        try await client.listGDAPAccessAssignments(relationshipID).collect().first { assignment in
            assignment.accessContainer?.accessContainerId == group
                && assignment.status != .deleted && assignment.status != .deleting
        }
    }

    func changeAssignment(_ request: PlannedRequest, requestID: String, record: inout ChangeRecord) async throws {
        guard let assignmentID = request.target else {
            throw ApplyStepFailure("the plan's \(request.operation.rawValue) names no assignment")
        }
        let call: PartnerCenterClient.Call
        switch request.kind {
        case .deleteAccessAssignment(let relationshipID):
            call = client.deleteGDAPAccessAssignmentCall(
                relationshipID: relationshipID,
                assignmentID: assignmentID,
                etag: request.etag ?? "*",
                requestID: requestID
            )
        case .updateAccessAssignment(let update):
            call = try client.updateGDAPAccessAssignmentCall(
                relationshipID: update.relationshipId,
                assignmentID: assignmentID,
                accessDetails: AccessDetails(roleDefinitionIDs: update.roles),
                etag: request.etag ?? "*",
                requestID: requestID
            )
        default:
            throw ApplyStepFailure("the plan's \(request.operation.rawValue) is not an assignment change")
        }
        try await session.perform(call, record: &record)
    }
}
