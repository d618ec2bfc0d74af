/// A Graph error as the GDAP service answers it: HTTP status, `error.code`, `error.message`.
///
/// The GDAP pages document no error codes. Observed bodies from the service behind Graph use the HTTP status name
/// in lower camel case (`{"error":{"code":"conflict","message":"The resource already exists.",...}}`, seen by
/// Microsoft's bulk-migration tool; `badRequest` "The passed in delegatedAdminRelationshipId is invalid." in a user
/// report), so every code here follows that pattern. Policy where the references are silent: malformed or invalid
/// input is 400 `badRequest`; a request the current state forbids (wrong status, duplicate name, second assignment
/// for a group) is 409 `conflict`, Graph's own meaning of 409; a stale `If-Match` is 412 `preconditionFailed`.
package struct GDAPError: Error, Sendable, Equatable {
    package var status: Int
    package var code: String
    package var message: String

    package init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    package static func badRequest(_ message: String) -> GDAPError {
        GDAPError(status: 400, code: "badRequest", message: message)
    }

    package static func notFound(_ message: String) -> GDAPError {
        GDAPError(status: 404, code: "notFound", message: message)
    }

    package static func conflict(_ message: String) -> GDAPError {
        GDAPError(status: 409, code: "conflict", message: message)
    }

    package static func preconditionFailed(_ message: String) -> GDAPError {
        GDAPError(status: 412, code: "preconditionFailed", message: message)
    }

    /// Missing `If-Match` on a PATCH/DELETE that requires it. Graph's generic answer to a missing required header
    /// is 400; the exact GDAP text is undocumented.
    static let ifMatchRequired = badRequest("The If-Match header is required for this request.")

    /// A path Graph's OData routing doesn't know: Graph answers 400 `BadRequest` (its own casing, not the GDAP
    /// service's) "Resource not found for the segment '...'".
    static func unknownSegment(_ segment: String) -> GDAPError {
        GDAPError(status: 400, code: "BadRequest", message: "Resource not found for the segment '\(segment)'.")
    }

    static func relationshipNotFound(_ id: String) -> GDAPError {
        notFound("The delegatedAdminRelationship '\(id)' was not found.")
    }
}
