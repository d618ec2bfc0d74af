import Foundation
import HTTPTypes

/// Adds `Authorization: Bearer` with the token the operation needs: App+User for the operations Partner Center
/// serves only to App+User tokens, app-only for the rest. Refuses to attach it to anything but https or loopback
/// http. On a 401 it renews the token once and repeats the attempt (the service may expire a token before the
/// client's clock says so, as when the emulator's clock is advanced).
struct AuthorizationMiddleware: ClientMiddleware {
    let tokens: TokenProvider
    let credentials: CredentialConfiguration

    func intercept(
        _ request: HTTPRequest,
        body: Data?,
        context: RequestContext,
        next: @Sendable (HTTPRequest, Data?, RequestContext) async throws -> (HTTPResponse, Data)
    ) async throws -> (HTTPResponse, Data) {
        let operation = context.operation
        guard operation.service != .identity else { return try await next(request, body, context) }
        guard let url = request.url, EndpointSecurity.allowsCredentials(url) else {
            throw PartnerCenterError.insecureEndpoint(
                request.url?.absoluteString ?? "(no URL)",
                operation: operation.name
            )
        }
        if operation.requiresAppPlusUser && !credentials.supportsAppPlusUser {
            throw PartnerCenterError.appPlusUserRequired(operation: operation.name)
        }
        let kind = TokenKind(
            audience: operation.service == .graph ? .graph : .partnerCenter,
            appPlusUser: operation.requiresAppPlusUser || credentials.app == nil
        )
        var authorized = request
        authorized.headerFields[.authorization] = "Bearer \(try await tokens.token(for: kind).revealed)"
        let (response, data) = try await next(authorized, body, context)
        guard response.status.code == 401, credentials.staticToken == nil else { return (response, data) }
        await tokens.invalidate(kind)
        authorized.headerFields[.authorization] = "Bearer \(try await tokens.token(for: kind).revealed)"
        return try await next(authorized, body, context)
    }
}
