import Foundation
import HTTPTypes
import PartnerCenterModel
import PartnerCenterWire

/// Which token a request needs.
package struct TokenKind: Hashable, Sendable, CustomStringConvertible {
    package enum Audience: String, Sendable { case partnerCenter, graph }
    package var audience: Audience
    package var appPlusUser: Bool

    package var description: String { "\(audience.rawValue) \(appPlusUser ? "App+User" : "app-only")" }
}

/// Obtains tokens from the Microsoft Entra token endpoint and caches them per audience and kind for their
/// lifetime, renewing them before they expire (at the later of half the lifetime and five minutes before the
/// end, on the injected clock). Concurrent callers wanting the same token share one request.
package actor TokenProvider {
    typealias Send = @Sendable (HTTPRequest, Data?, RequestContext) async throws -> (HTTPResponse, Data)

    private struct Cached {
        let token: Secret
        let renewAt: Duration
    }

    private let credentials: CredentialConfiguration
    private let endpoints: ServiceEndpoints
    private let send: Send
    private let elapsed: @Sendable () -> Duration
    private let wallClock: @Sendable () -> Date
    private var cache: [TokenKind: Cached] = [:]
    private var inFlight: [TokenKind: Task<Secret, any Error>] = [:]
    private var currentRefreshToken: Secret?
    private(set) var tokenRequests = 0

    init(
        credentials: CredentialConfiguration,
        endpoints: ServiceEndpoints,
        clock: any Clock<Duration>,
        wallClock: @escaping @Sendable () -> Date,
        send: @escaping Send
    ) {
        self.credentials = credentials
        self.endpoints = endpoints
        self.send = send
        self.elapsed = ClockReading.elapsedFunction(clock)
        self.wallClock = wallClock
        self.currentRefreshToken = credentials.appPlusUser?.refreshToken
    }

    /// A token for `kind`, from the cache when still fresh.
    func token(for kind: TokenKind) async throws -> Secret {
        if let fixed = credentials.staticToken { return fixed }
        if let cached = cache[kind], elapsed() < cached.renewAt { return cached.token }
        if let pending = inFlight[kind] { return try await pending.value }
        let task = Task { try await self.acquire(kind) }
        inFlight[kind] = task
        defer { inFlight[kind] = nil }
        return try await task.value
    }

    /// Forgets the cached token for `kind` (the service answered 401: it expired or was revoked early).
    func invalidate(_ kind: TokenKind) {
        cache[kind] = nil
    }

    private func acquire(_ kind: TokenKind) async throws -> Secret {
        let scope = kind.audience == .partnerCenter ? endpoints.partnerCenterScope : endpoints.graphScope
        var form: [(String, String)]
        let tenant: String
        let clientID: String
        let authentication: ClientAuthentication
        if kind.appPlusUser {
            guard let user = credentials.appPlusUser, let refreshToken = currentRefreshToken else {
                throw PartnerCenterError.appPlusUserRequired(operation: "acquireToken")
            }
            (tenant, clientID, authentication) = (user.tenantID, user.clientID, user.authentication)
            form = [
                ("grant_type", "refresh_token"), ("client_id", clientID), ("refresh_token", refreshToken.revealed),
                ("scope", scope),
            ]
        } else {
            guard let app = credentials.app else {
                throw PartnerCenterError.credentials("no application credential is configured for app-only tokens")
            }
            (tenant, clientID, authentication) = (app.tenantID, app.clientID, app.authentication)
            form = [("grant_type", "client_credentials"), ("client_id", clientID), ("scope", scope)]
        }
        let endpoint = endpoints.tokenEndpoint(tenant: tenant)
        guard EndpointSecurity.allowsCredentials(endpoint) else {
            throw PartnerCenterError.insecureEndpoint(endpoint.absoluteString, operation: "acquireToken")
        }
        form += try await clientAuthenticationFields(authentication, clientID: clientID, audience: endpoint)
        let body = Data(FormEncoding.encode(form).utf8)
        var request = HTTPRequest(method: .post, url: endpoint)
        request.headerFields[.contentType] = "application/x-www-form-urlencoded"
        request.headerFields[.accept] = "application/json"
        tokenRequests += 1
        let started = elapsed()
        let (response, data) = try await sendIdentityRequest(request, body: body, url: endpoint)
        guard response.status.code == 200 else {
            throw Self.refusal(
                response,
                data,
                endpoint: endpoint,
                credential: "\(authentication.kindDescription)" + (kind.appPlusUser ? " and refresh token" : ""),
                credentialKind: kind.appPlusUser
                    ? "refresh token (CSPCTL_REFRESH_TOKEN)" : authentication.kindDescription
            )
        }
        let token: TokenResponse
        do {
            token = try WireJSON.decode(TokenResponse.self, from: data)
        } catch {
            throw PartnerCenterError.tokenRequestFailed(
                "the token endpoint's answer has no access token",
                credentialKind: authentication.kindDescription,
                status: 200,
                serviceCode: nil,
                serviceMessage: nil,
                url: endpoint.absoluteString
            )
        }
        if kind.appPlusUser, let rotated = token.refreshToken, rotated != currentRefreshToken?.revealed {
            currentRefreshToken = Secret(rotated)
            credentials.appPlusUser?.onRotation?(Secret(rotated))
        }
        let lifetime = Duration.seconds(max(0, token.expiresIn ?? 3600))
        let renewAfter = max(lifetime / 2, lifetime - .seconds(300))
        let secret = Secret(token.accessToken)
        cache[kind] = Cached(token: secret, renewAt: started + renewAfter)
        return secret
    }

    /// The error for a token request answered with anything but 200. Only an OAuth error (`{"error": ...}` with a
    /// 4xx) blames the credentials; a 404, a server failure or a page that is not a token service's JSON says what
    /// answered and what to check instead (usually `--endpoint`).
    static func refusal(
        _ response: HTTPResponse,
        _ data: Data,
        endpoint: URL,
        credential: String,
        credentialKind: String
    ) -> PartnerCenterError {
        let status = response.status.code
        let json = try? WireJSON.parse(data)
        let oauth = json.flatMap { try? WireJSON.decode(TokenErrorBody.self, from: $0) }
        let url = endpoint.absoluteString
        if let oauth, let code = oauth.error, !code.isEmpty, (400..<500).contains(status) {
            return .tokenRequestFailed(
                "the token endpoint refused the \(credential)",
                credentialKind: credentialKind,
                status: status,
                serviceCode: code,
                serviceMessage: oauth.errorDescription,
                url: url
            )
        }
        let server = EndpointDescription.hostAndPort(endpoint)
        let body = EndpointDescription.body(data, json: json, contentType: response.headerFields[.contentType])
        // A Partner Center-style error body (the emulator's, or a gateway's) says what failed; keep its words.
        let message = json.flatMap { try? WireJSON.decode(PartnerCenterErrorBody.self, from: $0) }
            .flatMap { $0.description ?? $0.message }
        let checkEndpoint = EndpointDescription.endpointAdvice(endpoint)
        let summary: String
        let detail: String
        let isPage = body == "an HTML page"
        switch status {
        case _ where isPage && status != 404:
            summary = "\(server) answered the token request with HTTP \(status) and \(body), not a token service's JSON"
            detail = checkEndpoint
        case 404:
            summary = "there is no token endpoint at \(url): \(server) answered 404 Not Found (\(body))"
            detail = checkEndpoint
        case 500...599:
            summary =
                "the token endpoint at \(server) failed with HTTP \(status) (\(body)); the credentials were not checked"
            detail =
                "The server failed, not the credentials: run again later. With `cspctl emulator`, read its output "
                + "(for example, a --state file it cannot write)."
        default:
            // JSON without an OAuth `error` (a Partner Center error body, say) or no JSON at all: whatever
            // answered is not a token service, so the credentials were never looked at.
            summary =
                "\(server) answered the token request with HTTP \(status) and \(body) that is not a token service's "
                + "answer; the credentials were not checked"
            detail = checkEndpoint
        }
        return .tokenEndpointFailed(summary, detail: detail, status: status, serviceMessage: message, url: url)
    }

    private func clientAuthenticationFields(
        _ authentication: ClientAuthentication,
        clientID: String,
        audience: URL
    ) async throws -> [(String, String)] {
        let assertionType = ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        switch authentication {
        case .secret(let secret):
            return [("client_secret", secret.revealed)]
        case .certificate(let certificate):
            let assertion = try certificate.clientAssertion(
                clientID: clientID,
                audience: audience.absoluteString,
                now: wallClock()
            )
            return [assertionType, ("client_assertion", assertion)]
        case .federatedTokenFile(let path):
            guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            else {
                throw PartnerCenterError.credentials(
                    "cannot read the federated token file AZURE_FEDERATED_TOKEN_FILE=\(path)",
                    detail: "Workload identity mounts it into the pod; check the service account's federation."
                )
            }
            return [assertionType, ("client_assertion", text.trimmingCharacters(in: .whitespacesAndNewlines))]
        case .gitHubActions(let requestURL, let requestToken):
            return [assertionType, ("client_assertion", try await gitHubIDToken(requestURL, requestToken))]
        }
    }

    /// Sends a token-service request (Entra's token endpoint, GitHub's ID-token service); a transport failure
    /// becomes the client's typed error naming `url` (never a URL with a credential in it).
    private func sendIdentityRequest(_ request: HTTPRequest, body: Data?, url: URL) async throws -> (HTTPResponse, Data)
    {
        let context = RequestContext(
            operation: .acquireToken,
            requestID: UUID().uuidString.lowercased(),
            correlationID: UUID().uuidString.lowercased()
        )
        do {
            return try await send(request, body, context)
        } catch let failure as TransportFailure {
            // No token, no request: like a refused credential, this stops the run instead of making every read
            // unknown for the same reason.
            var error = PartnerCenterError.tokenEndpointUnreachable(failure, url: url)
            error.method = request.method
            error.attempts = context.progress.attempts
            throw error
        }
    }

    /// Asks GitHub Actions for an OIDC token with audience `api://AzureADTokenExchange`.
    private func gitHubIDToken(_ requestURL: URL, _ requestToken: Secret) async throws -> String {
        guard var components = URLComponents(url: requestURL, resolvingAgainstBaseURL: false) else {
            throw PartnerCenterError.credentials("ACTIONS_ID_TOKEN_REQUEST_URL is not a URL")
        }
        components.queryItems =
            (components.queryItems ?? []) + [
                URLQueryItem(name: "audience", value: "api://AzureADTokenExchange")
            ]
        guard let url = components.url, EndpointSecurity.allowsCredentials(url) else {
            throw PartnerCenterError.insecureEndpoint(requestURL.absoluteString, operation: "acquireToken")
        }
        var request = HTTPRequest(method: .get, url: url)
        request.headerFields[.authorization] = "Bearer \(requestToken.revealed)"
        request.headerFields[.accept] = "application/json"
        let (response, data) = try await sendIdentityRequest(request, body: nil, url: requestURL)
        guard response.status.code == 200, let value = try? WireJSON.parse(data)["value"]?.stringValue else {
            let refused = response.status.code == 401 || response.status.code == 403
            var error = PartnerCenterError.credentials(
                "GitHub Actions did not issue an OIDC token",
                detail: refused
                    ? "The request token (ACTIONS_ID_TOKEN_REQUEST_TOKEN) was refused: it is valid only inside its own "
                        + "job run. Give the job `permissions: id-token: write`."
                    : "Give the job `permissions: id-token: write`."
            )
            error.status = response.status.code
            error.url = requestURL.absoluteString
            throw error
        }
        return value
    }
}

/// `application/x-www-form-urlencoded`.
enum FormEncoding {
    private static let unreserved = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"
    )

    static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    /// Percent-escapes everything but RFC 3986 unreserved characters (and `keeping`, such as the `$` of OData's
    /// `$filter`).
    static func escape(_ text: String, keeping extra: String = "") -> String {
        let allowed = extra.isEmpty ? unreserved : unreserved.union(CharacterSet(charactersIn: extra))
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
