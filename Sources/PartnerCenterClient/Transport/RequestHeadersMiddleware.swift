import Foundation
import HTTPTypes

/// Adds the headers every Partner Center and Graph request carries: `MS-RequestId` (the caller's, identical on
/// every retry), `MS-CorrelationId` (one per run), `Accept: application/json`, `User-Agent: cspctl/<version>`,
/// `X-Locale`, `MS-Contract-Version: v1` (Partner Center) and `client-request-id` (Graph's equivalent of the
/// request id).
struct RequestHeadersMiddleware: ClientMiddleware {
    let userAgent: String
    let locale: String

    func intercept(
        _ request: HTTPRequest,
        body: Data?,
        context: RequestContext,
        next: @Sendable (HTTPRequest, Data?, RequestContext) async throws -> (HTTPResponse, Data)
    ) async throws -> (HTTPResponse, Data) {
        var request = request
        Self.addHeaders(to: &request, context: context, userAgent: userAgent, locale: locale)
        return try await next(request, body, context)
    }

    /// The headers themselves, shared with ``PartnerCenterClient/preview(_:)`` so a dry run shows what is sent.
    static func addHeaders(to request: inout HTTPRequest, context: RequestContext, userAgent: String, locale: String) {
        request.headerFields[.userAgent] = userAgent
        if request.headerFields[.accept] == nil { request.headerFields[.accept] = "application/json" }
        switch context.operation.service {
        case .partnerCenter:
            request.headerFields[.msRequestID] = context.requestID
            request.headerFields[.msCorrelationID] = context.correlationID
            request.headerFields[.msContractVersion] = "v1"
            request.headerFields[.xLocale] = locale
        case .graph:
            request.headerFields[.clientRequestID] = context.requestID
        case .identity:
            break
        }
    }
}
