import Foundation
import HTTPTypes
import Hummingbird

/// `MS-RequestId` idempotency: a Partner Center create (POST) repeated with the same request id, by the same
/// partner, on the same path, gets the first response (status and body) again instead of creating twice
/// (create-a-customer.md "This API is idempotent"; headers.md). Responses of 5xx are not kept, so a retry after
/// a server failure is served afresh. The replay window is not documented; the newest 10,000 are kept.
struct RequestReplayMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext
    let store: EmulatorStore

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        guard request.method == .post, let requestId = request.headers[.msRequestId], !requestId.isEmpty else {
            return try await next(request, context)
        }
        let key = [context.partnerTenant, requestId.lowercased(), request.method.rawValue, request.uri.path]
            .joined(separator: "|")
        if let kept = await store.read({ $0.replay[key] }) {
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
