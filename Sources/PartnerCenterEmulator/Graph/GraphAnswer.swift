import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A Graph GDAP answer before it becomes an HTTP response: status, extra headers (Location, Retry-After), and a JSON
/// body (nil for 204) or a `text/plain` one (the `$count` segment's number).
struct GraphAnswer: Sendable, Equatable {
    var status: Int
    var headers: [String: String] = [:]
    var body: GraphJSON?
    var text: String?

    static func ok(_ body: GraphJSON, status: Int = 200, headers: [String: String] = [:]) -> GraphAnswer {
        GraphAnswer(status: status, headers: headers, body: body)
    }

    static let noContent = GraphAnswer(status: 204)

    /// 201 with the new object and its URL.
    static func created(_ body: GraphJSON, location: String) -> GraphAnswer {
        ok(body, status: 201, headers: ["Location": location])
    }

    /// 202 for a long-running operation: `Location` to poll, `Retry-After: 10` as documented, an empty object.
    static func accepted(relationshipURL: String, operation: GDAPOperation) -> GraphAnswer {
        GraphAnswer(
            status: 202,
            headers: ["Location": "\(relationshipURL)/operations/\(operation.id)", "Retry-After": "10"],
            body: .object([])
        )
    }

    /// The OData options every GDAP list documents.
    static let listOptions: Set<String> = ["select", "filter", "top", "orderby", "count", "skiptoken"]

    /// A list answer: `items` filtered, ordered, selected and paged; `segment` names the collection both in
    /// `@odata.context` and after `parentURL` in `@odata.nextLink`.
    static func list(
        _ items: [GraphJSON],
        _ call: GraphCall,
        segment: String,
        parentURL: String,
        allowed: Set<String> = listOptions
    ) throws(GDAPError) -> GraphAnswer {
        let query = try GraphQuery(call.query, allowed: allowed)
        return ok(try query.page(items, context: call.rendering.context(segment), selfURL: "\(parentURL)/\(segment)"))
    }

    /// One entity, `$select` applied.
    static func entity(_ item: GraphJSON, _ call: GraphCall) throws(GDAPError) -> GraphAnswer {
        let query = try GraphQuery(call.query, allowed: ["select"])
        return ok(try query.project(item))
    }

    /// `GET …/{collection}/$count`: OData's count segment, answered as Graph answers it, the number of matching
    /// items as `text/plain` (`$filter` applies). The GDAP pages document only the `$count` query option; without
    /// this route, `$count` would be read as an id and answered 404 "The delegatedAdminRelationship '$count' was
    /// not found".
    static func count(_ items: [GraphJSON], _ call: GraphCall) throws(GDAPError) -> GraphAnswer {
        let query = try GraphQuery(call.query, allowed: ["filter"])
        return GraphAnswer(status: 200, text: String(try query.count(items)))
    }

    /// The HTTP response: `OData-Version: 4.0`, the extra headers in name order, the body with Graph's content type.
    var response: Response {
        var fields = HTTPFields()
        fields[.odataVersion] = "4.0"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        let status = HTTPResponse.Status(code: status)
        if let text {
            fields[.contentType] = "text/plain; charset=utf-8"
            return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        guard let body else { return Response(status: status, headers: fields) }
        fields[.contentType] = "application/json; odata.metadata=minimal; charset=utf-8"
        return Response(
            status: status,
            headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.serialized))
        )
    }
}

extension GDAPError {
    /// 405 for a method a GDAP path does not take.
    static func methodNotAllowed(_ method: HTTPRequest.Method) -> GDAPError {
        GDAPError(
            status: 405,
            code: "methodNotAllowed",
            message: "The HTTP method '\(method.rawValue)' is not allowed on this resource."
        )
    }

    /// The emulator's common Graph error (`GraphError`), dated `now`: Graph's documented error body
    /// `{"error":{"code","message","innerError":{"code"?,"date","request-id","client-request-id"}}}`.
    func graphError(date: Date?) -> GraphError {
        GraphError(
            status: HTTPResponse.Status(code: status),
            code: code,
            message: message,
            innerCode: innerCode,
            date: date
        )
    }
}

extension HTTPField.Name {
    static let prefer = Self("Prefer") ?? .accept
    static let odataVersion = Self("OData-Version") ?? .accept
}
