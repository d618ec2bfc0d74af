package import Foundation
package import HTTPTypes

/// One concern wrapped around the transport: request headers, retries, pacing, authorization, logging.
///
/// The client composes them outermost first: ``RequestHeadersMiddleware`` (ids that stay the same on every
/// attempt) → ``RetryMiddleware`` → ``PacingMiddleware`` (every attempt spends budget) →
/// ``AuthorizationMiddleware`` (a fresh token per attempt) → ``LoggingMiddleware`` (sees what goes on the wire,
/// redacted) → the transport.
package protocol ClientMiddleware: Sendable {
    func intercept(
        _ request: HTTPRequest,
        body: Data?,
        context: RequestContext,
        next: @Sendable (HTTPRequest, Data?, RequestContext) async throws -> (HTTPResponse, Data)
    ) async throws -> (HTTPResponse, Data)
}

/// What the middlewares know about the call in flight.
package struct RequestContext: Sendable {
    package var operation: PartnerCenterOperation
    /// The `MS-RequestId`: one per logical operation, the same on every retry.
    package var requestID: String
    package var correlationID: String
    /// Counts attempts across the retry loop, for the error the caller may get.
    package let progress: CallProgress

    package init(operation: PartnerCenterOperation, requestID: String, correlationID: String) {
        self.operation = operation
        self.requestID = requestID
        self.correlationID = correlationID
        self.progress = CallProgress()
    }
}

/// Mutable per-call facts shared by the middlewares of one call.
package final class CallProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var attemptCount = 0
    private var lastRetryAfter: Double?
    private var sawLostResponse = false

    package var attempts: Int { lock.withLock { attemptCount } }
    package var retryAfterSeconds: Double? { lock.withLock { lastRetryAfter } }
    /// Whether an attempt may have reached the service without its answer reaching us.
    package var mayHaveBeenExecuted: Bool { lock.withLock { sawLostResponse } }

    func beginAttempt() -> Int {
        lock.withLock {
            attemptCount += 1
            return attemptCount
        }
    }

    func record(retryAfter: Double?) { lock.withLock { lastRetryAfter = retryAfter } }
    func recordLostResponse() { lock.withLock { sawLostResponse = true } }
}

/// The transport with its middlewares applied. Every response body of the client (Partner Center, Graph, the
/// token endpoint; success and error) comes out of ``send(_:body:context:)``, so what must hold for every body is
/// done here: a leading UTF-8 byte-order mark is dropped (see ``ResponseBody/withoutByteOrderMark(_:)``).
struct MiddlewareChain: Sendable {
    let middlewares: [any ClientMiddleware]
    let transport: any PartnerCenterTransport

    func send(_ request: HTTPRequest, body: Data?, context: RequestContext) async throws -> (HTTPResponse, Data) {
        try await run(index: 0, request, body, context)
    }

    private func run(
        index: Int,
        _ request: HTTPRequest,
        _ body: Data?,
        _ context: RequestContext
    ) async throws -> (HTTPResponse, Data) {
        guard index < middlewares.count else {
            let (response, data) = try await transport.send(request, body: body)
            return (response, ResponseBody.withoutByteOrderMark(data))
        }
        return try await middlewares[index].intercept(request, body: body, context: context) { request, body, context in
            try await run(index: index + 1, request, body, context)
        }
    }
}

/// What the client does to every response body before anything reads it.
package enum ResponseBody {
    private static let utf8ByteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// `data` without a leading UTF-8 byte-order mark (`EF BB BF`). The real Partner Center sends most bodies with
    /// one (JSON forbids it, RFC 8259 §8.1, but lets a parser ignore it); left in, the body is unreadable.
    package static func withoutByteOrderMark(_ data: Data) -> Data {
        guard data.count >= 3, data.starts(with: utf8ByteOrderMark) else { return data }
        return Data(data.dropFirst(3))  // a copy, so indices start at 0 again
    }
}

extension HTTPField.Name {
    package static let msRequestID = known("MS-RequestId")
    package static let msCorrelationID = known("MS-CorrelationId")
    package static let msContinuationToken = known("MS-ContinuationToken")
    package static let msContractVersion = known("MS-Contract-Version")
    package static let xLocale = known("X-Locale")
    package static let clientRequestID = known("client-request-id")

    /// These names are valid header tokens, so the fallback is never taken.
    private static func known(_ name: String) -> HTTPField.Name { HTTPField.Name(name) ?? .accept }
}
