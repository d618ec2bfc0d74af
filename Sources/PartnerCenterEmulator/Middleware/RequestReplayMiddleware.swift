import Foundation
import HTTPTypes
import Hummingbird

/// `MS-RequestId` idempotency: a Partner Center write (POST, PUT or PATCH) repeated with the same request id, by
/// the same partner, with the same method on the same path, gets the first response (status and body) again
/// instead of acting twice (create-a-customer.md "This API is idempotent"; headers.md: "If there's a timeout, the
/// retry call should include the same value"; rest-conventions.md "Idempotency semantics for an emulator").
/// Responses of 5xx are not kept, so a retry after a server failure is served afresh. The replay window is not
/// documented; the newest 10,000 are kept.
///
/// A repeat that arrives while the first is still being handled (two runs racing with one derived request id, or
/// a client's retry after a timeout while the first attempt is still in flight) is not run a second time: it gets
/// 409 / 800060 "Your order is in progress", the catalogue's answer for a duplicate submitted while the first is
/// processing (error-codes.md). The service does not document what it does for other writes; the same answer is
/// the safe reading, since running the write twice is what idempotency forbids.
struct RequestReplayMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext
    let store: EmulatorStore
    private let inFlight = InFlightKeys()

    init(store: EmulatorStore) { self.store = store }

    static let replayedMethods: Set<HTTPRequest.Method> = [.post, .put, .patch]

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        guard Self.replayedMethods.contains(request.method), let requestId = request.headers[.msRequestId],
            !requestId.isEmpty
        else {
            return try await next(request, context)
        }
        let key = [context.partnerTenant, requestId.lowercased(), request.method.rawValue, request.uri.path]
            .joined(separator: "|")
        if let kept = await store.read({ $0.replay[key] }) { return Self.replayed(kept) }
        guard inFlight.begin(key) else {
            throw PartnerCenterError(
                status: .conflict,
                code: 800060,
                description:
                    "Your order is in progress. Check your order history for recent orders in few minutes"
            )
        }
        defer { inFlight.end(key) }
        // Kept between the look above and `begin`: a first request that finished in between is replayed.
        if let kept = await store.read({ $0.replay[key] }) { return Self.replayed(kept) }
        var response = try await responseConvertingErrors(request, context, next)
        guard response.status.code < 500 else { return response }
        let body = try await ResponseBodyCollector.collect(response.body)
        response.body = .init(byteBuffer: body)
        var headers: [String: String] = [:]
        for field in response.headers { headers[field.name.rawName] = field.value }
        let entry = ReplayedResponse(
            status: Int(response.status.code),
            headers: headers,
            body: Data(body.readableBytesView)
        )
        try await store.mutate { state in
            if state.replay.updateValue(entry, forKey: key) == nil { state.replayOrder.append(key) }
            if state.replayOrder.count > EmulatorState.replayCapacity {
                let overflow = state.replayOrder.count - EmulatorState.replayCapacity
                for old in state.replayOrder.prefix(overflow) { state.replay[old] = nil }
                state.replayOrder.removeFirst(overflow)
            }
        }
        return response
    }
}

extension RequestReplayMiddleware {
    static func replayed(_ kept: ReplayedResponse) -> Response {
        var headers = HTTPFields()
        for (name, value) in kept.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(
            status: .init(code: kept.status),
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: kept.body))
        )
    }
}

/// The replay keys whose first request is being handled now.
private final class InFlightKeys: @unchecked Sendable {
    private let lock = NSLock()
    private var keys: Set<String> = []

    /// False when `key` is already in flight.
    func begin(_ key: String) -> Bool { lock.withLock { keys.insert(key).inserted } }
    func end(_ key: String) { _ = lock.withLock { keys.remove(key) } }
}
