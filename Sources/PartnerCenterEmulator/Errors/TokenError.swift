package import Foundation
package import HTTPTypes
package import Hummingbird

/// An Entra ID token-endpoint error: `{"error": "invalid_client", "error_description": "AADSTS7000215: ...",
/// "error_codes": [7000215], "timestamp", "trace_id", "correlation_id"}`.
package struct TokenError: HTTPResponseError, Sendable {
    package var status: HTTPResponse.Status
    package var error: String
    package var aadsts: Int
    package var message: String
    package var timestamp: Date

    package init(status: HTTPResponse.Status, error: String, aadsts: Int, message: String, timestamp: Date) {
        self.status = status
        self.error = error
        self.aadsts = aadsts
        self.message = message
        self.timestamp = timestamp
    }

    private struct Body: Encodable {
        var error: String
        var error_description: String
        var error_codes: [Int]
        var timestamp: String
        var trace_id: String
        var correlation_id: String
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        let correlation = request.headers[.clientRequestId] ?? "00000000-0000-0000-0000-000000000000"
        let stamp = EmulatorJSON.format(timestamp)
        let body = Body(
            error: error,
            error_description: "AADSTS\(aadsts): \(message) Trace ID: \(correlation) Correlation ID: \(correlation) "
                + "Timestamp: \(stamp)",
            error_codes: [aadsts],
            timestamp: stamp,
            trace_id: correlation,
            correlation_id: correlation
        )
        return try EmulatorJSON.response(status: status, body)
    }
}
