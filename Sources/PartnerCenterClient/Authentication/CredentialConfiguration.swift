package import Foundation

/// How the client obtains tokens, resolved from the Azure SDKs' environment variables (see
/// ``fromEnvironment(_:)``).
package struct CredentialConfiguration: Sendable {
    /// App-only tokens (client credentials), used for every operation that does not need App+User.
    package var app: AppCredential?
    /// App+User tokens (Secure Application Model refresh token), used for the operations that need them.
    package var appPlusUser: AppPlusUserCredential?
    /// A ready bearer token (`CSPCTL_ACCESS_TOKEN`) used for every request, as given.
    package var staticToken: Secret?

    package init(app: AppCredential? = nil, appPlusUser: AppPlusUserCredential? = nil, staticToken: Secret? = nil) {
        self.app = app
        self.appPlusUser = appPlusUser
        self.staticToken = staticToken
    }

    /// Whether operations that need App+User can be performed. A static token is trusted to be whatever the user
    /// says it is; the service refuses it if not.
    package var supportsAppPlusUser: Bool { appPlusUser != nil || staticToken != nil }

    /// A short description of what is configured, with no secret in it (for messages).
    package var summary: String {
        if staticToken != nil { return "a ready access token (CSPCTL_ACCESS_TOKEN)" }
        var parts: [String] = []
        if let app { parts.append("app-only: \(app.authentication.kindDescription) for client \(app.clientID)") }
        if appPlusUser != nil { parts.append("App+User: refresh token (CSPCTL_REFRESH_TOKEN or `cspctl login`)") }
        return parts.isEmpty ? "no credentials" : parts.joined(separator: "; ")
    }
}

/// An application (service principal) in the partner's tenant.
package struct AppCredential: Sendable {
    package var tenantID: String
    package var clientID: String
    package var authentication: ClientAuthentication

    package init(tenantID: String, clientID: String, authentication: ClientAuthentication) {
        self.tenantID = tenantID
        self.clientID = clientID
        self.authentication = authentication
    }
}

/// A Secure Application Model refresh token, exchanged with the application's own credentials.
package struct AppPlusUserCredential: Sendable {
    package var tenantID: String
    package var clientID: String
    package var refreshToken: Secret
    package var authentication: ClientAuthentication
    /// Called with the refresh token Entra returns in place of the one presented (it rotates them): the token
    /// `cspctl login` stored is replaced by it, so a stored sign-in lasts as long as it is used.
    package var onRotation: (@Sendable (Secret) -> Void)?

    package init(
        tenantID: String,
        clientID: String,
        refreshToken: Secret,
        authentication: ClientAuthentication,
        onRotation: (@Sendable (Secret) -> Void)? = nil
    ) {
        self.tenantID = tenantID
        self.clientID = clientID
        self.refreshToken = refreshToken
        self.authentication = authentication
        self.onRotation = onRotation
    }
}

/// How the application proves who it is at the token endpoint.
package enum ClientAuthentication: Sendable {
    /// `AZURE_CLIENT_SECRET`.
    case secret(Secret)
    /// `AZURE_CLIENT_CERTIFICATE_PATH`: a PEM with the private key and the certificate; the client signs an RS256
    /// client assertion with it.
    case certificate(ClientCertificate)
    /// `AZURE_FEDERATED_TOKEN_FILE`: workload identity; the file (re-read for every token, as it rotates) holds
    /// a JWT sent as the client assertion.
    case federatedTokenFile(path: String)
    /// GitHub Actions OIDC: a JWT for audience `api://AzureADTokenExchange` requested from
    /// `ACTIONS_ID_TOKEN_REQUEST_URL` with `ACTIONS_ID_TOKEN_REQUEST_TOKEN`, sent as the client assertion.
    case gitHubActions(requestURL: URL, requestToken: Secret)

    package var kindDescription: String {
        switch self {
        case .secret: "client secret"
        case .certificate: "client certificate"
        case .federatedTokenFile: "federated token file"
        case .gitHubActions: "GitHub Actions OIDC"
        }
    }
}

extension CredentialConfiguration {
    /// Resolves credentials from environment variables (the Azure SDKs' names, so existing CI secrets work):
    ///
    /// - `CSPCTL_ACCESS_TOKEN`: a ready bearer token for every request (wins over everything else).
    /// - `AZURE_TENANT_ID` + `AZURE_CLIENT_ID` and one of, in this order: `AZURE_CLIENT_SECRET`,
    ///   `AZURE_CLIENT_CERTIFICATE_PATH`, `AZURE_FEDERATED_TOKEN_FILE`, or GitHub Actions OIDC
    ///   (`ACTIONS_ID_TOKEN_REQUEST_URL` + `ACTIONS_ID_TOKEN_REQUEST_TOKEN`).
    /// - `CSPCTL_REFRESH_TOKEN` adds App+User access, exchanged with the same application credential. Without it,
    ///   the refresh token `cspctl login` stored (``RefreshTokenStore``) does, when it was issued for this tenant
    ///   and application by `authority` (the token endpoint's authority of this run; nil never uses it).
    ///
    /// Throws a ``PartnerCenterError`` naming the missing or unusable variable; never one that shows a value.
    package static func fromEnvironment(
        _ environment: [String: String],
        authority: URL? = nil
    ) throws -> CredentialConfiguration {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else {
                return nil
            }
            return raw
        }
        if let token = value("CSPCTL_ACCESS_TOKEN") {
            return CredentialConfiguration(staticToken: Secret(token))
        }
        let tenant = value("AZURE_TENANT_ID")
        let client = value("AZURE_CLIENT_ID")
        let authentication: ClientAuthentication?
        if let secret = value("AZURE_CLIENT_SECRET") {
            authentication = .secret(Secret(secret))
        } else if let path = value("AZURE_CLIENT_CERTIFICATE_PATH") {
            authentication = .certificate(try ClientCertificate(pemFile: path))
        } else if let path = value("AZURE_FEDERATED_TOKEN_FILE") {
            authentication = .federatedTokenFile(path: path)
        } else if let url = value("ACTIONS_ID_TOKEN_REQUEST_URL") {
            guard let requestToken = value("ACTIONS_ID_TOKEN_REQUEST_TOKEN") else {
                throw PartnerCenterError.credentials(
                    "ACTIONS_ID_TOKEN_REQUEST_URL is set but ACTIONS_ID_TOKEN_REQUEST_TOKEN is not",
                    detail: "In GitHub Actions, give the job `permissions: id-token: write`."
                )
            }
            guard let parsed = URL(string: url), EndpointSecurity.allowsCredentials(parsed) else {
                throw PartnerCenterError.credentials(
                    "ACTIONS_ID_TOKEN_REQUEST_URL is not an https URL",
                    detail: "The request token is sent only over https (or http to a loopback address)."
                )
            }
            authentication = .gitHubActions(requestURL: parsed, requestToken: Secret(requestToken))
        } else {
            authentication = nil
        }
        let refreshToken = value("CSPCTL_REFRESH_TOKEN")
        guard authentication != nil || refreshToken != nil || tenant != nil || client != nil else {
            throw PartnerCenterError.credentials(
                "no Partner Center credentials are configured",
                detail: """
                    Set AZURE_TENANT_ID and AZURE_CLIENT_ID with one of AZURE_CLIENT_SECRET, \
                    AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE (or run in GitHub Actions with \
                    id-token: write), or set CSPCTL_ACCESS_TOKEN. See docs/client.md.
                    """
            )
        }
        guard let tenant else {
            throw PartnerCenterError.credentials(
                "AZURE_TENANT_ID is not set",
                detail: "It is the partner's Microsoft Entra tenant id (a GUID), needed to request tokens."
            )
        }
        guard let client else {
            throw PartnerCenterError.credentials(
                "AZURE_CLIENT_ID is not set",
                detail: "It is the application (client) id of the partner's Partner Center application."
            )
        }
        guard let authentication else {
            throw PartnerCenterError.credentials(
                "AZURE_CLIENT_ID is set but no way to authenticate the application is",
                detail: """
                    Set one of AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE \
                    (the refresh token in CSPCTL_REFRESH_TOKEN is exchanged with the application's own credential).
                    """
            )
        }
        var configuration = CredentialConfiguration(
            app: AppCredential(tenantID: tenant, clientID: client, authentication: authentication)
        )
        if let refreshToken {
            configuration.appPlusUser = AppPlusUserCredential(
                tenantID: tenant,
                clientID: client,
                refreshToken: Secret(refreshToken),
                authentication: authentication
            )
        } else if let stored = try storedRefreshToken(environment, tenant: tenant, client: client, authority: authority)
        {
            configuration.appPlusUser = AppPlusUserCredential(
                tenantID: tenant,
                clientID: client,
                refreshToken: Secret(stored.refreshToken),
                authentication: authentication,
                onRotation: { rotated in
                    var replacement = stored
                    replacement.refreshToken = rotated.revealed
                    // Best effort: the token in use stays valid; only a later run would need the new one.
                    _ = try? RefreshTokenStore.save(replacement, environment: environment)
                }
            )
        }
        return configuration
    }

    /// The stored refresh token when it belongs to `tenant`, `client` and `authority`.
    private static func storedRefreshToken(
        _ environment: [String: String],
        tenant: String,
        client: String,
        authority: URL?
    ) throws -> StoredRefreshToken? {
        guard let authority, let stored = try RefreshTokenStore.load(environment) else { return nil }
        let trimmed = { (text: String) in text.hasSuffix("/") ? String(text.dropLast()) : text }
        guard stored.tenantId.lowercased() == tenant.lowercased(), stored.clientId.lowercased() == client.lowercased(),
            trimmed(stored.authority) == trimmed(authority.absoluteString)
        else { return nil }
        return stored
    }
}
