/// A Graph error as the GDAP service answers it: HTTP status, `error.code`, `error.message`, and optionally the
/// inner error's code.
///
/// The GDAP pages document no error codes; gdap/errors.md collects Graph's (concepts/errors.md) and what tools
/// observed. The codes here are Graph's documented ones: 404 `itemNotFound` (as the rest of the emulator's Graph
/// answers); a stale `If-Match` is 412 `resourceModified` ("The resource being updated has changed since the
/// caller last read it, usually an eTag mismatch") with the inner code `entityTagDoesNotMatch`. Observed bodies
/// from the service behind Graph use the HTTP status name in lower camel case for the rest
/// (`{"error":{"code":"conflict",...}}` seen by Microsoft's bulk-migration tool; `badRequest` "The passed in
/// delegatedAdminRelationshipId is invalid." in a user report). Policy where the references are silent: malformed
/// or invalid input is 400 `badRequest`; a request the current state forbids (wrong status, duplicate name, second
/// assignment for a group) is 409 `conflict`, Graph's own meaning of 409.
package struct GDAPError: Error, Sendable, Equatable {
    package var status: Int
    package var code: String
    package var message: String
    /// `innerError.code` (Graph's "detailed inner codes"), when there is one.
    package var innerCode: String?

    package init(status: Int, code: String, message: String, innerCode: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.innerCode = innerCode
    }

    package static func badRequest(_ message: String) -> GDAPError {
        GDAPError(status: 400, code: "badRequest", message: message)
    }

    package static func notFound(_ message: String) -> GDAPError {
        GDAPError(status: 404, code: "itemNotFound", message: message)
    }

    package static func conflict(_ message: String) -> GDAPError {
        GDAPError(status: 409, code: "conflict", message: message)
    }

    /// A stale `If-Match`: 412 `resourceModified` / inner `entityTagDoesNotMatch` (gdap/errors.md §2-3).
    package static func etagMismatch(_ message: String) -> GDAPError {
        GDAPError(status: 412, code: "resourceModified", message: message, innerCode: "entityTagDoesNotMatch")
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
