package import Foundation
package import HTTPTypes
package import Logging

/// Logs each attempt: the request line and status at debug, headers and bodies at trace. Credentials never
/// reach the log: `Authorization` is replaced by `Bearer <redacted>`, token requests and responses are never
/// logged in full, and bodies go through ``Redaction`` (passwords, secrets, tokens, assertions).
struct LoggingMiddleware: ClientMiddleware {
    let logger: Logger
    let clock: any Clock<Duration>

    func intercept(
        _ request: HTTPRequest,
        body: Data?,
        context: RequestContext,
        next: @Sendable (HTTPRequest, Data?, RequestContext) async throws -> (HTTPResponse, Data)
    ) async throws -> (HTTPResponse, Data) {
        guard logger.logLevel <= .debug else { return try await next(request, body, context) }
        var metadata: Logger.Metadata = [
            "operation": "\(context.operation.name)", "attempt": "\(context.progress.attempts)",
        ]
        if context.operation.service != .identity {
            metadata["requestId"] = "\(context.requestID)"
            metadata["correlationId"] = "\(context.correlationID)"
        }
        let target = Redaction.url(request)
        logger.debug("→ \(request.method.rawValue) \(target)", metadata: metadata)
        if logger.logLevel <= .trace {
            logger.trace("→ headers \(Redaction.headers(request.headerFields))", metadata: metadata)
            if let body {
                logger.trace("→ body \(Redaction.body(body, service: context.operation.service))", metadata: metadata)
            }
        }
        let elapsed = ClockReading.elapsedFunction(clock)
        do {
            let (response, data) = try await next(request, body, context)
            metadata["status"] = "\(response.status.code)"
            metadata["ms"] = "\(elapsed().milliseconds)"
            logger.debug("← \(response.status.code) \(request.method.rawValue) \(target)", metadata: metadata)
            if logger.logLevel <= .trace {
                logger.trace("← headers \(Redaction.headers(response.headerFields))", metadata: metadata)
                logger.trace("← body \(Redaction.body(data, service: context.operation.service))", metadata: metadata)
            }
            return (response, data)
        } catch {
            metadata["error"] = "\(error)"
            logger.debug("✗ \(request.method.rawValue) \(target)", metadata: metadata)
            throw error
        }
    }
}

extension Duration {
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
