import Foundation
import Hummingbird

/// `…/delegatedAdminRelationships/{id}/accessAssignments[/{assignmentId}]`: the security groups' roles in a
/// relationship; creation, role changes and deletion are long-running on the service side.
struct GraphAccessAssignmentsController {
    let graph: GraphStore

    static let entity = "accessAssignments/$entity"

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        let path = "delegatedAdminRelationships/{id}/accessAssignments"
        GraphRoutes.on(group, path, [.get: list, .post: create])
        GraphRoutes.on(group, "\(path)/$count", [.get: count])
        GraphRoutes.on(group, "\(path)/{assignmentId}", [.get: get, .patch: update, .delete: delete])
    }

    @Sendable func list(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.read(request, context) { (state, call) throws(GDAPError) in
            let id = call["id"]
            return try GraphAnswer.list(
                try state.relationship(id).accessAssignments.map { call.rendering.accessAssignment($0, context: nil) },
                call,
                segment: "accessAssignments",
                parentURL: call.rendering.relationshipURL(id)
            )
        }
    }

    @Sendable func count(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.read(request, context) { (state, call) throws(GDAPError) in
            try GraphAnswer.count(
                try state.relationship(call["id"]).accessAssignments.map {
                    call.rendering.accessAssignment($0, context: nil)
                },
                call
            )
        }
    }

    @Sendable func create(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.write(request, context) { (state, change, newID) throws(GDAPError) in
            let (call, id) = (change.call, change.call["id"])
            let input = try GraphRequestBodies.assignmentInput(try call.json())
            let created = try state.createAccessAssignment(
                relationshipID: id,
                accessContainerId: input.containerId,
                accessContainerType: input.containerType,
                roles: input.roles,
                now: change.now,
                newID: newID
            )
            return .created(
                call.rendering.accessAssignment(created, context: "accessAssignments"),
                location: "\(call.rendering.relationshipURL(id))/accessAssignments/\(created.id)"
            )
        }
    }

    @Sendable func get(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.read(request, context) { (state, call) throws(GDAPError) in
            let relationship = try state.relationship(call["id"])
            let index = try GraphState.assignmentIndex(call["assignmentId"], in: relationship)
            return try GraphAnswer.entity(
                call.rendering.accessAssignment(relationship.accessAssignments[index], context: Self.entity),
                call
            )
        }
    }

    @Sendable func update(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.write(request, context) { (state, change, newID) throws(GDAPError) in
            let (call, id) = (change.call, change.call["id"])
            _ = try state.relationship(id)
            let roles = try GraphRequestBodies.assignmentUpdate(try call.json())
            let result = try state.updateAccessAssignment(
                relationshipID: id,
                assignmentID: call["assignmentId"],
                roles: roles,
                ifMatch: call.ifMatch,
                now: change.now,
                newID: newID
            )
            switch result {
            case .unchanged(let assignment):
                return .ok(call.rendering.accessAssignment(assignment, context: Self.entity))
            case .accepted(let operation):
                return .accepted(relationshipURL: call.rendering.relationshipURL(id), operation: operation)
            }
        }
    }

    @Sendable func delete(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        try await graph.write(request, context) { (state, change, _) throws(GDAPError) in
            let (call, id) = (change.call, change.call["id"])
            _ = try state.relationship(id)
            try state.deleteAccessAssignment(
                relationshipID: id,
                assignmentID: call["assignmentId"],
                ifMatch: call.ifMatch,
                now: change.now
            )
            return .noContent
        }
    }
}
