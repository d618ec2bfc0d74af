import HTTPTypes
import Hummingbird

/// Echoes `MS-RequestId` and `MS-CorrelationId` (generating them when absent, as the service does) and adds the
/// `MS-CV` / `MS-ServerId` headers seen in the documented responses. Graph echoes `client-request-id` and
/// answers a `request-id`.
struct RequestHeadersMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        var response = try await responseConvertingErrors(request, context, next)
        switch EmulatorSurface(path: request.uri.path) {
        case .partnerCenter:
            response.headers[.msRequestId] = request.headers[.msRequestId] ?? "00000000-0000-0000-0000-000000000000"
            response.headers[.msCorrelationId] =
                request.headers[.msCorrelationId] ?? "00000000-0000-0000-0000-000000000000"
            response.headers[.msCV] = "emulator.0"
            response.headers[.msServerId] = "emulator"
        case .graph:
            if let clientRequestId = request.headers[.clientRequestId] {
                response.headers[.clientRequestId] = clientRequestId
            }
            response.headers[.requestId] = request.headers[.clientRequestId] ?? "00000000-0000-0000-0000-000000000000"
        case .token, .control:
            break
        }
        return response
    }
}
