import Foundation
package import HTTPTypes
package import Hummingbird

/// Partner Center's 429: `Retry-After` and `{"statusCode": 429, "message": "Rate limit is exceeded. Try again in
/// N seconds."}` (api-throttling-guidance.md; this body does not use the normal error schema). On the Graph
/// surface the body is Graph's error shape with code `TooManyRequests` (gdap/errors.md).
package struct ThrottledError: HTTPResponseError, Sendable {
    package var retryAfter: Int
    package var graph: Bool
    package var status: HTTPResponse.Status { .tooManyRequests }

    package init(retryAfter: Int, graph: Bool) {
        self.retryAfter = retryAfter
        self.graph = graph
    }

    private struct Body: Encodable {
        var statusCode: Int
        var message: String
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        let message = "Rate limit is exceeded. Try again in \(retryAfter) seconds."
        var headers = HTTPFields()
        headers[.retryAfter] = String(retryAfter)
        if graph {
            return try GraphError(status: .tooManyRequests, code: "TooManyRequests", message: message, headers: headers)
                .response(from: request, context: context)
        }
        var response = try EmulatorJSON.response(status: .tooManyRequests, Body(statusCode: 429, message: message))
        response.headers.append(contentsOf: headers)
        return response
    }
}
