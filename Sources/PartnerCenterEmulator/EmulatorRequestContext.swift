import Foundation
import HTTPTypes
package import Hummingbird
package import NIOCore

/// The request context of every emulator route: the channel (so faults can close it) and the authenticated
/// caller once the authentication middleware has run.
package struct EmulatorRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    package let channel: any Channel
    /// The access token the request was authenticated with (nil on the token and control surfaces).
    package var principal: AccessTokenRecord?
    /// The request's id on the service surfaces: the client's (`MS-RequestId`, `client-request-id`) or the one the
    /// emulator generated for it (`RequestHeadersMiddleware`).
    package var requestId: String?
    /// The emulator clock when a Graph request arrived (Graph error bodies carry it as `innerError.date`).
    var requestTime: Date?
    /// Set by `ByteOrderMarkMiddleware` for the fault lookup further in to fill (`Faults/`).
    var faultVerdict: FaultVerdictSlot?

    package init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
        self.principal = nil
        self.requestId = nil
        self.requestTime = nil
        self.faultVerdict = nil
    }

    /// Request bodies are small JSON documents; 4 MiB also fits a large state snapshot.
    package var maxUploadSize: Int { 256 * 1024 * 1024 }

    /// The partner tenant the request acts for.
    package var partnerTenant: String { principal?.tenantId ?? "anonymous" }

    /// The matched route pattern, e.g. `/v1/customers/{id}`.
    package var routePattern: String { endpointPath ?? "unmatched" }
}

/// Which of the emulator's surfaces a path belongs to.
package enum EmulatorSurface: Sendable {
    case partnerCenter
    case graph
    case token
    case control

    package init(path: String) {
        if path.hasPrefix("/graph/") {
            self = .graph
        } else if path.hasPrefix("/login/") {
            self = .token
        } else if path.hasPrefix("/_emulator") {
            self = .control
        } else {
            self = .partnerCenter
        }
    }
}

/// Collects a response body so it can be kept (replay) and written again.
final class ResponseBodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws {
        var copy = buffer
        self.buffer.writeBuffer(&copy)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}

    static func collect(_ body: ResponseBody) async throws -> ByteBuffer {
        let collector = ResponseBodyCollector()
        try await body.write(collector)
        return collector.buffer
    }
}

/// Calls the next responder and turns a thrown `HTTPResponseError` into its response, so that a middleware sees
/// (and can add to) the answer the client gets.
func responseConvertingErrors(
    _ request: Request,
    _ context: EmulatorRequestContext,
    _ next: (Request, EmulatorRequestContext) async throws -> Response
) async throws -> Response {
    do {
        return try await next(request, context)
    } catch let error as any HTTPResponseError {
        return try error.response(from: request, context: context)
    }
}
