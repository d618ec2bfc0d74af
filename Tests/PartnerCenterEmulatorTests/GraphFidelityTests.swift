import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// Every documented GDAP request (Fixtures/graph), sent verbatim over loopback to an in-process emulator whose
/// state holds the objects the example talks about; the answer must have the documented status, headers, keys
/// (recursively) and value types.
///
/// Documented deviations, each a choice where the docs disagree with themselves or with OData:
/// - `activatedDateTime` of a relationship not yet active: the create example shows `""`, the reseller example and
///   the OData type (DateTimeOffset) say `null`; the emulator answers `null`.
/// - The PATCH example's answer omits `autoExtendDuration`, `activatedDateTime` and `endDateTime`, which every other
///   example has; the emulator always answers the full object.
/// - The list example mixes in a `resellerDelegatedAdminRelationship` (made by an indirect provider); the emulator
///   has no indirect providers, so its lists compare with the plain relationship entries.
@Suite(.serialized, .tags(.loopback)) struct GraphFidelityTests {
    static let relationshipID = "5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836"
    static let assignmentRelationshipID = "72a7ae7e-4887-4e34-9755-2e1e9b26b943-63f017cb-9e0d-4f14-94bd-4871902b3409"
    static let documentedIfMatch = #"W/"JyI0NzAwNjg0NS0wMDAwLTE5MDAtMDAwMC02MGY0Yjg4MzAwMDAiJw==""#

    /// Each documented exchange (Fixtures/graph/{fixture}.request|.response.http), one case of one test: the state
    /// it needs, the documented deviations it allows, and what else the example shows.
    @Test(arguments: GraphFidelityCase.all)
    func documentedExchange(_ example: GraphFidelityCase) async throws {
        let (request, response) = try GraphFixtureMessage.pair(example.fixture)
        try await GraphSession.with { session in
            if let seed = example.seed { try await session.seed(seed) }
            let reply = try await session.send(request)
            Self.expectShape(reply, response, allowed: example.allowed)
            try await example.check(session, reply, response)
        }
    }

    static func expectShape(
        _ reply: GraphSession.Reply,
        _ documented: GraphFixtureMessage,
        allowed: Set<String> = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(reply.status == documented.status, "status", sourceLocation: sourceLocation)
        guard let expected = documented.json else {
            #expect(reply.json == nil, "documented without a body", sourceLocation: sourceLocation)
            return
        }
        guard let actual = reply.json else {
            Issue.record("no body; documented \(expected.serialized)", sourceLocation: sourceLocation)
            return
        }
        let problems = GraphShape.differences(expected: expected, actual: actual, allowed: allowed)
        #expect(problems == [], "\(actual.serialized)", sourceLocation: sourceLocation)
    }

    /// A relationship with the documented id, in `status`.
    static func seedRelationship(
        _ state: inout GraphState,
        now: Date,
        ids: () -> String,
        id: (customer: String, guid: String) = (
            "5d027261-d21f-4aa9-b7db-7fa1f56fb163", "8777b240-c6f0-4469-9e98-a3205431b836"
        ),
        name: String = "Contoso admin relationship",
        roles: [String] = [GraphRoles.exchange, GraphRoles.intune],
        active: Bool
    ) throws -> GDAPRelationship {
        var first = true
        let created = try state.createRelationship(
            GDAPRelationshipInput(
                displayName: name,
                duration: "P730D",
                customer: GDAPCustomer(tenantId: id.customer, displayName: "Contoso Inc"),
                roles: roles
            ),
            now: now,
            newID: {
                defer { first = false }
                return first ? id.guid : ids()
            }
        )
        guard active else { return created }
        _ = try state.createRequest(relationshipID: created.id, action: "lockForApproval", now: now, newID: ids)
        return try state.approveRelationship(created.id, customer: nil, now: now)
    }

    /// An active relationship with an assignment updated twice: two `delegatedAdminAccessAssignmentUpdate`
    /// operations, the second with the documented id.
    static func seedOperations(_ state: inout GraphState, now: Date, ids: () -> String) throws {
        let relationship = try seedRelationship(
            &state,
            now: now,
            ids: ids,
            roles: [GraphRoles.exchange, GraphRoles.intune, GraphRoles.globalReader],
            active: true
        )
        var assignment = try state.createAccessAssignment(
            relationshipID: relationship.id,
            accessContainerId: "869713c9-0b28-4d08-8949-ae07ae1bf528",
            accessContainerType: "securityGroup",
            roles: [GraphRoles.exchange],
            now: now,
            newID: ids
        )
        for (roles, id) in [
            ([GraphRoles.exchange, GraphRoles.globalReader], ids()),
            ([GraphRoles.intune], "57e4479a-aafb-4d00-ab0f-8ce6027466cf"),
        ] {
            assignment = try #require(state.relationships[relationship.id]?.accessAssignments.first)
            _ = try state.updateAccessAssignment(
                relationshipID: relationship.id,
                assignmentID: assignment.id,
                roles: roles,
                ifMatch: assignment.etag,
                now: now,
                newID: { id }
            )
        }
    }

    static func seedCustomers(_ state: inout GraphState, now: Date, ids: () -> String) throws {
        _ = try seedRelationship(
            &state,
            now: now,
            ids: ids,
            id: ("4fdbff88-9d6b-42e0-9713-45c922ba8001", ids()),
            active: true
        )
    }

    static func seedAssignmentRelationship(
        _ state: inout GraphState,
        now: Date,
        ids: () -> String,
        id: (customer: String, guid: String) = (
            "72a7ae7e-4887-4e34-9755-2e1e9b26b943", "63f017cb-9e0d-4f14-94bd-4871902b3409"
        )
    ) throws -> GDAPRelationship {
        try seedRelationship(
            &state,
            now: now,
            ids: ids,
            id: id,
            roles: [
                GraphRoles.exchange, GraphRoles.globalReader, GraphRoles.helpdesk, GraphRoles.intune,
                "88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "44367163-eba1-44c3-98af-f5787879f96a",
            ],
            active: true
        )
    }

    static func seedAssignment(
        _ state: inout GraphState,
        relationship: String,
        id: String,
        group: String,
        roles: [String],
        now: Date
    ) throws {
        _ = try state.createAccessAssignment(
            relationshipID: relationship,
            accessContainerId: group,
            accessContainerType: "securityGroup",
            roles: roles,
            now: now,
            newID: { id }
        )
    }
}

/// One documented GDAP exchange checked by ``GraphFidelityTests/documentedExchange(_:)``.
struct GraphFidelityCase: Sendable, CustomTestStringConvertible {
    typealias Seed = @Sendable (inout GraphState, Date, () -> String) throws -> Void
    typealias Check = @Sendable (GraphSession, GraphSession.Reply, GraphFixtureMessage) async throws -> Void

    /// The fixture pair's name in Fixtures/graph.
    var fixture: String
    /// The state the example talks about, set before the request.
    var seed: Seed?
    /// Paths whose difference from the documented answer is a documented deviation (see the suite).
    var allowed: Set<String> = []
    /// What else the example shows, beyond the documented status, keys and value types.
    var check: Check = { _, _, _ in }

    var testDescription: String { fixture }

    typealias Fidelity = GraphFidelityTests

    static let all: [GraphFidelityCase] = relationships + requests + operations + customers + assignments

    static let relationships: [GraphFidelityCase] = [
        GraphFidelityCase(fixture: "relationship-create", allowed: ["$.activatedDateTime"]) { _, reply, response in
            #expect(reply.headers["Location"].first?.hasSuffix("/delegatedAdminRelationships/\(reply.id)") == true)
            #expect(reply.id.hasPrefix("4b827261-d21f-4aa9-b7db-7fa1f56fb163-"))
            let documented = try #require(response.json)
            for key in ["displayName", "duration", "customer", "accessDetails", "status", "autoExtendDuration"] {
                #expect(reply[key] == documented[key], "\(key)")
            }
            #expect(reply["activatedDateTime"] == .null)
        },
        GraphFidelityCase(
            fixture: "relationship-list",
            seed: { state, now, ids in
                _ = try Fidelity.seedRelationship(&state, now: now, ids: ids, active: true)
                let other = try Fidelity.seedRelationship(
                    &state,
                    now: now,
                    ids: ids,
                    id: ("4b827261-d21f-4aa9-b7db-7fa1f56fb163", ids()),
                    name: "Contoso subsidiary relationship",
                    active: true
                )
                _ = try state.createRequest(relationshipID: other.id, action: "terminate", now: now, newID: ids)
            }
        ) { _, reply, _ in
            #expect(reply.values.map { $0["status"]?.stringValue } == ["active", "terminated"])
        },
        GraphFidelityCase(
            fixture: "relationship-get",
            seed: { state, now, ids in _ = try Fidelity.seedRelationship(&state, now: now, ids: ids, active: true) }
        ),
        GraphFidelityCase(
            fixture: "relationship-update",
            seed: { state, now, ids in
                let created = try Fidelity.seedRelationship(&state, now: now, ids: ids, active: false)
                state.relationships[created.id]?.etag = Fidelity.documentedIfMatch
            },
            allowed: ["$.autoExtendDuration", "$.activatedDateTime", "$.endDateTime"]
        ) { _, reply, response in
            let documented = try #require(response.json)
            for key in ["displayName", "duration", "status", "customer", "accessDetails"] {
                #expect(reply[key] == documented[key], "\(key)")
            }
            #expect(reply.etag != Fidelity.documentedIfMatch)
        },
        GraphFidelityCase(
            fixture: "relationship-delete",
            seed: { state, now, ids in
                let created = try Fidelity.seedRelationship(&state, now: now, ids: ids, active: false)
                state.relationships[created.id]?.etag = Fidelity.documentedIfMatch
            }
        ) { session, _, _ in
            let after = try await session.send(.GET, "delegatedAdminRelationships/\(Fidelity.relationshipID)")
            #expect(after.status == 404)
        },
    ]

    static let requests: [GraphFidelityCase] = [
        GraphFidelityCase(
            fixture: "request-create",
            seed: { state, now, ids in _ = try Fidelity.seedRelationship(&state, now: now, ids: ids, active: false) }
        ) { _, reply, _ in
            #expect(reply["status"]?.stringValue == "created")
            #expect(
                reply.headers["Location"].first?.hasSuffix("/\(Fidelity.relationshipID)/requests/\(reply.id)") == true
            )
        },
        GraphFidelityCase(
            fixture: "request-list",
            seed: { state, now, ids in
                _ = try Fidelity.seedRelationship(&state, now: now, ids: ids, active: true)
                _ = try state.createRequest(
                    relationshipID: Fidelity.relationshipID,
                    action: "terminate",
                    now: now,
                    newID: ids
                )
            }
        ) { _, reply, _ in
            #expect(reply.values.map { $0["action"]?.stringValue } == ["lockForApproval", "terminate"])
        },
        GraphFidelityCase(
            fixture: "request-get",
            seed: { state, now, ids in
                _ = try Fidelity.seedRelationship(&state, now: now, ids: ids, active: false)
                _ = try state.createRequest(
                    relationshipID: Fidelity.relationshipID,
                    action: "lockForApproval",
                    now: now,
                    newID: { "cf4a23c7-070c-4d1c-8be8-1e86085ac9d1" }
                )
            }
        ),
    ]

    static let operations: [GraphFidelityCase] = [
        GraphFidelityCase(
            fixture: "operation-list",
            seed: { state, now, ids in try Fidelity.seedOperations(&state, now: now, ids: ids) }
        ) { _, reply, _ in
            #expect(reply.values.count == 2)
        },
        GraphFidelityCase(
            fixture: "operation-get",
            seed: { state, now, ids in try Fidelity.seedOperations(&state, now: now, ids: ids) }
        ) { _, reply, response in
            #expect(reply["status"]?.stringValue == "succeeded")
            // `data` is the JSON of the assignment as the operation left it.
            let data = try GraphJSON.parse(Data((reply["data"]?.stringValue ?? "").utf8))
            let documented = try GraphJSON.parse(Data((response.json?["data"]?.stringValue ?? "").utf8))
            #expect(GraphShape.differences(expected: documented, actual: data) == [])
            #expect(
                data["accessDetails"]
                    == .object([
                        .init(
                            "unifiedRoles",
                            .array([.object([.init("roleDefinitionId", .string(GraphRoles.intune))])])
                        )
                    ])
            )
        },
    ]

    static let customers: [GraphFidelityCase] = [
        GraphFidelityCase(
            fixture: "customer-list",
            seed: { state, now, ids in try Fidelity.seedCustomers(&state, now: now, ids: ids) }
        ) { _, reply, _ in
            #expect(reply.values.first?["id"]?.stringValue == "4fdbff88-9d6b-42e0-9713-45c922ba8001")
        },
        GraphFidelityCase(
            fixture: "customer-get",
            seed: { state, now, ids in try Fidelity.seedCustomers(&state, now: now, ids: ids) }
        ),
        GraphFidelityCase(
            fixture: "customer-service-management-details",
            seed: { state, now, ids in try Fidelity.seedCustomers(&state, now: now, ids: ids) }
        ) { _, reply, _ in
            #expect(reply.values.count == 4)
        },
    ]

    static let assignments: [GraphFidelityCase] = [
        GraphFidelityCase(
            fixture: "assignment-create",
            seed: { state, now, ids in _ = try Fidelity.seedAssignmentRelationship(&state, now: now, ids: ids) }
        ) { _, reply, response in
            #expect(reply["status"]?.stringValue == "pending")
            #expect(reply["accessDetails"] == response.json?["accessDetails"])
            #expect(reply.headers["Location"].first?.hasSuffix("/accessAssignments/\(reply.id)") == true)
        },
        GraphFidelityCase(
            fixture: "assignment-list",
            seed: { state, now, ids in
                let relationship = try Fidelity.seedAssignmentRelationship(&state, now: now, ids: ids)
                try Fidelity.seedAssignment(
                    &state,
                    relationship: relationship.id,
                    id: "84c586df-0943-416e-b95f-7289cb8d3bd5",
                    group: "227a2f44-2682-4831-a021-f8d69a34bcba",
                    roles: [GraphRoles.exchange],
                    now: now
                )
                try Fidelity.seedAssignment(
                    &state,
                    relationship: relationship.id,
                    id: "8d56bce3-440f-4b4f-b5c2-cc0bcbd0199c",
                    group: "869713c9-0b28-4d08-8949-ae07ae1bf528",
                    roles: [GraphRoles.intune, GraphRoles.helpdesk],
                    now: now
                )
            }
        ) { _, reply, _ in
            #expect(reply.values.map { $0["status"]?.stringValue } == ["active", "active"])
        },
        GraphFidelityCase(
            fixture: "assignment-get",
            seed: { state, now, ids in
                let relationship = try Fidelity.seedAssignmentRelationship(&state, now: now, ids: ids)
                // The documented id has nine digits in its first group (a typo in the docs); ids are opaque here.
                try Fidelity.seedAssignment(
                    &state,
                    relationship: relationship.id,
                    id: "da9d6cf90-083a-47dc-ace2-1da98be3f344",
                    group: "227a2f44-2682-4831-a021-f8d69a34bcba",
                    roles: [GraphRoles.exchange],
                    now: now
                )
            }
        ),
        GraphFidelityCase(
            fixture: "assignment-update",
            seed: { state, now, ids in
                let relationship = try Fidelity.seedAssignmentRelationship(
                    &state,
                    now: now,
                    ids: ids,
                    id: ("5e5594d3-6f82-458b-b567-77db4811f0cd", "00000000-0000-0000-0000-000000001234")
                )
                try Fidelity.seedAssignment(
                    &state,
                    relationship: relationship.id,
                    id: "da9d6cf90-083a-47dc-ace2-1da98be3f344",
                    group: "227a2f44-2682-4831-a021-f8d69a34bcba",
                    roles: [GraphRoles.exchange],
                    now: now
                )
                state.relationships[relationship.id]?.accessAssignments[0].etag = Fidelity.documentedIfMatch
            }
        ) { session, reply, _ in
            #expect(reply.headers["Retry-After"].first == "10")
            let location = try #require(reply.headers["Location"].first)
            #expect(
                location.contains(
                    "/delegatedAdminRelationships/5e5594d3-6f82-458b-b567-77db4811f0cd-00000000-0000-0000-0000-000000001234/operations/"
                )
            )
            let operation = try await session.send(.GET, location)
            #expect(operation.status == 200)
            #expect(operation["operationType"]?.stringValue == "delegatedAdminAccessAssignmentUpdate")
        },
        GraphFidelityCase(
            fixture: "assignment-delete",
            seed: { state, now, ids in
                let relationship = try Fidelity.seedAssignmentRelationship(&state, now: now, ids: ids)
                try Fidelity.seedAssignment(
                    &state,
                    relationship: relationship.id,
                    id: "a9d6cf90-083a-47dc-ace2-1da98be3f344",
                    group: "869713c9-0b28-4d08-8949-ae07ae1bf528",
                    roles: [GraphRoles.exchange],
                    now: now
                )
                state.relationships[relationship.id]?.accessAssignments[0].etag = Fidelity.documentedIfMatch
            }
        ) { session, _, _ in
            let after = try await session.send(
                .GET,
                "delegatedAdminRelationships/\(Fidelity.assignmentRelationshipID)/accessAssignments/a9d6cf90-083a-47dc-ace2-1da98be3f344"
            )
            #expect(after["status"]?.stringValue == "deleted")
        },
    ]
}
