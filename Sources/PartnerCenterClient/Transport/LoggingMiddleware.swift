import Foundation
import HTTPTypes
import Logging

/// The request log. Every attempt (each HTTP request on the wire, retries included) gives one line at info once
/// it ends: method, URL, status (or why no answer came), duration, and the ids to quote to Microsoft support
/// (`MS-RequestId` and `MS-CorrelationId`; Graph's `request-id` and `client-request-id`). At trace the request's
/// and response's headers and bodies follow.
///
/// Credentials never reach the log: `Authorization` is replaced by `Bearer <redacted>`, token requests and
/// responses are never logged in full, and bodies go through ``Redaction`` (passwords, secrets, tokens,
/// assertions).
struct LoggingMiddleware: ClientMiddleware {
    let logger: Logger
    let clock: any Clock<Duration>

    func intercept(
        _ request: HTTPRequest,
        body: Data?,
        context: RequestContext,
        next: @Sendable (HTTPRequest, Data?, RequestContext) async throws -> (HTTPResponse, Data)
    ) async throws -> (HTTPResponse, Data) {
        guard logger.logLevel <= .info else { return try await next(request, body, context) }
        let metadata: Logger.Metadata = [
            "operation": "\(context.operation.name)", "attempt": "\(context.progress.attempts)",
        ]
        let line = "\(request.method.rawValue) \(Redaction.url(request))"
        if logger.logLevel <= .trace {
            logger.trace("→ \(line) headers: \(Redaction.headers(request.headerFields))", metadata: metadata)
            if let body {
                logger.trace(
                    "→ \(line) body: \(Redaction.body(body, service: context.operation.service))",
                    metadata: metadata
                )
            }
        }
        let elapsed = ClockReading.elapsedFunction(clock)
        do {
            let (response, data) = try await next(request, body, context)
            let ids = Self.ids(request: request, response: response, service: context.operation.service)
            logger.info(
                "\(line) \(response.status.code) \(elapsed().milliseconds) ms\(ids)",
                metadata: metadata
            )
            if logger.logLevel <= .trace {
                logger.trace("← \(line) headers: \(Redaction.headers(response.headerFields))", metadata: metadata)
                logger.trace(
                    "← \(line) body: \(Redaction.body(data, service: context.operation.service, headers: response.headerFields))",
                    metadata: metadata
                )
            }
            return (response, data)
        } catch {
            let ids = Self.ids(request: request, response: nil, service: context.operation.service)
            logger.info("\(line) no response \(elapsed().milliseconds) ms\(ids): \(error)", metadata: metadata)
            throw error
        }
    }

    /// The ids of one request: those the service answered with, else those sent.
    static func ids(request: HTTPRequest, response: HTTPResponse?, service: ServiceKind) -> String {
        func value(_ name: HTTPField.Name) -> String? {
            response?.headerFields[name] ?? request.headerFields[name]
        }
        var parts: [String] = []
        switch service {
        case .partnerCenter:
            if let id = value(.msRequestID) { parts.append("MS-RequestId: \(id)") }
            if let id = value(.msCorrelationID) { parts.append("MS-CorrelationId: \(id)") }
        case .graph:
            if let id = response?.headerFields[.graphRequestID] { parts.append("request-id: \(id)") }
            if let id = value(.clientRequestID) { parts.append("client-request-id: \(id)") }
        case .identity:
            // Entra answers with its own ids; they identify the request to Microsoft without revealing anything.
            if let id = response?.headerFields[.xMSRequestID] { parts.append("x-ms-request-id: \(id)") }
        }
        return parts.isEmpty ? "" : " " + parts.joined(separator: " ")
    }
}

extension HTTPField.Name {
    /// Graph's `request-id` response header.
    static let graphRequestID = HTTPField.Name("request-id") ?? .accept
    /// Entra's `x-ms-request-id` response header.
    static let xMSRequestID = HTTPField.Name("x-ms-request-id") ?? .accept
}

extension Duration {
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
