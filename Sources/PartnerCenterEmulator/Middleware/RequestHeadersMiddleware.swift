import Foundation
import HTTPTypes
import Hummingbird

/// Echoes `MS-RequestId` and `MS-CorrelationId`, generating them when the client sends none ("If a ms-requestid is
/// not provided, the server will generate a new one for each request", the REST reference's header table), and
/// adds the `MS-CV` / `MS-ServerId` headers seen in the documented responses. Graph echoes `client-request-id`
/// and answers a `request-id`: the client's id when it sent one, else a new one for the request; Graph error
/// bodies carry the same ids and the request's time (`GraphError.response`).
///
/// Generated ids come from a counter under the emulator's seed (``RequestIdentifierSource``), so two fresh
/// emulators with the same seed answer the same sequence of requests with the same ids.
struct RequestHeadersMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext
    let store: EmulatorStore
    let ids: RequestIdentifierSource

    init(store: EmulatorStore) {
        self.store = store
        self.ids = RequestIdentifierSource(seed: store.configuration.seed)
    }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        var context = context
        switch EmulatorSurface(path: request.uri.path) {
        case .partnerCenter:
            let requestId = request.headers[.msRequestId] ?? ids.next(.partnerCenterRequest)
            let correlationId = request.headers[.msCorrelationId] ?? ids.next(.partnerCenterCorrelation)
            context.requestId = requestId
            var response = try await responseConvertingErrors(request, context, next)
            response.headers[.msRequestId] = requestId
            response.headers[.msCorrelationId] = correlationId
            response.headers[.msCV] = "emulator.0"
            response.headers[.msServerId] = "emulator"
            return response
        case .graph:
            let requestId = request.headers[.clientRequestId] ?? ids.next(.graphRequest)
            context.requestId = requestId
            // The emulator clock when the request arrived: every Graph error body dates itself with it.
            context.requestTime = await store.now
            var response = try await responseConvertingErrors(request, context, next)
            // Graph always answers both; without a client id, `client-request-id` repeats the generated one.
            response.headers[.clientRequestId] = request.headers[.clientRequestId] ?? requestId
            response.headers[.requestId] = requestId
            return response
        case .token, .control:
            return try await next(request, context)
        }
    }
}

/// The ids the emulator generates for requests that came without one: deterministic GUIDs under the emulator's
/// seed, one counter per kind (so a Partner Center request id never repeats a Graph one). Runtime only: they are
/// never persisted, so serving a request costs no state write.
final class RequestIdentifierSource: @unchecked Sendable {
    enum Kind: UInt64, CaseIterable {
        case partnerCenterRequest = 0x4d53_5265_7175_6573
        case partnerCenterCorrelation = 0x4d53_436f_7272_656c
        case graphRequest = 0x6772_6170_6852_6571
    }

    private let seed: UInt64
    private let lock = NSLock()
    private var counters: [Kind: UInt64] = [:]

    init(seed: UInt64) {
        self.seed = seed
    }

    func next(_ kind: Kind) -> String {
        let counter = lock.withLock {
            counters[kind, default: 0] += 1
            return counters[kind, default: 0]
        }
        return IdentifierGenerator.guid(seed: seed ^ kind.rawValue, counter: counter)
    }
}
