package import Foundation
package import HTTPTypes
package import Hummingbird

/// An error in Microsoft Graph's shape (gdap/errors.md):
/// `{"error": {"code": "...", "message": "...", "innerError": {"date", "request-id", "client-request-id"}}}`.
package struct GraphError: HTTPResponseError, Sendable {
    package var status: HTTPResponse.Status
    package var code: String
    package var message: String
    package var innerCode: String?
    /// When the error happened; nil dates it with the request's arrival on the emulator clock.
    package var date: Date?
    package var headers: HTTPFields

    package init(
        status: HTTPResponse.Status,
        code: String,
        message: String,
        innerCode: String? = nil,
        date: Date? = nil,
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.innerCode = innerCode
        self.date = date
        self.headers = headers
    }

    private struct Body: Encodable {
        struct Inner: Encodable {
            var code: String?
            var date: Date
            var requestId: String
            var clientRequestId: String

            enum CodingKeys: String, CodingKey {
                case code, date
                case requestId = "request-id"
                case clientRequestId = "client-request-id"
            }
        }
        struct Detail: Encodable {
            var code: String
            var message: String
            var innerError: Inner
        }
        var error: Detail
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        // The ids and time `RequestHeadersMiddleware` put on the context: the client's `client-request-id` or the
        // one generated for the request (Graph repeats it as `client-request-id` when the client sent none).
        let emulator = context as? EmulatorRequestContext
        let requestId = emulator?.requestId ?? request.headers[.clientRequestId] ?? ""
        let clientRequestId = request.headers[.clientRequestId] ?? requestId
        // Outside the service surfaces (the control API) there is no arrival time: the wall clock stands in.
        let date = self.date ?? emulator?.requestTime ?? Date()
        let body = Body(
            error: .init(
                code: code,
                message: message,
                innerError: .init(code: innerCode, date: date, requestId: requestId, clientRequestId: clientRequestId)
            )
        )
        var response = try EmulatorJSON.response(status: status, body)
        response.headers.append(contentsOf: headers)
        return response
    }
}

extension GraphError {
    /// 401 for a missing, expired or wrong token.
    package static func unauthenticated(_ message: String) -> Self {
        .init(status: .unauthorized, code: "InvalidAuthenticationToken", message: message)
    }
    package static func forbidden(_ message: String) -> Self {
        .init(status: .forbidden, code: "accessDenied", message: message)
    }
    package static func notFound(_ message: String) -> Self {
        .init(status: .notFound, code: "itemNotFound", message: message)
    }
    package static func badRequest(_ message: String) -> Self {
        .init(status: .badRequest, code: "badRequest", message: message)
    }
}
