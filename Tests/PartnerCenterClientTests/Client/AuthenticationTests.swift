import Foundation
import HTTPTypes
import PartnerCenterClient
import PartnerCenterTestSupport
import PartnerCenterWire
import Testing

@Suite(.tags(.unit)) struct AuthenticationTests {
    /// A transport whose token endpoint numbers its tokens: token-1, token-2, ...
    static func numberedTokens(
        expiresIn: Int = 3600,
        _ service: @escaping @Sendable (HTTPRequest, Int) -> ScriptedTransport.Reply = { _, _ in
            .status(200, json: #"{"id":"c1"}"#)
        }
    ) -> ScriptedTransport {
        let counter = Counter()
        return ScriptedTransport { request, _, index in
            if (request.path ?? "").contains("/oauth2/v2.0/token") {
                let number = counter.next()
                return .status(
                    200,
                    json:
                        #"{"token_type":"Bearer","expires_in":\#(expiresIn),"access_token":"token-\#(number)","refresh_token":"rotated-\#(number)"}"#
                )
            }
            return service(request, index)
        }
    }

    @Test func tokensAreCachedAndRenewedBeforeExpiry() async throws {
        let clock = TestClock()
        let transport = Self.numberedTokens()
        let client = PartnerCenterClient.forTesting(transport: transport, clock: clock)
        _ = try await client.getCustomer("c1")
        _ = try await client.getCustomer("c1")
        clock.advance(by: .seconds(3299))
        _ = try await client.getCustomer("c1")
        clock.advance(by: .seconds(2))  // 5 minutes before expiry: renew
        _ = try await client.getCustomer("c1")
        let authorizations = transport.serviceRequests.map { $0.header("Authorization") }
        #expect(authorizations == ["Bearer token-1", "Bearer token-1", "Bearer token-1", "Bearer token-2"])
        #expect(transport.sent.filter { $0.path.contains("oauth2") }.count == 2)
    }

    @Test func clientCredentialsGrantWithSecret() async throws {
        let transport = Self.numberedTokens()
        let client = PartnerCenterClient.forTesting(transport: transport)
        _ = try await client.getCustomer("c1")
        let tokenRequest = try #require(transport.sent.first)
        #expect(tokenRequest.request.method == .post)
        #expect(tokenRequest.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(tokenRequest.bodyText.contains("grant_type=client_credentials"))
        #expect(tokenRequest.bodyText.contains("client_id=\(TestCredentials.client)"))
        #expect(tokenRequest.bodyText.contains("client_secret=\(TestCredentials.secret)"))
    }

    @Test func certificateAssertionGrant() async throws {
        let transport = Self.numberedTokens()
        let certificate = try ClientCertificate(pemFile: try Fixtures.certificatePath)
        let credentials = CredentialConfiguration(
            app: AppCredential(
                tenantID: TestCredentials.tenant,
                clientID: TestCredentials.client,
                authentication: .certificate(certificate)
            )
        )
        let client = PartnerCenterClient.forTesting(transport: transport, credentials: credentials)
        _ = try await client.getCustomer("c1")
        let body = try #require(transport.sent.first?.bodyText)
        #expect(body.contains("client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"))
        #expect(body.contains("client_assertion=ey"))
        #expect(!body.contains("client_secret"))
    }

    @Test func federatedTokenFileIsReadForEachToken() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cspctl-federated-\(UUID().uuidString)"
        )
        try "first.jwt.value\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let clock = TestClock()
        let transport = Self.numberedTokens(expiresIn: 600)
        let credentials = CredentialConfiguration(
            app: AppCredential(
                tenantID: TestCredentials.tenant,
                clientID: TestCredentials.client,
                authentication: .federatedTokenFile(path: file.path)
            )
        )
        let client = PartnerCenterClient.forTesting(transport: transport, clock: clock, credentials: credentials)
        _ = try await client.getCustomer("c1")
        try "second.jwt.value".write(to: file, atomically: true, encoding: .utf8)
        clock.advance(by: .seconds(601))
        _ = try await client.getCustomer("c1")
        let bodies = transport.sent.filter { $0.path.contains("oauth2") }.map(\.bodyText)
        #expect(bodies.count == 2)
        #expect(bodies[0].contains("client_assertion=first.jwt.value"))
        #expect(bodies[1].contains("client_assertion=second.jwt.value"))
    }

    @Test func gitHubActionsTokenIsExchanged() async throws {
        let transport = ScriptedTransport { request, _, _ in
            let path = request.path ?? ""
            if path.contains("/oidc") {
                return .status(200, json: #"{"value":"github.oidc.jwt"}"#)
            }
            if path.contains("/oauth2/v2.0/token") {
                return .status(200, json: #"{"token_type":"Bearer","expires_in":3600,"access_token":"entra-token"}"#)
            }
            return .status(200, json: #"{"id":"c1"}"#)
        }
        let credentials = CredentialConfiguration(
            app: AppCredential(
                tenantID: TestCredentials.tenant,
                clientID: TestCredentials.client,
                authentication: .gitHubActions(
                    requestURL: try #require(URL(string: "https://token.actions.example/oidc?api-version=2.0")),
                    requestToken: Secret("gh-request")
                )
            )
        )
        let client = PartnerCenterClient.forTesting(transport: transport, credentials: credentials)
        _ = try await client.getCustomer("c1")
        let oidc = try #require(transport.sent.first)
        #expect(oidc.header("Authorization") == "Bearer gh-request")
        #expect(oidc.request.url?.query?.contains("audience=api://AzureADTokenExchange") == true)
        #expect(transport.sent[1].bodyText.contains("client_assertion=github.oidc.jwt"))
        #expect(transport.serviceRequests.last?.header("Authorization") == "Bearer entra-token")
    }

    @Test func appPlusUserOperationsUseTheRefreshTokenAndOthersAppOnly() async throws {
        let transport = Self.numberedTokens { request, _ in
            (request.path ?? "").hasSuffix("/profiles/company")
                ? .status(200, json: #"{"tenantId":"c1","domain":"contoso.onmicrosoft.com"}"#)
                : .status(200, json: #"{"id":"c1"}"#)
        }
        let client = PartnerCenterClient.forTesting(
            transport: transport,
            credentials: TestCredentials.appPlusUserConfiguration
        )
        _ = try await client.getCustomer("c1")
        _ = try await client.getCompanyProfile("c1")
        let grants = transport.sent.filter { $0.path.contains("oauth2") }.map(\.bodyText)
        #expect(grants.count == 2)
        #expect(grants[0].contains("grant_type=client_credentials"))
        #expect(grants[1].contains("grant_type=refresh_token"))
        #expect(grants[1].contains("refresh_token=\(TestCredentials.refreshToken)"))
        #expect(grants[1].contains("client_secret="))
        let service = transport.serviceRequests
        #expect(service[0].header("Authorization") == "Bearer token-1")
        #expect(service[1].header("Authorization") == "Bearer token-2")
    }

    @Test func appPlusUserWithoutARefreshTokenFailsBeforeSending() async throws {
        let transport = Self.numberedTokens()
        let client = PartnerCenterClient.forTesting(transport: transport)
        #expect(PartnerCenterOperation.getCompanyProfile.requiresAppPlusUser)
        #expect(PartnerCenterOperation.removeResellerRelationship.requiresAppPlusUser)
        #expect(!PartnerCenterOperation.getCustomer.requiresAppPlusUser)
        #expect(!client.supportsAppPlusUser)
        let error = try await #require(throws: PartnerCenterError.self) {
            _ = try await client.removeResellerRelationship("c1")
        }
        #expect(error.requiresAppPlusUser)
        #expect(error.description.contains("removeResellerRelationship"))
        #expect(error.detailDescription.contains("CSPCTL_REFRESH_TOKEN"))
        #expect(transport.sent.isEmpty)
    }

    @Test func a401RenewsTheTokenOnce() async throws {
        let transport = Self.numberedTokens { request, _ in
            request.headerFields[.authorization] == "Bearer token-1"
                ? .status(401, json: #"{"code":401,"description":"token expired"}"#)
                : .status(200, json: #"{"id":"c1"}"#)
        }
        let client = PartnerCenterClient.forTesting(transport: transport)
        let customer = try await client.getCustomer("c1")
        #expect(customer.id == "c1")
        #expect(transport.serviceRequests.map { $0.header("Authorization") } == ["Bearer token-1", "Bearer token-2"])
    }

    @Test func aPersistent401NamesTheCredentialNotTheToken() async throws {
        let transport = Self.numberedTokens { _, _ in
            .status(401, json: #"{"code":800001,"description":"Partner Token missing in request context"}"#)
        }
        let client = PartnerCenterClient.forTesting(transport: transport)
        let error = try await #require(throws: PartnerCenterError.self) { _ = try await client.getCustomer("c1") }
        #expect(error.isUnauthorized)
        #expect(error.status == 401)
        #expect(error.description.contains("app-only"))
        let everything = error.description + error.detailDescription
        #expect(!everything.contains("token-1"))
        #expect(!everything.contains("token-2"))
        #expect(!everything.contains(TestCredentials.secret))
    }

    @Test func tokenEndpointRefusalIsTyped() async throws {
        let transport = ScriptedTransport { _, _, _ in
            .status(
                401,
                json:
                    #"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}"#
            )
        }
        let client = PartnerCenterClient.forTesting(transport: transport)
        let error = try await #require(throws: PartnerCenterError.self) { _ = try await client.getCustomer("c1") }
        #expect(error.shortCode == "token_request_failed")
        #expect(error.serviceCode == "invalid_client")
        #expect(error.description.contains("client secret"))
        #expect(!(error.description + error.detailDescription).contains(TestCredentials.secret))
        #expect(transport.sent.count == 1)
    }

    @Test func staticTokenIsSentAsIs() async throws {
        let transport = ScriptedTransport { _, _, _ in .status(200, json: #"{"id":"c1"}"#) }
        let client = PartnerCenterClient.forTesting(
            transport: transport,
            credentials: CredentialConfiguration(staticToken: Secret("ready-token"))
        )
        _ = try await client.getCustomer("c1")
        #expect(transport.sent.map { $0.header("Authorization") } == ["Bearer ready-token"])
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.withLock {
            value += 1
            return value
        }
    }
}
