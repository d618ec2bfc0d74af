import Foundation
import HTTPTypes
import PartnerCenterClient
import PartnerCenterTestSupport
import PartnerCenterWire
import Testing

/// The client's GDAP operations over real loopback HTTP against the emulator's Graph surface: the lifecycle a
/// plan's apply will drive (create, lock for approval, customer approval, access assignments, etag updates).
@Suite(.serialized, .tags(.loopback)) struct EmulatorGDAPLoopbackTests {
    static let globalReader = "f2ef992c-3afb-46b9-b7cf-a126ee74c451"
    static let helpdeskAdministrator = "729827e3-9c14-49f7-bb1b-9608f156bbb8"
    static let group = "5e4f2f7c-1b0a-4e5e-9d53-2b1f6f1d0c11"

    @Test func relationshipLifecycleAndAssignments() async throws {
        try await LoopbackEmulator.with { emulator in
            let client = emulator.client()
            var customer = EmulatorLoopbackTests.newCustomer("gdaploop")
            customer.enableGDAPByDefault = false
            let created = try await client.createCustomer(customer, requestID: PartnerCenterClient.newRequestID())
            let tenant = try #require(created.tenantID)

            let relationship = try await client.createGDAPRelationship(
                DelegatedAdminRelationship(
                    displayName: "gdaploop-msp",
                    duration: "P730D",
                    customer: CustomerParticipant(tenantId: tenant),
                    accessDetails: AccessDetails(roleDefinitionIDs: [Self.globalReader, Self.helpdeskAdministrator]),
                    autoExtendDuration: "P180D"
                )
            )
            let id = try #require(relationship.id)
            #expect(relationship.status == .created)

            _ = try await client.createGDAPRelationshipRequest(id, action: .lockForApproval)
            #expect(try await client.getGDAPRelationship(id).status == .approvalPending)

            // Assignments need an active relationship: the service refuses one before approval.
            await #expect(throws: PartnerCenterError.self) {
                _ = try await client.createGDAPAccessAssignment(
                    relationshipID: id,
                    assignment: DelegatedAdminAccessAssignment(
                        securityGroupID: Self.group,
                        accessDetails: AccessDetails(roleDefinitionIDs: [Self.helpdeskAdministrator])
                    )
                )
            }

            try await emulator.control(.post, "gdap/relationships/\(id)/approve")
            let active = try await client.getGDAPRelationship(id)
            #expect(active.status == .active)

            let assignment = try await client.createGDAPAccessAssignment(
                relationshipID: id,
                assignment: DelegatedAdminAccessAssignment(
                    securityGroupID: Self.group,
                    accessDetails: AccessDetails(roleDefinitionIDs: [Self.helpdeskAdministrator])
                )
            )
            #expect(assignment.id != nil)
            // One assignment per security group: a second one is a conflict, reported as a typed error.
            do {
                _ = try await client.createGDAPAccessAssignment(
                    relationshipID: id,
                    assignment: DelegatedAdminAccessAssignment(
                        securityGroupID: Self.group,
                        accessDetails: AccessDetails(roleDefinitionIDs: [Self.globalReader])
                    )
                )
                Issue.record("a second assignment for one group was accepted")
            } catch let error as PartnerCenterError {
                #expect(error.status == 409)
            }
            let assignments = try await client.listGDAPAccessAssignments(id).collect()
            #expect(assignments.count == 1)

            // Auto-extend can change on an active relationship, with the current etag; a stale one is refused.
            let etag = try #require(active.etag)
            _ = try await client.updateGDAPRelationship(
                id,
                changes: RelationshipChanges(autoExtendDuration: "PT0S"),
                etag: etag
            )
            #expect(try await client.getGDAPRelationship(id).autoExtendDuration == "PT0S")
            do {
                _ = try await client.updateGDAPRelationship(
                    id,
                    changes: RelationshipChanges(autoExtendDuration: "P180D"),
                    etag: etag
                )
                Issue.record("a stale etag was accepted")
            } catch let error as PartnerCenterError {
                #expect(error.status == 412)
            }

            let listed = try await client.listGDAPRelationships(customerTenantID: tenant).collect()
            #expect(listed.map(\.id) == [id])
        }
    }
}
