import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// The Microsoft Entra ID token endpoint: `POST /login/{tenant}/oauth2/v2.0/token` (v2, `scope`) and
/// `POST /login/{tenant}/oauth2/token` (v1, `resource`), with the client-credentials grant (client secret, or a
/// client assertion signed with a registered certificate or issued by a federated identity provider) and the refresh-token grant of the Secure Application Model (App+User tokens and a
/// rotated refresh token), and the device authorization grant (`DeviceCodeBook`: `/devicecode` and the
/// `urn:ietf:params:oauth:grant-type:device_code` grant).
struct TokenController {
    let store: EmulatorStore
    let deviceCodes: DeviceCodeBook

    static let deviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code"

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.post("{tenant}/oauth2/v2.0/devicecode") { request, context in
            try await deviceAuthorization(request, context: context)
        }
        group.post("{tenant}/oauth2/v2.0/token") { request, context in
            try await token(request, context: context, version2: true)
        }
        group.post("{tenant}/oauth2/token") { request, context in
            try await token(request, context: context, version2: false)
        }
    }

    /// Resources (application id URIs) and the audience their tokens get.
    static let resources: [String: TokenAudience] = [
        "https://api.partnercenter.microsoft.com": .partnerCenter,
        "https://partner.partnercenterapi.microsoftonline.cn": .partnerCenter,
        // Partner Center also accepts app-only tokens issued for Azure AD Graph (rest-conventions.md).
        "https://graph.windows.net": .partnerCenter,
        "https://graph.microsoft.com": .graph,
        "https://microsoftgraph.chinacloudapi.cn": .graph,
        "https://graph.microsoft.us": .graph,
        "https://dod-graph.microsoft.us": .graph,
    ]

    typealias Fail = @Sendable (HTTPResponse.Status, String, Int, String) -> TokenError

    /// Token-endpoint errors stamped with `now`.
    static func failure(at now: Date) -> Fail {
        { status, error, code, message in
            TokenError(status: status, error: error, aadsts: code, message: message, timestamp: now)
        }
    }

    /// The user a refresh-token grant acts for, and the refresh token that replaces the presented one.
    struct UserGrant {
        var userPrincipalName: String
        /// nil when the grant issues none (a device code whose scope lacked `offline_access`).
        var newRefreshToken: String?
    }

    private func token(_ request: Request, context: EmulatorRequestContext, version2: Bool) async throws -> Response {
        var request = request
        let tenant = (context.parameters.get("tenant") ?? "").lowercased()
        var form = FormBody.parse(try await request.collectBody(upTo: 1 << 20))
        let now = await store.now
        let fail = Self.failure(at: now)
        let (grant, clientId) = try Self.grantAndClient(form, fail: fail)
        let application = try await application(clientId, tenant: tenant, fail: fail)
        var deviceUser: UserGrant?
        if grant == Self.deviceCodeGrant, version2 {
            deviceUser = try await deviceCodeUser(&form, application: application, clientId: clientId, now: now)
        } else {
            try await authenticate(application, clientId: clientId, form: form, now: now, fail: fail)
        }
        let (resource, scopeText) = try resolveResource(form: form, grant: grant, version2: version2, fail: fail)
        guard let audience = Self.resources[resource] else {
            throw fail(
                .badRequest,
                "invalid_scope",
                500011,
                "The resource principal named \(resource) was not found in the tenant named \(tenant)."
            )
        }
        let user =
            grant == "refresh_token" ? try await userGrant(form, clientId: clientId, now: now, fail: fail) : deviceUser
        let accessToken = try await issue(application, clientId: clientId, audience: audience, user: user, now: now)
        let seconds = Int(store.configuration.tokenLifetime)
        if version2 {
            return try EmulatorJSON.response(
                status: .ok,
                TokenResponseV2(
                    token_type: "Bearer",
                    scope: user != nil ? scopeText : nil,
                    expires_in: seconds,
                    ext_expires_in: seconds,
                    access_token: accessToken,
                    refresh_token: user?.newRefreshToken
                ),
                headers: [.cacheControl: "no-store, no-cache"]
            )
        }
        let epoch = Int(now.timeIntervalSince1970)
        return try EmulatorJSON.response(
            status: .ok,
            TokenResponseV1(
                token_type: "Bearer",
                scope: user != nil ? "user_impersonation" : nil,
                expires_in: String(seconds),
                ext_expires_in: String(seconds),
                expires_on: String(epoch + seconds),
                not_before: String(epoch),
                resource: resource,
                access_token: accessToken,
                refresh_token: user?.newRefreshToken
            ),
            headers: [.cacheControl: "no-store, no-cache"]
        )
    }

    /// The grant type (client credentials or refresh token) and the client id, both required.
    private static func grantAndClient(_ form: [String: String], fail: Fail) throws -> (String, String) {
        guard let grant = form["grant_type"] else {
            throw fail(
                .badRequest,
                "invalid_request",
                900144,
                "The request body must contain the following parameter: 'grant_type'."
            )
        }
        guard grant == "client_credentials" || grant == "refresh_token" || grant == deviceCodeGrant else {
            throw fail(
                .badRequest,
                "unsupported_grant_type",
                70003,
                "The app requested an unsupported grant type '\(grant)'."
            )
        }
        guard let clientId = form["client_id"]?.lowercased() else {
            throw fail(
                .badRequest,
                "invalid_request",
                900144,
                "The request body must contain the following parameter: 'client_id'."
            )
        }
        return (grant, clientId)
    }

    /// The application registered as `clientId` in `tenant` (the tenant must exist).
    func application(_ clientId: String, tenant: String, fail: Fail) async throws -> ApplicationRecord {
        let (application, knownTenant) = await store.read { state in
            (
                Self.application(clientId, in: state, configuration: store.configuration),
                Self.isKnownTenant(tenant, state: state, configuration: store.configuration)
            )
        }
        guard knownTenant else {
            throw fail(
                .badRequest,
                "invalid_request",
                90002,
                "Tenant '\(tenant)' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."
            )
        }
        guard let application, application.tenantId.lowercased() == tenant else {
            throw fail(
                .badRequest,
                "unauthorized_client",
                700016,
                "Application with identifier '\(clientId)' was not found in the directory '\(tenant)'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant."
            )
        }
        return application
    }

    /// Client authentication: a secret or a signed assertion.
    func authenticate(
        _ application: ApplicationRecord,
        clientId: String,
        form: [String: String],
        now: Date,
        fail: Fail
    ) async throws {
        if let secret = form["client_secret"] {
            guard application.secrets.contains(secret) else {
                throw fail(
                    .unauthorized,
                    "invalid_client",
                    7000215,
                    "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '\(clientId)'."
                )
            }
            return
        }
        guard let assertion = form["client_assertion"] else {
            throw fail(
                .unauthorized,
                "invalid_client",
                7000218,
                "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."
            )
        }
        guard form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" else {
            throw fail(
                .badRequest,
                "invalid_request",
                50027,
                "Invalid client_assertion_type; expected 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'."
            )
        }
        let issuers = try await store.trustedIssuers()
        do {
            try ClientAssertionVerifier.verify(
                assertion,
                application: application,
                tenant: application.tenantId,
                issuers: issuers,
                now: now
            )
        } catch {
            // Entra answers a refused assertion (certificate or federated) with `invalid_client`; the federated
            // AADSTS700211 is seen in the field that way, and 401 is most likely for all (as for a wrong secret).
            throw fail(.unauthorized, "invalid_client", error.aadsts, error.message)
        }
    }

    /// The refresh-token grant: the presented token must be known, the client's, and not expired.
    private func userGrant(
        _ form: [String: String],
        clientId: String,
        now: Date,
        fail: Fail
    ) async throws -> UserGrant {
        guard let presented = form["refresh_token"] else {
            throw fail(
                .badRequest,
                "invalid_request",
                900144,
                "The request body must contain the following parameter: 'refresh_token'."
            )
        }
        let known = await store.read { state in
            Self.refreshToken(presented, in: state, configuration: store.configuration)
        }
        guard let known, known.clientId.lowercased() == clientId else {
            throw fail(.badRequest, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.")
        }
        guard known.expiresOn > now else {
            throw fail(.badRequest, "invalid_grant", 700082, "The refresh token has expired due to inactivity.")
        }
        return UserGrant(
            userPrincipalName: known.userPrincipalName,
            newRefreshToken: Self.randomToken(prefix: "emu.rt.")
        )
    }

    /// Records a new access token (dropping expired ones) and the rotated refresh token; returns the access token.
    private func issue(
        _ application: ApplicationRecord,
        clientId: String,
        audience: TokenAudience,
        user: UserGrant?,
        now: Date
    ) async throws -> String {
        let accessToken = Self.randomToken(prefix: "emu.at.")
        let record = AccessTokenRecord(
            tenantId: application.tenantId,
            clientId: clientId,
            audience: audience,
            appUser: user != nil,
            userPrincipalName: user?.userPrincipalName,
            expiresOn: now.addingTimeInterval(store.configuration.tokenLifetime)
        )
        try await store.mutate { state in
            state.accessTokens = state.accessTokens.filter { $0.value.expiresOn > now }
            state.accessTokens[accessToken] = record
            if let user, let newRefreshToken = user.newRefreshToken {
                state.refreshTokens[newRefreshToken] = RefreshTokenRecord(
                    tenantId: application.tenantId,
                    clientId: clientId,
                    userPrincipalName: user.userPrincipalName,
                    expiresOn: now.addingTimeInterval(90 * 24 * 3600)
                )
            }
        }
        return accessToken
    }

    /// The resource a request asks for: v2 from `scope` (`{resource}/.default`, or delegated scopes such as
    /// `{resource}/user_impersonation` on the refresh-token grant), v1 from `resource`.
    func resolveResource(
        form: [String: String],
        grant: String,
        version2: Bool,
        fail: Fail
    ) throws -> (String, String) {
        guard version2 else {
            guard let resource = form["resource"] else {
                throw fail(
                    .badRequest,
                    "invalid_request",
                    900144,
                    "The request body must contain the following parameter: 'resource'."
                )
            }
            return (resource.lowercased().trimmingSuffix("/"), resource)
        }
        guard let scope = form["scope"], !scope.isEmpty else {
            throw fail(
                .badRequest,
                "invalid_request",
                900144,
                "The request body must contain the following parameter: 'scope'."
            )
        }
        let resourceScopes = scope.split(separator: " ").map(String.init).filter { $0.contains("/") }
        guard resourceScopes.count == 1, let only = resourceScopes.first, let slash = only.lastIndex(of: "/") else {
            throw fail(
                .badRequest,
                "invalid_scope",
                1002012,
                "The provided value for scope \(scope) is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."
            )
        }
        let suffix = only[only.index(after: slash)...]
        if grant == "client_credentials" && suffix != ".default" {
            throw fail(
                .badRequest,
                "invalid_scope",
                1002012,
                "The provided value for scope \(scope) is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."
            )
        }
        return (String(only[..<slash]).lowercased(), scope)
    }

    static func application(
        _ clientId: String,
        in state: EmulatorState,
        configuration: EmulatorConfiguration
    )
        -> ApplicationRecord?
    {
        if let registered = state.applications[clientId] { return registered }
        guard configuration.developmentPartnerEnabled, clientId == DevelopmentPartner.clientId else { return nil }
        return ApplicationRecord(
            clientId: DevelopmentPartner.clientId,
            tenantId: DevelopmentPartner.tenantId,
            secrets: [DevelopmentPartner.clientSecret]
        )
    }

    static func refreshToken(
        _ token: String,
        in state: EmulatorState,
        configuration: EmulatorConfiguration
    )
        -> RefreshTokenRecord?
    {
        if let issued = state.refreshTokens[token] { return issued }
        guard configuration.developmentPartnerEnabled, token == DevelopmentPartner.refreshToken else { return nil }
        return RefreshTokenRecord(
            tenantId: DevelopmentPartner.tenantId,
            clientId: DevelopmentPartner.clientId,
            userPrincipalName: DevelopmentPartner.userPrincipalName,
            expiresOn: .distantFuture
        )
    }

    private static func isKnownTenant(
        _ tenant: String,
        state: EmulatorState,
        configuration: EmulatorConfiguration
    )
        -> Bool
    {
        if configuration.developmentPartnerEnabled && tenant == DevelopmentPartner.tenantId { return true }
        if tenant == state.partner.tenantId.lowercased() { return true }
        return state.applications.values.contains { $0.tenantId.lowercased() == tenant }
    }

    static func randomToken(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return prefix + Base64URL.encode(bytes)
    }
}

private struct TokenResponseV2: Encodable {
    var token_type: String
    var scope: String?
    var expires_in: Int
    var ext_expires_in: Int
    var access_token: String
    var refresh_token: String?
}

private struct TokenResponseV1: Encodable {
    var token_type: String
    var scope: String?
    var expires_in: String
    var ext_expires_in: String
    var expires_on: String
    var not_before: String
    var resource: String
    var access_token: String
    var refresh_token: String?
}

/// `application/x-www-form-urlencoded` bodies.
enum FormBody {
    static func parse(_ buffer: ByteBuffer) -> [String: String] {
        let text = String(buffer: buffer)
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts.first.map({ decode(String($0)) }), !name.isEmpty else { continue }
            fields[name] = parts.count > 1 ? decode(String(parts[1])) : ""
        }
        return fields
    }

    private static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
