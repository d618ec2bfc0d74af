import AsyncHTTPClient
import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// An in-process emulator on a loopback port with a Graph token, for the Graph GDAP tests.
final class GraphSession {
    let harness: EmulatorHarness
    private(set) var token: String

    init(harness: EmulatorHarness, token: String) {
        self.harness = harness
        self.token = token
    }

    /// Advances the emulator clock; tokens live an hour on that clock, so a fresh one is taken.
    func advanceClock(seconds: Double) async throws {
        try await harness.advanceClock(seconds: seconds)
        token = try await harness.developmentToken(graph: true)
    }

    static let root = "/graph/v1.0/tenantRelationships/"

    static func with(_ body: (GraphSession) async throws -> Void) async throws {
        try await EmulatorHarness.with { harness in
            let token = try await harness.developmentToken(graph: true)
            try await body(GraphSession(harness: harness, token: token))
        }
    }

    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var json: GraphJSON?

        subscript(_ key: String) -> GraphJSON? { json?[key] }
        var etag: String { json?["@odata.etag"]?.stringValue ?? "" }
        var id: String { json?["id"]?.stringValue ?? "" }
        var errorCode: String? { json?["error"]?["code"]?.stringValue }
        var values: [GraphJSON] {
            if case .array(let items)? = json?["value"] { return items }
            return []
        }
    }

    /// Sends `target` (relative to `/graph/v1.0/tenantRelationships/`, or absolute from the emulator's root when
    /// it starts with `/` or `http`).
    func send(
        _ method: HTTPMethod,
        _ target: String,
        headers: [(String, String)] = [],
        body: String? = nil
    ) async throws -> Reply {
        var path = target
        if target.hasPrefix(harness.baseURL) {
            path = String(target.dropFirst(harness.baseURL.count))
        } else if !target.hasPrefix("/") {
            path = Self.root + target
        }
        let reply = try await harness.send(
            method,
            path,
            token: token,
            headers: headers,
            body: body.map { Data($0.utf8) }
        )
        let json = reply.body.isEmpty ? nil : try GraphJSON.parse(reply.body)
        return Reply(status: reply.status, headers: reply.headers, json: json)
    }

    /// Sends a documented request verbatim (method, path, query, If-Match, body).
    func send(_ fixture: GraphFixtureMessage, ifMatch: String? = nil) async throws -> Reply {
        var headers: [(String, String)] = []
        if let match = ifMatch ?? fixture.headers["if-match"] { headers.append(("If-Match", match)) }
        let body = fixture.body.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await send(
            HTTPMethod(rawValue: fixture.method),
            fixture.relativeTarget,
            headers: headers,
            body: body.isEmpty ? nil : body
        )
    }

    /// Changes the Graph state directly, at the emulator's current time, with the given ids handed out first.
    func seed(
        ids: [String] = [],
        _ build: @Sendable (inout GraphState, Date, () -> String) throws -> Void
    )
        async throws
    {
        let configuration = await harness.store.configuration
        try await harness.store.mutate { state in
            let now = EmulatorStore.now(configuration: configuration, state: state)
            var queue = ids
            var counter = 0
            var graph = state.graph
            try build(&graph, now) {
                if !queue.isEmpty { return queue.removeFirst() }
                counter += 1
                return String(format: "9e000000-0000-4000-8000-%012x", counter)
            }
            state.graph = graph
        }
    }

    func control(_ method: HTTPMethod, _ path: String, json: Any? = nil) async throws -> EmulatorHarness.Reply {
        try await harness.control(method, path, json: json)
    }

    /// Creates a relationship over HTTP and returns the reply.
    func createRelationship(
        name: String,
        customer: String = "4b827261-d21f-4aa9-b7db-7fa1f56fb163",
        roles: [String] = [GraphRoles.exchange, GraphRoles.intune],
        duration: String = "P730D",
        autoExtend: String? = nil
    ) async throws -> Reply {
        let unified = roles.map { "{\"roleDefinitionId\":\"\($0)\"}" }.joined(separator: ",")
        let extend = autoExtend.map { ",\"autoExtendDuration\":\"\($0)\"" } ?? ""
        return try await send(
            .POST,
            "delegatedAdminRelationships",
            body: """
                {"displayName":"\(name)","duration":"\(duration)","customer":{"tenantId":"\(customer)"},\
                "accessDetails":{"unifiedRoles":[\(unified)]}\(extend)}
                """
        )
    }

    /// created -> lockForApproval -> customer approval (control API) -> active.
    func activeRelationship(
        name: String,
        roles: [String] = [GraphRoles.exchange, GraphRoles.intune],
        duration: String = "P730D",
        autoExtend: String? = nil
    ) async throws -> Reply {
        let created = try await createRelationship(name: name, roles: roles, duration: duration, autoExtend: autoExtend)
        #expect(created.status == 201)
        let lock = try await send(
            .POST,
            "delegatedAdminRelationships/\(created.id)/requests",
            body: #"{"action":"lockForApproval"}"#
        )
        #expect(lock.status == 201)
        let approve = try await control(.POST, "gdap/relationships/\(created.id)/approve")
        #expect(approve.status == 200)
        return try await send(.GET, "delegatedAdminRelationships/\(created.id)")
    }

    func assign(_ relationship: String, group: String, roles: [String]) async throws -> Reply {
        let unified = roles.map { "{\"roleDefinitionId\":\"\($0)\"}" }.joined(separator: ",")
        return try await send(
            .POST,
            "delegatedAdminRelationships/\(relationship)/accessAssignments",
            body: """
                {"accessContainer":{"accessContainerId":"\(group)","accessContainerType":"securityGroup"},\
                "accessDetails":{"unifiedRoles":[\(unified)]}}
                """
        )
    }
}

enum GraphRoles {
    static let exchange = "29232cdf-9323-42fd-ade2-1d097af3e4de"
    static let intune = "3a2c62db-5318-420d-8d74-23affee5d9d5"
    static let globalReader = "f2ef992c-3afb-46b9-b7cf-a126ee74c451"
    static let helpdesk = "729827e3-9c14-49f7-bb1b-9608f156bbb8"
    static let globalAdmin = "62e90394-69f5-4237-9190-012177145e10"
}
