import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The Graph GDAP routes under `/graph/v1.0/tenantRelationships/`, one Hummingbird route per documented path and
/// method, as the Partner Center controllers are. The other methods of a documented path get Graph's 405, and
/// anything else under `tenantRelationships` Graph's 400 for an unknown segment (both registered here, so the
/// request counters see the route pattern).
enum GraphRoutes {
    typealias Handler = @Sendable (Request, EmulatorRequestContext) async throws -> Response

    /// The methods Graph routes; a documented path answers 405 to those it does not take.
    static let routedMethods: [HTTPRequest.Method] = [.get, .post, .patch, .delete, .put]

    static func add(to group: RouterGroup<EmulatorRequestContext>, store: EmulatorStore) {
        let graph = GraphStore(store: store)
        GraphRelationshipsController(graph: graph).addRoutes(to: group)
        GraphRequestsController(graph: graph).addRoutes(to: group)
        GraphAccessAssignmentsController(graph: graph).addRoutes(to: group)
        GraphOperationsController(graph: graph).addRoutes(to: group)
        GraphCustomersController(graph: graph).addRoutes(to: group)
        for method in routedMethods {
            group.on("tenantRelationships/**", method: method) { request, _ -> Response in
                throw GDAPError.unknownSegment(unknownSegment(request.uri.path)).graphError(date: nil)
            }
        }
    }

    /// Registers `handlers` on `tenantRelationships/{path}`, and Graph's 405 for the other routed methods.
    static func on(
        _ group: RouterGroup<EmulatorRequestContext>,
        _ path: String,
        _ handlers: [HTTPRequest.Method: Handler]
    ) {
        for method in routedMethods {
            let handler: Handler =
                handlers[method] ?? { request, _ in
                    throw GDAPError.methodNotAllowed(request.method).graphError(date: nil)
                }
            group.on(RouterPath("tenantRelationships/\(path)"), method: method, use: handler)
        }
    }

    /// The first segment of a path under `tenantRelationships/` that no documented path has.
    static func unknownSegment(_ path: String) -> String {
        let segments = GraphCall.segments(path)
        let children: Set<String> = ["requests", "accessAssignments", "operations"]
        switch segments.first {
        case "delegatedAdminRelationships":
            if segments.count > 2, !children.contains(segments[2]) { return segments[2] }
            return segments.count > 4 ? segments[4] : (segments.last ?? "")
        case "delegatedAdminCustomers":
            return segments.last ?? ""
        default:
            return segments.first ?? "tenantRelationships"
        }
    }
}

/// One Graph request as the GDAP handlers read it: its path parameters (percent-decoded), query items, `If-Match`,
/// body, and how its answers are rendered (service root from the request's host, `Prefer` header).
struct GraphCall: Sendable {
    var parameters: [String: String]
    var query: [(String, String)]
    var ifMatch: String?
    var body: Data
    var rendering: GraphRendering

    init(_ request: Request, context: EmulatorRequestContext) async throws {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        var parameters: [String: String] = [:]
        for (name, value) in context.parameters {
            parameters[String(name)] = value.removingPercentEncoding ?? String(value)
        }
        self.parameters = parameters
        self.query = Self.queryItems(request.uri.query)
        self.ifMatch = request.headers[.ifMatch]
        self.body = Data(body.readableBytesView)
        let prefer = request.headers[values: .prefer].joined(separator: ",")
        self.rendering = GraphRendering(
            serviceRoot: "http://\(request.head.authority ?? "127.0.0.1")/graph/v1.0/tenantRelationships",
            includeUnknownEnumMembers: prefer.contains("include-unknown-enum-members")
        )
    }

    /// The path parameter `name` (`id`, `requestId`, ...).
    subscript(_ name: String) -> String { parameters[name] ?? "" }

    /// The request body as JSON; a body is required.
    func json() throws(GDAPError) -> GraphJSON {
        guard !body.isEmpty else { throw .badRequest("A request body is required.") }
        return try GraphJSON.parse(body)
    }

    /// Percent-decoded segments after `/graph/v1.0/tenantRelationships/`.
    static func segments(_ path: String) -> [String] {
        let marker = "/tenantRelationships/"
        guard let range = path.range(of: marker) else { return [] }
        return path[range.upperBound...].split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
    }

    /// Query items in order, percent-decoded, `+` read as a space (as ASP.NET reads query strings).
    static func queryItems(_ query: String?) -> [(String, String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&").map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}

/// How the Graph controllers reach the store: reads see the GDAP state brought up to the emulator clock and never
/// mark the state for writing unless the clock made a transition due; writes run in one `mutate`. GDAP errors
/// become the emulator's common Graph error, dated with the emulator clock.
struct GraphStore: Sendable {
    let store: EmulatorStore

    /// A read (GET).
    func read(
        _ request: Request,
        _ context: EmulatorRequestContext,
        _ body: @Sendable (inout GraphState, GraphCall) throws(GDAPError) -> GraphAnswer
    ) async throws -> Response {
        let call = try await GraphCall(request, context: context)
        let (result, now) = await store.readGraph { graph, now -> (Result<GraphAnswer, GDAPError>, Date) in
            do throws(GDAPError) {
                return (.success(try body(&graph, call)), now)
            } catch {
                return (.failure(error), now)
            }
        }
        return try Self.response(result, now: now)
    }

    /// A change (POST, PATCH, DELETE): `body` gets the state as of the emulator clock and an id generator.
    func write(
        _ request: Request,
        _ context: EmulatorRequestContext,
        _ body: @Sendable (inout GraphState, GraphChange, () -> String) throws(GDAPError) -> GraphAnswer
    ) async throws -> Response {
        let call = try await GraphCall(request, context: context)
        let configuration = store.configuration
        let (result, now) = try await store.mutate { state -> (Result<GraphAnswer, GDAPError>, Date) in
            let now = EmulatorStore.now(configuration: configuration, state: state)
            // Taken out of the state while it changes, so the id generator can change the state too.
            var graph = state.graph
            state.graph = GraphState()
            graph.advance(to: now)
            let change = GraphChange(call: call, now: now, customers: state.customers)
            let result: Result<GraphAnswer, GDAPError>
            do throws(GDAPError) {
                result = .success(try body(&graph, change) { state.newGUID(seed: configuration.seed) })
            } catch {
                result = .failure(error)
            }
            state.graph = graph
            return (result, now)
        }
        return try Self.response(result, now: now)
    }

    private static func response(_ result: Result<GraphAnswer, GDAPError>, now: Date) throws -> Response {
        switch result {
        case .success(let answer): return answer.response
        case .failure(let error): throw error.graphError(date: now)
        }
    }
}

/// What a Graph change sees besides the GDAP state: the request, the emulator clock, and the partner's customers
/// (the service names a relationship's customer itself).
struct GraphChange {
    var call: GraphCall
    var now: Date
    var customers: [String: CustomerRecord]

    /// The display name of the partner's customer `tenant`, if it is one.
    func customerName(_ tenant: String) -> String? {
        guard let record = customers[tenant.lowercased()] else { return nil }
        return record.companyProfile.companyName ?? record.billingProfile.companyName
    }
}
