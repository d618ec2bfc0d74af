import Foundation
import HTTPTypes
import Hummingbird

/// Checks the `Authorization: Bearer` token against the tokens the token endpoint issued: it must exist, be
/// unexpired on the emulator clock and be for this surface's audience. Answers 401 in the surface's shape, and
/// the service's 403 when an App+User-only operation (partner-center/INDEX.md Auth column) gets an app-only token.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext
    let store: EmulatorStore

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        let graph = EmulatorSurface(path: request.uri.path) == .graph
        guard let header = request.headers[.authorization], let token = Self.bearerToken(header) else {
            throw graph
                ? GraphError.unauthenticated("Access token is empty.")
                : PartnerCenterError.tokenMissing
        }
        let (record, now) = await store.read { state in
            (state.accessTokens[token], EmulatorStore.now(configuration: store.configuration, state: state))
        }
        guard let record else {
            throw graph ? GraphError.unauthenticated("Invalid JWT token.") : PartnerCenterError.accessDenied
        }
        guard record.expiresOn > now else {
            throw graph
                ? GraphError.unauthenticated("Lifetime validation failed, the token is expired.")
                : PartnerCenterError.accessDenied
        }
        guard record.audience == (graph ? .graph : .partnerCenter) else {
            throw graph
                ? GraphError.unauthenticated("Invalid audience.")
                : PartnerCenterError.accessDenied
        }
        if !record.appUser && AppUserRoutes.requiresAppUser(method: request.method, route: context.routePattern) {
            throw graph
                ? GraphError.forbidden("This operation requires a delegated (App+User) token.")
                : PartnerCenterError.appUserRequired
        }
        var context = context
        context.principal = record
        return try await next(request, context)
    }
}

extension AuthenticationMiddleware {
    /// The token of `Bearer <token>` (scheme in any case, blanks around the token ignored); nil if there is none.
    /// Plain byte checks: `lowercased()` and `trimmingCharacters(in:)` cost more than the rest of authentication.
    static func bearerToken(_ header: String) -> String? {
        let bytes = Array(header.utf8)
        let scheme = Array("bearer ".utf8)
        guard bytes.count > scheme.count else { return nil }
        for (byte, expected) in zip(bytes, scheme) where byte | 0x20 != expected {
            return nil
        }
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var start = scheme.count
        var end = bytes.count
        while start < end, isBlank(bytes[start]) { start += 1 }
        while end > start, isBlank(bytes[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// The operations partner-center/INDEX.md marks "App+User" only.
enum AppUserRoutes {
    static func requiresAppUser(method: HTTPRequest.Method, route: String) -> Bool {
        routes.contains(method.rawValue + " " + route)
    }

    private static let routes: Set<String> = [
        "PATCH /v1/customers/{customerId}",
        "GET /v1/customers/relationshiprequests",
        "GET /v1/customers/{customerId}/profiles/company",
        "POST /v1/customers/{customerId}/qualifications",
        "GET /v1/agreements",
        "POST /v1/customers/{customerId}/agreements",
        "GET /v1/customers/{customerId}/agreements",
        "GET /v1/customers/{customerId}/directSignedMicrosoftCustomerAgreementStatus",
        "GET /v1/customers/{customerId}/subscriptions/{subscriptionId}/provisioningstatus",
        "GET /v1/customers/{customerId}/entitlements",
        // get-partner-by-mpn-id.md: "This scenario supports authentication with App+User credentials only."
        "GET /v1/profiles/mpn",
    ]
}
