import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The Graph GDAP routes under `/graph/v1.0/tenantRelationships/`. Each documented path is registered for every
/// method (so counters see the route pattern and a wrong method gets Graph's 405), and all of them hand the
/// request to ``GraphAPI`` inside one `mutate` of the store: reads too, because reading first applies the
/// transitions the clock has made due.
struct GraphController {
    let store: EmulatorStore

    static let patterns = [
        "tenantRelationships/delegatedAdminRelationships",
        "tenantRelationships/delegatedAdminRelationships/{id}",
        "tenantRelationships/delegatedAdminRelationships/{id}/requests",
        "tenantRelationships/delegatedAdminRelationships/{id}/requests/{requestId}",
        "tenantRelationships/delegatedAdminRelationships/{id}/accessAssignments",
        "tenantRelationships/delegatedAdminRelationships/{id}/accessAssignments/{assignmentId}",
        "tenantRelationships/delegatedAdminRelationships/{id}/operations",
        "tenantRelationships/delegatedAdminRelationships/{id}/operations/{operationId}",
        "tenantRelationships/delegatedAdminCustomers",
        "tenantRelationships/delegatedAdminCustomers/{customerId}",
        "tenantRelationships/delegatedAdminCustomers/{customerId}/serviceManagementDetails",
        // Anything else under tenantRelationships gets Graph's answer for an unknown segment.
        "tenantRelationships/**",
    ]

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        for pattern in Self.patterns {
            for method in [HTTPRequest.Method.get, .post, .patch, .delete, .put] {
                group.on(RouterPath(pattern), method: method) { request, context in
                    try await handle(request, context: context)
                }
            }
        }
    }

    private func handle(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let graphRequest = GraphHTTPRequest(
            method: request.method.rawValue,
            path: Self.segments(request.uri.path),
            query: Self.queryItems(request.uri.query),
            ifMatch: request.headers[.ifMatch],
            prefer: request.headers[values: .prefer].joined(separator: ","),
            body: Data(body.readableBytesView)
        )
        let serviceRoot = "http://\(request.head.authority ?? "127.0.0.1")/graph/v1.0/tenantRelationships"
        let seed = store.configuration.seed
        let configuration = store.configuration
        let (response, now) = try await store.mutate { state in
            let now = EmulatorStore.now(configuration: configuration, state: state)
            var graph = state.graph
            state.graph = GraphState()
            let customers = state.customers
            let response = GraphAPI.handle(
                graphRequest,
                state: &graph,
                now: now,
                newID: { state.newGUID(seed: seed) },
                serviceRoot: serviceRoot,
                customerName: { tenant in
                    guard let record = customers[tenant.lowercased()] else { return nil }
                    return record.companyProfile.companyName ?? record.billingProfile.companyName
                }
            )
            state.graph = graph
            return (response, now)
        }
        if let error = response.error {
            throw GraphError(
                status: HTTPResponse.Status(code: error.status),
                code: error.code,
                message: error.message,
                innerCode: error.innerCode,
                date: now
            )
        }
        return Self.response(response)
    }

    static func response(_ response: GraphHTTPResponse) -> Response {
        var headers = HTTPFields()
        headers[.odataVersion] = "4.0"
        for (name, value) in response.headers.sorted(by: { $0.key < $1.key }) {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        if let text = response.text {
            headers[.contentType] = "text/plain; charset=utf-8"
            return Response(
                status: HTTPResponse.Status(code: response.status),
                headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(string: text))
            )
        }
        guard let body = response.body else {
            return Response(status: HTTPResponse.Status(code: response.status), headers: headers)
        }
        headers[.contentType] = "application/json; odata.metadata=minimal; charset=utf-8"
        return Response(
            status: HTTPResponse.Status(code: response.status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.serialized))
        )
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

extension HTTPField.Name {
    static let prefer = Self("Prefer") ?? .accept
    static let odataVersion = Self("OData-Version") ?? .accept
}
