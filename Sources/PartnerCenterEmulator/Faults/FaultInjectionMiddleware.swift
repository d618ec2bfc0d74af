import HTTPTypes
import Hummingbird
import NIOCore

/// Applies the configured faults (see `FaultRule`): latency, 500/503, 429 bursts, dropped connections and lost
/// responses (the request is served and its change committed, then the connection is closed unanswered).
struct FaultInjectionMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext
    let store: EmulatorStore

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        // No rules (the common case): no hop onto the store actor.
        guard store.faultsConfigured.isSet else { return try await next(request, context) }
        let decision = await store.faultDecision(
            route: context.routePattern,
            path: request.uri.path,
            method: request.method.rawValue
        )
        if decision.latencyMs > 0 {
            try await Task.sleep(for: .milliseconds(decision.latencyMs))
        }
        let graph = EmulatorSurface(path: request.uri.path) == .graph
        switch decision.outcome {
        case .serve:
            return try await next(request, context)
        case .status(429, let retryAfter):
            throw ThrottledError(retryAfter: retryAfter ?? 1, graph: graph)
        case .status(let code, let retryAfter):
            var headers = HTTPFields()
            if let retryAfter { headers[.retryAfter] = String(retryAfter) }
            if graph {
                let status: HTTPResponse.Status = code == 503 ? .serviceUnavailable : .internalServerError
                let name = code == 503 ? "serviceNotAvailable" : "generalException"
                throw GraphError(status: status, code: name, message: "Injected fault", headers: headers)
            }
            var error = code == 503 ? PartnerCenterError.serviceUnavailable : PartnerCenterError.internalError
            error.headers = headers
            throw error
        case .drop:
            try? await context.channel.close()
            throw DroppedConnection()
        case .loseResponse:
            _ = try? await next(request, context)
            try? await context.channel.close()
            throw DroppedConnection()
        }
    }
}

/// Prefixes the body of every answer a `byteOrderMark` fault rule matches with a UTF-8 byte-order mark (EF BB BF),
/// errors included (they are turned into their response first). Empty bodies (204, drops) stay empty: there is
/// nothing to mark.
struct ByteOrderMarkMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext
    let store: EmulatorStore

    static let mark: [UInt8] = [0xEF, 0xBB, 0xBF]

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        // No rule asks for it (the common case): no hop onto the store actor.
        guard store.byteOrderMarksConfigured.isSet else { return try await next(request, context) }
        let wanted = await store.sendsByteOrderMark(
            route: context.routePattern,
            path: request.uri.path,
            method: request.method.rawValue
        )
        guard wanted else { return try await next(request, context) }
        var response = try await responseConvertingErrors(request, context, next)
        let body = try await ResponseBodyCollector.collect(response.body)
        guard body.readableBytes > 0 else { return response }
        var marked = ByteBuffer(bytes: Self.mark)
        marked.writeImmutableBuffer(body)
        response.headers[.contentLength] = nil
        response.body = ResponseBody(byteBuffer: marked)
        return response
    }
}
