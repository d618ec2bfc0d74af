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
        // One lookup answers both questions: the byte-order mark is handed to `ByteOrderMarkMiddleware` outside.
        let verdict = await store.faultVerdict(
            route: context.routePattern,
            path: request.uri.path,
            method: request.method.rawValue,
            decidingFaults: true
        )
        context.faultVerdict?.set(verdict)
        let decision = verdict.decision
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
