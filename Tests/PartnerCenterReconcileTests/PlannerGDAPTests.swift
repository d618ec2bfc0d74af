import Foundation
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterTestSupport
import Testing

private typealias F = PlannerFixtures

@Suite(.tags(.unit)) struct PlannerGDAPTests {
    private func plan(_ relationships: [LiveRelationship], desired: DesiredGDAP = F.gdap()) -> Plan {
        let customer = F.liveCustomer(relationships: .known(relationships))
        return F.plan(F.desiredCustomer(gdap: desired), F.live(.found(customer)))
    }

    private static let oldId = "\(F.tenant)-00000000-0000-0000-0000-000000000001"
    private static let newId = "\(F.tenant)-00000000-0000-0000-0000-000000000002"

    @Test(arguments: [
        (LiveRelationshipStatus?.none, [Action.create], [ActionReason.absentLive]),
        (.created, [.update], [.notLockedForApproval]),
        (.approvalPending, [.waiting], [.awaitingCustomerApproval]),
        (.approved, [.waiting], [.relationshipActivating]),
        (.activating, [.waiting], [.relationshipActivating]),
        (.active, [], []),
        (.expiring, [.create], [.relationshipExpiring]),
        (.expired, [.create], [.relationshipEnded]),
        (.terminationRequested, [.create], [.relationshipEnded]),
        (.terminating, [.create], [.relationshipEnded]),
        (.terminated, [.create], [.relationshipEnded]),
    ])
    func everyStatusOfAMatchingRelationship(
        status: LiveRelationshipStatus?,
        actions: [Action],
        reasons: [ActionReason]
    ) {
        let plan = plan(status.map { [F.relationship(status: $0)] } ?? [])
        #expect(plan.changes.map(\.action) == actions)
        #expect(plan.changes.first?.reasons ?? [] == reasons)
    }

    @Test func createdRelationshipIsLockedForApproval() {
        let plan = plan([F.relationship(status: .created, autoExtend: "PT0S")])
        let change = plan.change(F.gdapAddress)
        #expect(change?.requests.map(\.operation) == [.updateRelationship, .lockRelationshipForApproval])
        #expect(change?.requests.first?.parameters == ["autoExtendDuration": .string("P180D")])
        #expect(change?.requests.first?.etag == "W/\"rel-created\"")
    }

    @Test func pendingRelationshipPrintsTheApprovalLink() {
        let plan = plan([F.relationship(status: .approvalPending)])
        let change = plan.change(F.gdapAddress)
        #expect(
            change?.approvalLink
                == "https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/"
                + "\(F.tenant)-8777b240-c6f0-4469-9e98-a3205431b836"
        )
        #expect(change?.action.isWork == false)
    }

    @Test func endedRelationshipIsFollowedByTheNextGeneration() {
        let plan = plan([F.relationship(status: .expired)])
        let create = plan.change(F.gdapAddress)?.requests.first
        #expect(create?.parameters["displayName"] == .string("wingtiptoys-msp-v2"))
        #expect(create?.parameters["customerTenantId"] == .string(F.tenant))
    }

    @Test(arguments: [
        (F.gdap(roles: [F.globalReader]), ActionReason.rolesImmutableAfterApproval),
        (F.gdap(duration: "P365D"), ActionReason.durationImmutableAfterApproval),
    ])
    func rolesOrDurationAfterApprovalMeanAReplacement(desired: DesiredGDAP, reason: ActionReason) {
        let current = F.relationship(id: Self.oldId, status: .active)
        let plan = plan([current], desired: desired)
        let superseded = PlanAddress.superseded(F.domain, "wingtiptoys-msp", Self.oldId)
        #expect(plan.outline == ["\(F.gdapAddress) replace", "\(superseded) waiting"])
        let replace = plan.change(F.gdapAddress)
        #expect(replace?.reasons == [reason])
        #expect(replace?.requests.map(\.operation) == [.createRelationship, .lockRelationshipForApproval])
        #expect(replace?.requests.first?.parameters["displayName"] == .string("wingtiptoys-msp-v2"))
        #expect(plan.change(superseded)?.dependsOn == [F.gdapAddress])
        #expect(plan.change(superseded)?.requests.map(\.operation) == [.terminateRelationship])
    }

    @Test func replacementPendingKeepsTheOldOneWaiting() {
        let plan = plan(
            [
                F.relationship(id: Self.oldId, status: .active),
                F.relationship("wingtiptoys-msp-v2", id: Self.newId, status: .approvalPending, roles: [F.globalReader]),
            ],
            desired: F.gdap(roles: [F.globalReader])
        )
        let superseded = PlanAddress.superseded(F.domain, "wingtiptoys-msp", Self.oldId)
        #expect(plan.outline == ["\(F.gdapAddress) waiting", "\(superseded) waiting"])
    }

    @Test func replacementActiveTerminatesTheOldOne() {
        let plan = plan(
            [
                F.relationship(id: Self.oldId, status: .active),
                F.relationship("wingtiptoys-msp-v2", id: Self.newId, status: .active, roles: [F.globalReader]),
            ],
            desired: F.gdap(roles: [F.globalReader])
        )
        let superseded = PlanAddress.superseded(F.domain, "wingtiptoys-msp", Self.oldId)
        #expect(plan.outline == ["\(superseded) remove"])
        #expect(plan.change(superseded)?.reasons == [.supersededByReplacement])
        #expect(plan.change(superseded)?.requests.first?.target == Self.oldId)
    }

    @Test func autoExtendIsUpdatedOnAnActiveRelationship() {
        let plan = plan([F.relationship(status: .active, autoExtend: "PT0S")])
        #expect(plan.outline == ["\(F.gdapAddress) update"])
        #expect(plan.change(F.gdapAddress)?.requests.first?.operation == .updateRelationship)
        #expect(plan.notes.isEmpty)
    }

    @Test(arguments: [
        (F.date("2026-12-20T12:00:00Z"), true),
        (F.date("2026-12-21T12:00:00Z"), false),
    ])
    func expiryWithoutAutoExtendWithinThirtyDaysIsAWarning(end: Date, warned: Bool) {
        let plan = plan(
            [F.relationship(status: .active, autoExtend: "P0D", end: end)],
            desired: F.gdap(autoExtend: "PT0S")
        )
        #expect(plan.changes.isEmpty)
        #expect((plan.notes.map(\.kind) == [.gdapExpiring]) == warned)
    }

    @Test func accessAssignmentsAreCreatedUpdatedAndRemoved() {
        let desired = F.gdap(assignments: [
            DesiredAccessAssignment(group: F.groupA, roles: [F.helpdesk]),
            DesiredAccessAssignment(group: F.groupB, roles: [F.globalReader]),
        ])
        let live: [LiveAccessAssignment] = [
            LiveAccessAssignment(id: "as-1", group: F.groupA, roles: [F.globalReader.id], status: .active, etag: "e1"),
            LiveAccessAssignment(
                id: "as-9",
                group: "99999999-0000-0000-0000-000000000000",
                roles: [F.helpdesk.id],
                status: .active
            ),
            LiveAccessAssignment(id: "as-8", group: F.groupB, roles: [F.globalReader.id], status: .deleted),
        ]
        let plan = plan([F.relationship(status: .active, assignments: .known(live))], desired: desired)
        #expect(
            plan.outline == [
                "\(F.gdapAddress)/assignment[\(F.groupA)] update",
                "\(F.gdapAddress)/assignment[\(F.groupB)] create",
                "\(F.gdapAddress)/assignment[99999999-0000-0000-0000-000000000000] remove",
            ]
        )
        let update = plan.change("\(F.gdapAddress)/assignment[\(F.groupA)]")
        #expect(update?.requests.first?.etag == "e1")
        #expect(update?.requests.first?.parameters["roles"] == .strings([F.helpdesk.id]))
        #expect(
            plan.change("\(F.gdapAddress)/assignment[99999999-0000-0000-0000-000000000000]")?.reasons == [
                .notInManifest
            ]
        )
    }

    @Test func assignmentsWaitForAnActiveRelationship() {
        let desired = F.gdap(assignments: [DesiredAccessAssignment(group: F.groupA, roles: [F.helpdesk])])
        let plan = plan([F.relationship(status: .approvalPending)], desired: desired)
        #expect(plan.outline == ["\(F.gdapAddress) waiting"])
        #expect(plan.change(F.gdapAddress)?.messages.contains { $0.contains("1 group(s)") } == true)
    }

    @Test func unreadableAssignmentsAreUnknown() {
        let desired = F.gdap(assignments: [DesiredAccessAssignment(group: F.groupA, roles: [F.helpdesk])])
        let plan = plan(
            [F.relationship(status: .active, assignments: .unknown(UnknownRead(reason: "HTTP 503")))],
            desired: desired
        )
        #expect(plan.changes.isEmpty)
        #expect(plan.unknowns.map(\.address) == ["\(F.gdapAddress)/assignments"])
    }

    @Test func otherRelationshipsAreNotedNeverTouched() {
        let plan = plan([
            F.relationship(status: .active),
            F.relationship("Default_Wingtip", id: Self.newId, status: .active, roles: [F.userAdmin]),
            F.relationship("old-terminated", id: Self.oldId, status: .terminated),
        ])
        #expect(plan.changes.isEmpty)
        #expect(plan.notes.map(\.address) == [PlanAddress.gdap(F.domain, "Default_Wingtip")])
        #expect(plan.notes.map(\.kind) == [.unmanagedRelationship])
    }

    @Test func unreadableRelationshipsAreUnknown() {
        let customer = F.liveCustomer(relationships: .unknown(UnknownRead(reason: "Graph 503")))
        let plan = F.plan(F.desiredCustomer(gdap: F.gdap()), F.live(.found(customer)))
        #expect(plan.changes.isEmpty)
        #expect(plan.unknowns.map(\.address) == [F.gdapAddress])
    }
}
