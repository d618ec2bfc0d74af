import Foundation
import Hummingbird

/// The customer's side of GDAP and the GDAP knobs, under the control API (`/_emulator/gdap/...`):
/// - `POST gdap/relationships/{id}/approve` — the customer's Global Administrator accepts the invitation
///   (body optional: `{"tenantId": "...", "displayName": "..."}` names the approving customer when the partner
///   left `customer` out); answers the relationship as Graph shows it.
/// - `POST gdap/relationships/{id}/terminate` — the customer ends an active relationship from their side.
/// - `GET|PUT gdap/behaviour` — asynchronous delays and name reuse (``GDAPBehaviour``).
struct GraphControlRoutes {
    let store: EmulatorStore

    private struct Approval: Decodable {
        var tenantId: String?
        var displayName: String?
        var customer: GDAPCustomer?
    }

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.post("gdap/relationships/{id}/approve") { request, context in
            var request = request
            let id = context.parameters.get("id") ?? ""
            let body = try await request.collectBody(upTo: 1 << 20)
            var customer: GDAPCustomer?
            if body.readableBytes > 0 {
                guard let approval = try? JSONDecoder().decode(Approval.self, from: Data(body.readableBytesView))
                else { throw GraphError.badRequest("The approval body must be {\"tenantId\", \"displayName\"}.") }
                customer =
                    approval.customer
                    ?? GDAPCustomer(tenantId: approval.tenantId, displayName: approval.displayName)
            }
            let approving = customer
            return try await change(request) { (state, now) throws(GDAPError) in
                try state.approveRelationship(id, customer: approving, now: now)
            }
        }
        group.post("gdap/relationships/{id}/terminate") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await change(request) { (state, now) throws(GDAPError) in
                try state.customerTerminate(id, now: now)
            }
        }
        group.get("gdap/behaviour") { _, _ in
            let behaviour = await store.read { $0.graph.behaviour }
            return try EmulatorJSON.response(status: .ok, behaviour)
        }
        group.put("gdap/behaviour") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            guard let behaviour = try? JSONDecoder().decode(GDAPBehaviour.self, from: Data(body.readableBytesView))
            else { throw GraphError.badRequest("The body must be a GDAP behaviour object.") }
            // Control input is bounded (issue 12 item 9): a day at most per step, never negative or not a number.
            let steps = [
                behaviour.provisioningSeconds, behaviour.deprovisioningSeconds, behaviour.assignmentSeconds,
                behaviour.operationSeconds,
            ]
            guard steps.allSatisfy({ $0.isFinite && (0...86_400).contains($0) }) else {
                throw GraphError.badRequest("Each *Seconds value must be a finite number from 0 to 86400.")
            }
            try await store.mutate { $0.graph.behaviour = behaviour }
            return try EmulatorJSON.response(status: .ok, behaviour)
        }
    }

    private func change(
        _ request: Request,
        _ body: @escaping @Sendable (inout GraphState, Date) throws(GDAPError) -> GDAPRelationship
    ) async throws -> Response {
        let configuration = store.configuration
        let serviceRoot = "http://\(request.head.authority ?? "127.0.0.1")/graph/v1.0/tenantRelationships"
        let (outcome, now): (Result<GDAPRelationship, GDAPError>, Date) = try await store.mutate { state in
            let now = EmulatorStore.now(configuration: configuration, state: state)
            do throws(GDAPError) {
                return (.success(try body(&state.graph, now)), now)
            } catch {
                return (.failure(error), now)
            }
        }
        switch outcome {
        case .success(let relationship):
            let rendering = GraphRendering(serviceRoot: serviceRoot, includeUnknownEnumMembers: true)
            return GraphAnswer.ok(
                rendering.relationship(relationship, context: "delegatedAdminRelationships/$entity")
            )
            .response
        case .failure(let error):
            throw error.graphError(date: now)
        }
    }
}
