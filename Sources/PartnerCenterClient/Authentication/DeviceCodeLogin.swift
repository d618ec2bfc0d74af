import Foundation
import HTTPTypes
import PartnerCenterWire

/// `cspctl login`: the Secure Application Model's one interactive sign-in, with the device authorization grant as
/// the Microsoft identity platform documents it (`v2-oauth2-device-code`): `POST {authority}/{tenant}/oauth2/v2.0/
/// devicecode` with the partner's own application (`client_id`) and the scope Partner Center's App+User calls need
/// plus `offline_access` (so a refresh token is issued); the user code and URL are shown; the token endpoint is
/// polled with `grant_type=urn:ietf:params:oauth:grant-type:device_code` every `interval` seconds (5 s more after
/// each `slow_down`) until the user signs in, declines (`authorization_declined`, or RFC 8628's `access_denied`), or
/// the code expires (`expired_token`). No client credential is sent: the device-code flow is a public-client flow
/// (the app registration must allow public client flows).
package struct DeviceCodeLogin: Sendable {
    /// What the user must be shown.
    package struct Prompt: Sendable {
        package var userCode: String
        package var verificationURI: String
        /// The service's own instructions (`message`).
        package var message: String
        package var expiresIn: Int
    }

    package var tenantID: String
    package var clientID: String
    package var endpoints: ServiceEndpoints
    /// Divides every wait (`CSPCTL_RATE_SCALE`, only for an emulator that expects it; see docs/client.md).
    package var rateScale: Double = 1

    package init(tenantID: String, clientID: String, endpoints: ServiceEndpoints, rateScale: Double = 1) {
        self.tenantID = tenantID
        self.clientID = clientID
        self.endpoints = endpoints
        self.rateScale = rateScale
    }

    /// `https://api.partnercenter.microsoft.com/user_impersonation offline_access`.
    package var scope: String {
        let resource = endpoints.partnerCenterScope.replacingOccurrences(of: "/.default", with: "")
        return "\(resource)/user_impersonation offline_access"
    }

    private struct Authorization: Decodable {
        var device_code: String
        var user_code: String
        var verification_uri: String
        var expires_in: Int
        var interval: Int?
        var message: String?
    }

    /// Signs in: shows `prompt`, polls, and returns the refresh token.
    package func signIn(
        transport: any PartnerCenterTransport,
        prompt: @Sendable (Prompt) -> Void
    ) async throws -> Secret {
        let authorization = try await start(transport)
        prompt(
            Prompt(
                userCode: authorization.user_code,
                verificationURI: authorization.verification_uri,
                message: authorization.message ?? "",
                expiresIn: authorization.expires_in
            )
        )
        var interval = max(1, authorization.interval ?? 5)
        // The service answers expired_token once the code expires; a server that never does is not waited for
        // longer than the code's lifetime and two more polls.
        let clock = ContinuousClock()
        let deadline =
            clock.now + .milliseconds(Int64(Double(authorization.expires_in + 2 * interval) * 1000 / rateScale))
        while true {
            guard clock.now < deadline else { throw expired(authorization) }
            try await Task.sleep(for: .milliseconds(Int64(Double(interval) * 1000 / rateScale)))
            let (response, data) = try await post(
                "token",
                [
                    ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), ("client_id", clientID),
                    ("device_code", authorization.device_code),
                ],
                transport
            )
            if response.status.code == 200 {
                guard let token = try? WireJSON.decode(TokenResponse.self, from: data), let refresh = token.refreshToken
                else {
                    throw PartnerCenterError.credentials(
                        "the sign-in succeeded but the token endpoint issued no refresh token",
                        detail: "The scope asked for offline_access; check the app registration's API permissions."
                    )
                }
                return Secret(refresh)
            }
            let code = (try? WireJSON.decode(TokenErrorBody.self, from: data))?.error
            switch code {
            case "authorization_pending": continue
            case "slow_down": interval += 5
            case "authorization_declined", "access_denied":
                throw PartnerCenterError.credentials(
                    "the sign-in was declined (\(code ?? "")): no refresh token was issued",
                    detail: "Run `cspctl login` again and accept the consent."
                )
            case "expired_token": throw expired(authorization)
            default:
                throw refusal(response, data, "token")
            }
        }
    }

    private func expired(_ authorization: Authorization) -> PartnerCenterError {
        .credentials(
            "the code \(authorization.user_code) expired before anyone signed in with it (expired_token)",
            detail: "Run `cspctl login` again and sign in within \(authorization.expires_in / 60) minutes."
        )
    }

    private func start(_ transport: any PartnerCenterTransport) async throws -> Authorization {
        let (response, data) = try await post("devicecode", [("client_id", clientID), ("scope", scope)], transport)
        guard response.status.code == 200 else { throw refusal(response, data, "devicecode") }
        guard let authorization = try? WireJSON.decode(Authorization.self, from: data) else {
            throw PartnerCenterError.credentials(
                "the device authorization answer has no device_code, user_code, verification_uri or expires_in",
                detail: "Check --endpoint: \(url("devicecode").absoluteString) is not Microsoft Entra's."
            )
        }
        return authorization
    }

    private func url(_ last: String) -> URL {
        endpoints.authority.appendingPathComponent(tenantID).appendingPathComponent("oauth2")
            .appendingPathComponent("v2.0").appendingPathComponent(last)
    }

    private func post(
        _ last: String,
        _ form: [(String, String)],
        _ transport: any PartnerCenterTransport
    ) async throws -> (HTTPResponse, Data) {
        let endpoint = url(last)
        guard EndpointSecurity.allowsCredentials(endpoint) else {
            throw PartnerCenterError.insecureEndpoint(endpoint.absoluteString, operation: "login")
        }
        var request = HTTPRequest(method: .post, url: endpoint)
        request.headerFields[.contentType] = "application/x-www-form-urlencoded"
        request.headerFields[.accept] = "application/json"
        do {
            return try await transport.send(request, body: Data(FormEncoding.encode(form).utf8))
        } catch let failure as TransportFailure {
            var error = PartnerCenterError.tokenEndpointUnreachable(failure, url: endpoint)
            error.method = .post
            throw error
        }
    }

    private func refusal(_ response: HTTPResponse, _ data: Data, _ last: String) -> PartnerCenterError {
        TokenProvider.refusal(
            response,
            data,
            endpoint: url(last),
            credential: "device-code sign-in of client \(clientID)",
            credentialKind: "device code"
        )
    }
}
