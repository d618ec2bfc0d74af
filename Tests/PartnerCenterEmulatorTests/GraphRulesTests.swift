import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// One test per GDAP business rule (gdap/INDEX.md) the Graph surface implements, driven over loopback HTTP as a
/// client would, with the customer's part and the clock played through the control API.
@Suite(.serialized, .tags(.loopback)) struct GraphRulesTests {
    static let group = "869713c9-0b28-4d08-8949-ae07ae1bf528"

    /// Rule 6/8/9: created -> approvalPending -> active (customer approval) -> terminated, with
    /// endDateTime = activatedDateTime + duration and the requests succeeding.
    @Test func lifecycleThroughTheAPI() async throws {
        try await GraphSession.with { session in
            let created = try await session.createRelationship(name: "Lifecycle")
            #expect(created["status"]?.stringValue == "created")
            let id = created.id
            let early = try await session.control(.POST, "gdap/relationships/\(id)/approve")
            #expect(early.status == 409)

            let lock = try await session.send(
                .POST,
                "delegatedAdminRelationships/\(id)/requests",
                body: #"{"action":"lockForApproval"}"#
            )
            #expect(lock.status == 201)
            #expect(
                try await session.send(.GET, "delegatedAdminRelationships/\(id)")["status"]?.stringValue
                    == "approvalPending"
            )

            try await session.advanceClock(seconds: 3_600)
            #expect(try await session.control(.POST, "gdap/relationships/\(id)/approve").status == 200)
            let active = try await session.send(.GET, "delegatedAdminRelationships/\(id)")
            #expect(active["status"]?.stringValue == "active")
            let activated = try #require(active["activatedDateTime"]?.stringValue)
            let end = try #require(active["endDateTime"]?.stringValue)
            #expect(Self.date(end).timeIntervalSince(Self.date(activated)) == 730 * 86_400)

            let terminate = try await session.send(
                .POST,
                "delegatedAdminRelationships/\(id)/requests",
                body: #"{"action":"terminate"}"#
            )
            #expect(terminate.status == 201)
            #expect(
                try await session.send(.GET, "delegatedAdminRelationships/\(id)")["status"]?.stringValue == "terminated"
            )
            let requests = try await session.send(.GET, "delegatedAdminRelationships/\(id)/requests")
            #expect(requests.values.map { $0["status"]?.stringValue } == ["succeeded", "succeeded"])
            let again = try await session.send(
                .POST,
                "delegatedAdminRelationships/\(id)/requests",
                body: #"{"action":"terminate"}"#
            )
            #expect(again.status == 409)
            #expect(again.errorCode == "conflict")
        }
    }

    /// Rule 6 with delays: the intermediate statuses are visible and move on with the emulator clock.
    @Test func intermediateStatusesFollowTheClock() async throws {
        try await GraphSession.with { session in
            let knobs = try await session.control(
                .PUT,
                "gdap/behaviour",
                json: ["provisioningSeconds": 30, "assignmentSeconds": 10]
            )
            #expect(knobs.status == 200)
            let created = try await session.createRelationship(name: "Slow")
            _ = try await session.send(
                .POST,
                "delegatedAdminRelationships/\(created.id)/requests",
                body: #"{"action":"lockForApproval"}"#
            )
            let approved = try await session.control(.POST, "gdap/relationships/\(created.id)/approve")
            #expect(approved.status == 200)
            func status() async throws -> String? {
                try await session.send(.GET, "delegatedAdminRelationships/\(created.id)")["status"]?.stringValue
            }
            #expect(try await status() == "approved")
            try await session.advanceClock(seconds: 30)
            #expect(try await status() == "activating")
            try await session.advanceClock(seconds: 30)
            #expect(try await status() == "active")
            let assignment = try await session.assign(created.id, group: Self.group, roles: [GraphRoles.exchange])
            #expect(assignment["status"]?.stringValue == "pending")
            try await session.advanceClock(seconds: 10)
            let live = try await session.send(
                .GET,
                "delegatedAdminRelationships/\(created.id)/accessAssignments/\(assignment.id)"
            )
            #expect(live["status"]?.stringValue == "active")
        }
    }

    /// Rule 12: If-Match is required on PATCH/DELETE; a stale etag gets 412 and changes nothing.
    @Test func staleETagIsRejected() async throws {
        try await GraphSession.with { session in
            let created = try await session.createRelationship(name: "Etag")
            let path = "delegatedAdminRelationships/\(created.id)"
            let missing = try await session.send(.PATCH, path, body: #"{"displayName":"No etag"}"#)
            #expect(missing.status == 400)
            let renamed = try await session.send(
                .PATCH,
                path,
                headers: [("If-Match", created.etag)],
                body: #"{"displayName":"Renamed"}"#
            )
            #expect(renamed.status == 200)
            #expect(renamed.etag != created.etag)
            let stale = try await session.send(
                .PATCH,
                path,
                headers: [("If-Match", created.etag)],
                body: #"{"displayName":"Lost update"}"#
            )
            #expect(stale.status == 412)
            let staleDelete = try await session.send(.DELETE, path, headers: [("If-Match", created.etag)])
            #expect(staleDelete.status == 412)
            #expect(try await session.send(.GET, path)["displayName"]?.stringValue == "Renamed")
            #expect(try await session.send(.DELETE, path, headers: [("If-Match", renamed.etag)]).status == 204)
        }
    }

    /// Rule 7: only `created` relationships change (displayName, duration, roles) or are deleted; an active one
    /// only takes autoExtendDuration, or loses Global Administrator through a long-running operation.
    @Test func editsOnlyInTheStatusesTheDocsAllow() async throws {
        try await GraphSession.with { session in
            let active = try await session.activeRelationship(
                name: "Frozen",
                roles: [GraphRoles.globalAdmin, GraphRoles.exchange]
            )
            let path = "delegatedAdminRelationships/\(active.id)"
            let rename = try await session.send(
                .PATCH,
                path,
                headers: [("If-Match", active.etag)],
                body: #"{"displayName":"Thawed"}"#
            )
            #expect(rename.status == 409)
            #expect(try await session.send(.DELETE, path, headers: [("If-Match", active.etag)]).status == 409)

            let dropGA = try await session.send(
                .PATCH,
                path,
                headers: [("If-Match", active.etag), ("Prefer", "include-unknown-enum-members")],
                body: #"{"accessDetails":{"unifiedRoles":[{"roleDefinitionId":"\#(GraphRoles.exchange)"}]}}"#
            )
            #expect(dropGA.status == 202)
            let location = try #require(dropGA.headers["Location"].first)
            let operation = try await session.send(
                .GET,
                location,
                headers: [("Prefer", "include-unknown-enum-members")]
            )
            #expect(operation["operationType"]?.stringValue == "delegatedAdminRelationshipUpdate")
            #expect(operation["status"]?.stringValue == "succeeded")
            let plain = try await session.send(.GET, location)
            #expect(plain["operationType"]?.stringValue == "unknownFutureValue")

            let current = try await session.send(.GET, path)
            let extend = try await session.send(
                .PATCH,
                path,
                headers: [("If-Match", current.etag)],
                body: #"{"autoExtendDuration":"P180D"}"#
            )
            #expect(extend.status == 200)
            #expect(extend["autoExtendDuration"]?.stringValue == "P180D")
        }
    }

    /// Rule 4: Global Administrator is never combined with auto-extend, at create or by PATCH.
    @Test func globalAdministratorWithoutAutoExtend() async throws {
        try await GraphSession.with { session in
            let rejected = try await session.createRelationship(
                name: "GA extend",
                roles: [GraphRoles.globalAdmin],
                autoExtend: "P180D"
            )
            #expect(rejected.status == 400)
            #expect(rejected.errorCode == "badRequest")
            let active = try await session.activeRelationship(name: "GA", roles: [GraphRoles.globalAdmin])
            let patch = try await session.send(
                .PATCH,
                "delegatedAdminRelationships/\(active.id)",
                headers: [("If-Match", active.etag)],
                body: #"{"autoExtendDuration":"P180D"}"#
            )
            #expect(patch.status == 400)
        }
    }

    /// Rule 1: display names are unique across all of the partner's relationships (any customer); 409.
    @Test func displayNamesAreUnique() async throws {
        try await GraphSession.with { session in
            #expect(try await session.createRelationship(name: "Only once").status == 201)
            let duplicate = try await session.createRelationship(
                name: "Only once",
                customer: "52eaad04-13a2-4a2f-9ce8-93a294fadf36"
            )
            #expect(duplicate.status == 409)
            #expect(duplicate.errorCode == "conflict")
            let tooLong = try await session.createRelationship(name: String(repeating: "x", count: 51))
            #expect(tooLong.status == 400)
        }
    }

    /// Rule 2/3: duration P1D..P2Y, autoExtendDuration P0D|PT0S|P180D; Graph echoes durations as TimeSpans.
    @Test func durationBounds() async throws {
        try await GraphSession.with { session in
            #expect(try await session.createRelationship(name: "a", duration: "P731D").status == 400)
            #expect(try await session.createRelationship(name: "b", duration: "PT1H").status == 400)
            #expect(try await session.createRelationship(name: "c", autoExtend: "P90D").status == 400)
            let twoYears = try await session.createRelationship(name: "d", duration: "P2Y", autoExtend: "P0D")
            #expect(twoYears.status == 201)
            #expect(twoYears["duration"]?.stringValue == "P730D")
            #expect(twoYears["autoExtendDuration"]?.stringValue == "PT0S")
        }
    }

    /// Rule 15: access assignments only on active relationships.
    @Test func assignmentsOnlyWhenActive() async throws {
        try await GraphSession.with { session in
            let created = try await session.createRelationship(name: "Not yet")
            let early = try await session.assign(created.id, group: Self.group, roles: [GraphRoles.exchange])
            #expect(early.status == 409)
            let unknown = try await session.assign(
                "00000000-0000-0000-0000-000000000000-00000000-0000-0000-0000-000000000000",
                group: Self.group,
                roles: [GraphRoles.exchange]
            )
            #expect(unknown.status == 400)
        }
    }

    /// Rule 15: assignment roles must be among the relationship's roles.
    @Test func assignmentRolesAreASubset() async throws {
        try await GraphSession.with { session in
            let active = try await session.activeRelationship(name: "Subset", roles: [GraphRoles.exchange])
            let outside = try await session.assign(active.id, group: Self.group, roles: [GraphRoles.intune])
            #expect(outside.status == 400)
            #expect(try await session.assign(active.id, group: Self.group, roles: [GraphRoles.exchange]).status == 201)
        }
    }

    /// Rule 15: one assignment per security group per relationship; the second gets 409.
    @Test func secondAssignmentForAGroupConflicts() async throws {
        try await GraphSession.with { session in
            let active = try await session.activeRelationship(name: "Groups")
            let first = try await session.assign(active.id, group: Self.group, roles: [GraphRoles.exchange])
            #expect(first.status == 201)
            let second = try await session.assign(active.id, group: Self.group, roles: [GraphRoles.intune])
            #expect(second.status == 409)
            #expect(second.errorCode == "conflict")
            let other = try await session.assign(
                active.id,
                group: "227a2f44-2682-4831-a021-f8d69a34bcba",
                roles: [GraphRoles.intune]
            )
            #expect(other.status == 201)
        }
    }

    /// Rule 16: PATCH of an assignment: same roles -> 200 with the object; new roles -> 202 + operation; delete ->
    /// 204, then `deleted`; stale etag -> 412.
    @Test func assignmentUpdateAndDelete() async throws {
        try await GraphSession.with { session in
            let active = try await session.activeRelationship(name: "Assign")
            let created = try await session.assign(active.id, group: Self.group, roles: [GraphRoles.exchange])
            let path = "delegatedAdminRelationships/\(active.id)/accessAssignments/\(created.id)"
            let current = try await session.send(.GET, path)
            let same = try await session.send(
                .PATCH,
                path,
                headers: [("If-Match", current.etag)],
                body: #"{"accessDetails":{"unifiedRoles":[{"roleDefinitionId":"\#(GraphRoles.exchange)"}]}}"#
            )
            #expect(same.status == 200)
            let roles =
                "[{\"roleDefinitionId\":\"\(GraphRoles.exchange)\"},{\"roleDefinitionId\":\"\(GraphRoles.intune)\"}]"
            let changed = try await session.send(
                .PATCH,
                path,
                headers: [("If-Match", current.etag)],
                body: "{\"accessDetails\":{\"unifiedRoles\":\(roles)}}"
            )
            #expect(changed.status == 202)
            let after = try await session.send(.GET, path)
            #expect(
                after["accessDetails"]?["unifiedRoles"]
                    == .array([
                        .object([.init("roleDefinitionId", .string(GraphRoles.exchange))]),
                        .object([.init("roleDefinitionId", .string(GraphRoles.intune))]),
                    ])
            )
            let stale = try await session.send(.DELETE, path, headers: [("If-Match", current.etag)])
            #expect(stale.status == 412)
            #expect(try await session.send(.DELETE, path, headers: [("If-Match", after.etag)]).status == 204)
            #expect(try await session.send(.GET, path)["status"]?.stringValue == "deleted")
        }
    }

    /// Rule 13: pages of at most 300 with `@odata.nextLink`; `$top` above 300 is refused.
    @Test func pagingAt300WithNextLink() async throws {
        try await GraphSession.with { session in
            try await session.seed { state, now, ids in
                for index in 0..<301 {
                    _ = try state.createRelationship(
                        GDAPRelationshipInput(
                            displayName: "Customer \(index)",
                            duration: "P730D",
                            customer: GDAPCustomer(tenantId: ids(), displayName: nil),
                            roles: [GraphRoles.exchange]
                        ),
                        now: now,
                        newID: ids
                    )
                }
            }
            let first = try await session.send(.GET, "delegatedAdminRelationships")
            #expect(first.values.count == 300)
            let next = try #require(first["@odata.nextLink"]?.stringValue)
            let second = try await session.send(.GET, next)
            #expect(second.values.count == 1)
            #expect(second["@odata.nextLink"] == nil)
            #expect(second.values.first?["displayName"]?.stringValue == "Customer 300")
            #expect(try await session.send(.GET, "delegatedAdminRelationships?$top=301").status == 400)

            let small = try await session.send(.GET, "delegatedAdminRelationships?$top=2&$count=true")
            #expect(small.values.count == 2)
            #expect(small["@odata.count"] == .number(301))
            let page2 = try await session.send(.GET, try #require(small["@odata.nextLink"]?.stringValue))
            #expect(page2.values.map { $0["displayName"]?.stringValue } == ["Customer 2", "Customer 3"])
        }
    }

    /// Listing per customer and by name with `$filter`, as the overview's use cases do; unsupported filters 400.
    @Test func filterByCustomerAndName() async throws {
        try await GraphSession.with { session in
            _ = try await session.createRelationship(name: "First", customer: "52eaad04-13a2-4a2f-9ce8-93a294fadf36")
            _ = try await session.createRelationship(name: "Second")
            _ = try await session.createRelationship(name: "Third", customer: "52eaad04-13a2-4a2f-9ce8-93a294fadf36")
            let byCustomer = try await session.send(
                .GET,
                "delegatedAdminRelationships?$filter=customer/tenantId%20eq%20'52eaad04-13a2-4a2f-9ce8-93a294fadf36'"
            )
            #expect(byCustomer.values.map { $0["displayName"]?.stringValue } == ["First", "Third"])
            let byName = try await session.send(.GET, "delegatedAdminRelationships?$filter=displayName%20eq%20'Second'")
            #expect(byName.values.count == 1)
            let selected = try await session.send(.GET, "delegatedAdminRelationships?$select=id,status&$top=1")
            #expect(
                Set(selected.values.first?.members?.map(\.key) ?? []) == ["@odata.type", "@odata.etag", "id", "status"]
            )
            let bad = try await session.send(.GET, "delegatedAdminRelationships?$filter=startswith(displayName,'F')")
            #expect(bad.status == 400)
            #expect(try await session.send(.GET, "delegatedAdminRelationships?$search=x").status == 400)
        }
    }

    /// Rule 3/6/9: advancing the emulator clock past endDateTime expires a relationship without auto-extend and
    /// moves the end of an auto-extended one by 180 days, still active.
    @Test func expiryAndAutoExtendByTheClock() async throws {
        try await GraphSession.with { session in
            let plain = try await session.activeRelationship(name: "Ends", duration: "P30D")
            let extended = try await session.activeRelationship(name: "Goes on", duration: "P30D", autoExtend: "P180D")
            try await session.advanceClock(seconds: 30 * 86_400)
            let ended = try await session.send(.GET, "delegatedAdminRelationships/\(plain.id)")
            #expect(ended["status"]?.stringValue == "expired")
            #expect(ended["endDateTime"] == plain["endDateTime"])
            let renewed = try await session.send(.GET, "delegatedAdminRelationships/\(extended.id)")
            #expect(renewed["status"]?.stringValue == "active")
            let before = Self.date(try #require(extended["endDateTime"]?.stringValue))
            let after = Self.date(try #require(renewed["endDateTime"]?.stringValue))
            #expect(after.timeIntervalSince(before) == 180 * 86_400)
            #expect(renewed.etag != extended.etag)
            // Expired relationships can't be restored or used.
            let assign = try await session.assign(plain.id, group: Self.group, roles: [GraphRoles.exchange])
            #expect(assign.status == 409)
        }
    }

    /// The customer's side: approving names the customer a partner left out; the customer can terminate.
    @Test func customerApprovesAndTerminates() async throws {
        try await GraphSession.with { session in
            let created = try await session.send(
                .POST,
                "delegatedAdminRelationships",
                body: """
                    {"displayName":"Open invitation","duration":"P30D",\
                    "accessDetails":{"unifiedRoles":[{"roleDefinitionId":"\(GraphRoles.exchange)"}]}}
                    """
            )
            #expect(created.status == 201)
            #expect(created["customer"] == .null)
            _ = try await session.send(
                .POST,
                "delegatedAdminRelationships/\(created.id)/requests",
                body: #"{"action":"lockForApproval"}"#
            )
            let nameless = try await session.control(.POST, "gdap/relationships/\(created.id)/approve")
            #expect(nameless.status == 400)
            let approved = try await session.control(
                .POST,
                "gdap/relationships/\(created.id)/approve",
                json: ["tenantId": "1c0fa218-5dec-49db-8247-cfa457af8116", "displayName": "Contoso subsidiary Inc"]
            )
            #expect(approved.status == 200)
            let customers = try await session.send(.GET, "delegatedAdminCustomers")
            #expect(customers.values.first?["displayName"]?.stringValue == "Contoso subsidiary Inc")
            #expect(try await session.control(.POST, "gdap/relationships/\(created.id)/terminate").status == 200)
            #expect(
                try await session.send(.GET, "delegatedAdminRelationships/\(created.id)")["status"]?.stringValue
                    == "terminated"
            )
        }
    }

    /// Unknown properties are refused as OData refuses them; the state persists in the control snapshot.
    @Test func strictBodiesAndPersistedState() async throws {
        try await GraphSession.with { session in
            let typo = try await session.send(
                .POST,
                "delegatedAdminRelationships",
                body: #"{"DisplayName":"x","duration":"P30D","accessDetails":{"unifiedRoles":[]}}"#
            )
            #expect(typo.status == 400)
            #expect(try await session.send(.PUT, "delegatedAdminRelationships").status == 405)
            let unknown = try await session.send(.GET, "delegatedAdminRelationshipz/x/y")
            #expect(unknown.status == 400)
            #expect(unknown.errorCode == "BadRequest")
            let created = try await session.createRelationship(name: "Persisted")
            let snapshot = try await session.control(.GET, "state")
            #expect(snapshot.text.contains(created.id))
        }
    }

    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let trimmed = text.replacingOccurrences(of: #"\.(\d{3})\d*Z"#, with: ".$1Z", options: .regularExpression)
        return formatter.date(from: trimmed) ?? .distantPast
    }
}
