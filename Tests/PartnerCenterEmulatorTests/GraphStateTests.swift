import Foundation
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// The GDAP state machine, driven directly (no HTTP): lifecycle, edit rules, etags, assignments, the clock.
@Suite(.tags(.unit)) struct GraphStateTests {
    static let customer = "4b827261-d21f-4aa9-b7db-7fa1f56fb163"
    static let exchange = "29232cdf-9323-42fd-ade2-1d097af3e4de"
    static let intune = "3a2c62db-5318-420d-8d74-23affee5d9d5"
    static let globalAdmin = "62e90394-69f5-4237-9190-012177145e10"
    static let group = "869713c9-0b28-4d08-8949-ae07ae1bf528"
    static let day: TimeInterval = 86_400

    var state = GraphState()
    var ids = SequentialIDs()
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    func input(
        name: String = "Contoso admin relationship",
        duration: String = "P730D",
        autoExtend: String? = nil,
        roles: [String] = [exchange, intune]
    ) -> GDAPRelationshipInput {
        GDAPRelationshipInput(
            displayName: name,
            duration: duration,
            autoExtendDuration: autoExtend,
            customer: GDAPCustomer(tenantId: Self.customer, displayName: "Contoso"),
            roles: roles
        )
    }

    mutating func create(_ input: GDAPRelationshipInput, at time: Date? = nil) throws -> GDAPRelationship {
        var ids = self.ids
        defer { self.ids = ids }
        return try state.createRelationship(input, now: time ?? t0, newID: { ids.next() })
    }

    mutating func request(_ id: String, _ action: String, at time: Date) throws -> GDAPRequest {
        var ids = self.ids
        defer { self.ids = ids }
        return try state.createRequest(relationshipID: id, action: action, now: time, newID: { ids.next() })
    }

    /// created -> lockForApproval -> customer approval -> active, at `t0`.
    mutating func activeRelationship(_ input: GDAPRelationshipInput? = nil) throws -> GDAPRelationship {
        let created = try create(input ?? self.input())
        _ = try request(created.id, "lockForApproval", at: t0)
        return try state.approveRelationship(created.id, customer: nil, now: t0)
    }

    func expectError(_ status: Int, _ body: () throws -> Void) {
        #expect {
            try body()
        } throws: { error in
            (error as? GDAPError)?.status == status
        }
    }

    @Test mutating func createdRelationshipHasDocumentedShape() throws {
        let relationship = try create(input(autoExtend: "P180D"))
        #expect(relationship.status == .created)
        #expect(relationship.id.hasPrefix(Self.customer + "-"))
        #expect(relationship.id.count == 73)
        #expect(relationship.duration.iso8601 == "P730D")
        #expect(relationship.autoExtendDuration.iso8601 == "P180D")
        #expect(relationship.activatedDateTime == nil)
        #expect(relationship.etag.hasPrefix("W/\""))
    }

    @Test mutating func lifecycleCreatedToActiveToTerminated() throws {
        let created = try create(input())
        let lock = try request(created.id, "lockForApproval", at: t0)
        #expect(lock.status == .created)
        #expect(state.relationships[created.id]?.status == .approvalPending)
        #expect(state.relationships[created.id]?.requests.first?.status == .succeeded)

        let approvedAt = t0.addingTimeInterval(3_600)
        let active = try state.approveRelationship(created.id, customer: nil, now: approvedAt)
        #expect(active.status == .active)
        #expect(active.activatedDateTime == approvedAt)
        #expect(active.endDateTime == approvedAt.addingTimeInterval(730 * Self.day))

        let terminatedAt = approvedAt.addingTimeInterval(Self.day)
        let terminate = try request(created.id, "terminate", at: terminatedAt)
        #expect(terminate.action == .terminate)
        let ended = try #require(state.relationships[created.id])
        #expect(ended.status == .terminated)
        #expect(ended.endDateTime == terminatedAt)
        #expect(ended.requests.map(\.status) == [.succeeded, .succeeded])
    }

    @Test mutating func asynchronousStepsAreVisibleWithDelays() throws {
        state.behaviour.provisioningSeconds = 10
        state.behaviour.deprovisioningSeconds = 10
        let created = try create(input())
        _ = try request(created.id, "lockForApproval", at: t0)
        #expect(try state.approveRelationship(created.id, customer: nil, now: t0).status == .approved)
        state.advance(to: t0.addingTimeInterval(10))
        #expect(state.relationships[created.id]?.status == .activating)
        state.advance(to: t0.addingTimeInterval(20))
        #expect(state.relationships[created.id]?.status == .active)
        #expect(state.relationships[created.id]?.activatedDateTime == t0.addingTimeInterval(20))

        _ = try request(created.id, "terminate", at: t0.addingTimeInterval(30))
        #expect(state.relationships[created.id]?.status == .terminationRequested)
        #expect(state.relationships[created.id]?.requests.last?.status == .pending)
        state.advance(to: t0.addingTimeInterval(40))
        #expect(state.relationships[created.id]?.status == .terminating)
        state.advance(to: t0.addingTimeInterval(50))
        #expect(state.relationships[created.id]?.status == .terminated)
        #expect(state.relationships[created.id]?.requests.last?.status == .succeeded)
    }

    @Test mutating func requestActionsOnlyFromTheirStatus() throws {
        let created = try create(input())
        expectError(409) { _ = try request(created.id, "terminate", at: t0) }
        _ = try request(created.id, "lockForApproval", at: t0)
        expectError(409) { _ = try request(created.id, "lockForApproval", at: t0) }
        expectError(400) { _ = try request(created.id, "approve", at: t0) }
        expectError(400) { _ = try request(created.id, "explode", at: t0) }
        expectError(404) { _ = try request("nope", "lockForApproval", at: t0) }
    }

    @Test mutating func expiresAtEndWithoutAutoExtend() throws {
        state.behaviour.deprovisioningSeconds = 60
        let active = try activeRelationship(input(duration: "P30D"))
        let end = t0.addingTimeInterval(30 * Self.day)
        state.advance(to: end.addingTimeInterval(-1))
        #expect(state.relationships[active.id]?.status == .active)
        state.advance(to: end)
        #expect(state.relationships[active.id]?.status == .expiring)
        state.advance(to: end.addingTimeInterval(60))
        #expect(state.relationships[active.id]?.status == .expired)
        #expect(state.relationships[active.id]?.endDateTime == end)
    }

    @Test mutating func autoExtendMovesTheEndBy180DaysRepeatedly() throws {
        let active = try activeRelationship(input(duration: "P30D", autoExtend: "P180D"))
        state.advance(to: t0.addingTimeInterval(400 * Self.day))
        let extended = try #require(state.relationships[active.id])
        #expect(extended.status == .active)
        // 30 -> 210 -> 390 -> 570 days.
        #expect(extended.endDateTime == t0.addingTimeInterval(570 * Self.day))
        #expect(extended.etag != active.etag)
    }

    @Test mutating func endedAndWaitingRelationshipsArePurged() throws {
        let waiting = try create(input(name: "waiting"))
        _ = try request(waiting.id, "lockForApproval", at: t0)
        let active = try activeRelationship(input(name: "short", duration: "P1D"))
        state.advance(to: t0.addingTimeInterval(89 * Self.day))
        #expect(state.relationships[waiting.id] != nil)
        state.advance(to: t0.addingTimeInterval(90 * Self.day))
        #expect(state.relationships[waiting.id] == nil)
        #expect(state.relationships[active.id]?.status == .expired)
        state.advance(to: t0.addingTimeInterval(366 * Self.day))
        #expect(state.relationships[active.id] == nil)
    }

    @Test mutating func globalAdministratorNeverWithAutoExtend() throws {
        expectError(400) { _ = try create(input(autoExtend: "P180D", roles: [Self.globalAdmin])) }
        let plain = try create(input(roles: [Self.globalAdmin, Self.exchange]))
        expectError(400) {
            _ = try state.updateRelationship(
                plain.id,
                GDAPRelationshipInput(autoExtendDuration: "P180D"),
                ifMatch: plain.etag,
                now: t0,
                newID: { "x" }
            )
        }
    }

    @Test mutating func displayNamesAreUniqueAcrossThePartner() throws {
        let first = try create(input(name: "Shared name"))
        expectError(409) {
            var other = input(name: "shared NAME")
            other.customer = GDAPCustomer(tenantId: "52eaad04-13a2-4a2f-9ce8-93a294fadf36", displayName: nil)
            _ = try create(other)
        }
        // Renaming frees the old name and takes the new one.
        let renamed = try state.updateRelationship(
            first.id,
            GDAPRelationshipInput(displayName: "Moved away"),
            ifMatch: "*",
            now: t0,
            newID: { "" }
        )
        let second = try create(input(name: "Shared name"))
        expectError(409) { _ = try create(input(name: "MOVED AWAY")) }
        try state.deleteRelationship(second.id, ifMatch: second.etag, now: t0)
        guard case .updated(let moved) = renamed else {
            Issue.record("expected a synchronous update")
            return
        }
        _ = try state.updateRelationship(
            first.id,
            GDAPRelationshipInput(displayName: "Shared name"),
            ifMatch: moved.etag,
            now: t0,
            newID: { "" }
        )
        let current = try #require(state.relationships[first.id])
        // Deleting frees the name; a terminated relationship keeps it by default.
        try state.deleteRelationship(current.id, ifMatch: current.etag, now: t0)
        let active = try activeRelationship(input(name: "Shared name"))
        _ = try request(active.id, "terminate", at: t0)
        expectError(409) { _ = try create(input(name: "Shared name")) }
        state.behaviour.endedRelationshipsReserveNames = false
        #expect(try create(input(name: "Shared name")).status == .created)
    }

    @Test(arguments: [
        ("", "P730D"), (String(repeating: "n", count: 51), "P730D"), ("ok", "PT23H"), ("ok", "P731D"),
        ("ok", "P3Y"), ("ok", "P1W"), ("ok", "730"),
    ])
    mutating func invalidNamesAndDurationsAreRejected(name: String, duration: String) {
        expectError(400) { _ = try create(input(name: name, duration: duration)) }
    }

    @Test(arguments: ["P1D", "P2Y", "PT24H", "P1Y6M"])
    mutating func durationsWithinBoundsAreAccepted(duration: String) throws {
        #expect(try create(input(duration: duration)).status == .created)
    }

    @Test mutating func unknownRolesAreRejected() {
        expectError(400) { _ = try create(input(roles: ["dd4db9a0-cc4a-4213-9f9f-70242232d97e"])) }
        expectError(400) { _ = try create(input(roles: [])) }
        expectError(400) { _ = try create(input(roles: [Self.exchange, Self.exchange])) }
    }

    @Test mutating func patchNeedsTheCurrentETag() throws {
        let created = try create(input())
        let rename = GDAPRelationshipInput(displayName: "Renamed")
        expectError(400) { _ = try state.updateRelationship(created.id, rename, ifMatch: nil, now: t0, newID: { "" }) }
        let result = try state.updateRelationship(created.id, rename, ifMatch: created.etag, now: t0, newID: { "" })
        guard case .updated(let renamed) = result else {
            Issue.record("expected a synchronous update")
            return
        }
        #expect(renamed.displayName == "Renamed")
        #expect(renamed.etag != created.etag)
        expectError(412) {
            _ = try state.updateRelationship(created.id, rename, ifMatch: created.etag, now: t0, newID: { "" })
        }
        expectError(412) { try state.deleteRelationship(created.id, ifMatch: created.etag, now: t0) }
        try state.deleteRelationship(created.id, ifMatch: "*", now: t0)
        #expect(state.relationships.isEmpty)
    }

    @Test mutating func activeRelationshipOnlyChangesAutoExtendAndDropsGlobalAdministrator() throws {
        let active = try activeRelationship(input(roles: [Self.globalAdmin, Self.exchange]))
        expectError(409) {
            _ = try state.updateRelationship(
                active.id,
                GDAPRelationshipInput(displayName: "New"),
                ifMatch: active.etag,
                now: t0,
                newID: { "" }
            )
        }
        expectError(409) {
            _ = try state.updateRelationship(
                active.id,
                GDAPRelationshipInput(roles: [Self.exchange, Self.intune]),
                ifMatch: active.etag,
                now: t0,
                newID: { "" }
            )
        }
        expectError(409) { try state.deleteRelationship(active.id, ifMatch: active.etag, now: t0) }
        var ids = self.ids
        let result = try state.updateRelationship(
            active.id,
            GDAPRelationshipInput(roles: [Self.exchange]),
            ifMatch: active.etag,
            now: t0,
            newID: { ids.next() }
        )
        guard case .accepted(_, let operation) = result else {
            Issue.record("GA removal should be a long-running operation")
            return
        }
        #expect(operation.operationType == .delegatedAdminRelationshipUpdate)
        let after = try #require(state.relationships[active.id])
        #expect(after.roles == [Self.exchange])
        #expect(after.operations.first?.status == .succeeded)
        let extended = try state.updateRelationship(
            active.id,
            GDAPRelationshipInput(autoExtendDuration: "P180D"),
            ifMatch: after.etag,
            now: t0,
            newID: { "" }
        )
        guard case .updated(let now) = extended else {
            Issue.record("expected a synchronous update")
            return
        }
        #expect(now.autoExtendDuration == .autoExtend)
    }

    @Test mutating func accessAssignmentsOnlyOnActiveRelationships() throws {
        let created = try create(input())
        var ids = self.ids
        expectError(409) {
            _ = try state.createAccessAssignment(
                relationshipID: created.id,
                accessContainerId: Self.group,
                accessContainerType: "securityGroup",
                roles: [Self.exchange],
                now: t0,
                newID: { ids.next() }
            )
        }
        expectError(400) {
            _ = try state.createAccessAssignment(
                relationshipID: "missing",
                accessContainerId: Self.group,
                accessContainerType: "securityGroup",
                roles: [Self.exchange],
                now: t0,
                newID: { ids.next() }
            )
        }
    }

    @Test mutating func accessAssignmentRulesAndLifecycle() throws {
        state.behaviour.assignmentSeconds = 5
        state.behaviour.operationSeconds = 5
        let active = try activeRelationship()
        var ids = self.ids
        func assign(_ roles: [String], group: String = Self.group) throws -> GDAPAccessAssignment {
            try state.createAccessAssignment(
                relationshipID: active.id,
                accessContainerId: group,
                accessContainerType: "securityGroup",
                roles: roles,
                now: t0,
                newID: { ids.next() }
            )
        }
        expectError(400) { _ = try assign([Self.globalAdmin]) }
        let assignment = try assign([Self.exchange])
        #expect(assignment.status == .pending)
        expectError(409) { _ = try assign([Self.intune]) }
        state.advance(to: t0.addingTimeInterval(5))
        let live = try #require(state.relationships[active.id]?.accessAssignments.first)
        #expect(live.status == .active)
        #expect(live.etag != assignment.etag)

        let same = try state.updateAccessAssignment(
            relationshipID: active.id,
            assignmentID: live.id,
            roles: [Self.exchange],
            ifMatch: live.etag,
            now: t0.addingTimeInterval(5),
            newID: { ids.next() }
        )
        #expect(same == .unchanged(live))
        expectError(412) {
            _ = try state.updateAccessAssignment(
                relationshipID: active.id,
                assignmentID: live.id,
                roles: [Self.intune],
                ifMatch: assignment.etag,
                now: t0.addingTimeInterval(5),
                newID: { ids.next() }
            )
        }
        let changed = try state.updateAccessAssignment(
            relationshipID: active.id,
            assignmentID: live.id,
            roles: [Self.exchange, Self.intune],
            ifMatch: live.etag,
            now: t0.addingTimeInterval(5),
            newID: { ids.next() }
        )
        guard case .accepted(let operation) = changed else {
            Issue.record("expected a long-running operation")
            return
        }
        #expect(operation.status == .notStarted)
        state.advance(to: t0.addingTimeInterval(10))
        #expect(state.relationships[active.id]?.operations.first?.status == .running)
        state.advance(to: t0.addingTimeInterval(15))
        #expect(state.relationships[active.id]?.operations.first?.status == .succeeded)
        let updated = try #require(state.relationships[active.id]?.accessAssignments.first)
        #expect(updated.roles == [Self.exchange, Self.intune])

        try state.deleteAccessAssignment(
            relationshipID: active.id,
            assignmentID: live.id,
            ifMatch: updated.etag,
            now: t0.addingTimeInterval(15)
        )
        #expect(state.relationships[active.id]?.accessAssignments.first?.status == .deleting)
        state.advance(to: t0.addingTimeInterval(20))
        #expect(state.relationships[active.id]?.accessAssignments.first?.status == .deleted)
        // The group is free again once its assignment is deleted.
        #expect(try assign([Self.intune]).status == .pending)
    }

    @Test mutating func defaultRelationshipIsActiveWithoutGlobalAdministrator() throws {
        var ids = self.ids
        let made = state.createDefaultRelationship(
            customerTenantId: Self.customer,
            customerName: "Contoso",
            partnerTenantId: "aaaabbbb-0000-4000-8000-000000000000",
            now: t0,
            newID: { ids.next() }
        )
        let relationship = try #require(made)
        #expect(relationship.status == .active)
        #expect(relationship.activatedDateTime == t0)
        #expect(relationship.roles.count == 11)
        #expect(!relationship.roles.contains(Self.globalAdmin))
        #expect(relationship.accessAssignments.isEmpty)
        #expect(relationship.displayName.count <= 50)
        #expect(relationship.displayName.hasPrefix("Default_aaaabbbb_4b827261_"))
        #expect(GDAPPartnerType.indirectReseller.defaultRoles.count == 9)
        #expect(GDAPPartnerType.domainPartner.defaultRoles.count == 13)
        #expect(
            state.createDefaultRelationship(
                customerTenantId: Self.customer,
                customerName: nil,
                partnerTenantId: "x",
                partnerType: .advisor,
                now: t0,
                newID: { ids.next() }
            ) == nil
        )
    }

    @Test mutating func stateRoundTripsThroughJSON() throws {
        _ = try activeRelationship()
        let data = try JSONEncoder().encode(state)
        #expect(try JSONDecoder().decode(GraphState.self, from: data) == state)
    }

    @Test func durationsSerialiseLikeGraph() {
        #expect(GDAPDuration(iso8601: "P2Y")?.iso8601 == "P730D")
        #expect(GDAPDuration(iso8601: "P0D")?.iso8601 == "PT0S")
        #expect(GDAPDuration(iso8601: "PT36H")?.iso8601 == "P1DT12H")
        #expect(GDAPDuration(iso8601: "P") == nil)
        #expect(GDAPDuration(iso8601: "P1DT") == nil)
    }
}

/// Deterministic GUIDs for tests.
struct SequentialIDs {
    var counter = 0

    mutating func next() -> String {
        counter += 1
        return String(format: "00000000-0000-4000-8000-%012x", counter)
    }
}
