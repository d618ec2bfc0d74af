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
    package var date: Date
    package var headers: HTTPFields

    package init(
        status: HTTPResponse.Status,
        code: String,
        message: String,
        innerCode: String? = nil,
        date: Date = Date(timeIntervalSince1970: 0),
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
        let clientRequestId = request.headers[.clientRequestId] ?? ""
        let requestId = request.headers[.msRequestId] ?? clientRequestId
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
