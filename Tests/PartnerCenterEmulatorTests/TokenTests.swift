import Crypto
import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing
import _CryptoExtras

@Suite("Token endpoint", .tags(.loopback))
struct TokenTests {
    let pcScope = "https://api.partnercenter.microsoft.com/.default"

    @Test func clientSecretGrantAnswersEntraShape() async throws {
        try await EmulatorHarness.with { (emulator: EmulatorHarness) async throws in
            let reply = try await emulator.tokenRequest(form: [
                ("grant_type", "client_credentials"), ("client_id", DevelopmentPartner.clientId),
                ("client_secret", DevelopmentPartner.clientSecret), ("scope", pcScope),
            ])
            #expect(reply.status == 200)
            let object = reply.object
            #expect(Set(object.keys) == ["token_type", "expires_in", "ext_expires_in", "access_token"])
            #expect(object["token_type"] as? String == "Bearer")
            #expect(object["expires_in"] as? Int == 3600)
        }
    }

    @Test func wrongSecretIsInvalidClient() async throws {
        try await EmulatorHarness.with { (emulator: EmulatorHarness) async throws in
            let reply = try await emulator.tokenRequest(form: [
                ("grant_type", "client_credentials"), ("client_id", DevelopmentPartner.clientId),
                ("client_secret", "wrong"), ("scope", pcScope),
            ])
            #expect(reply.status == 401)
            #expect(reply.object["error"] as? String == "invalid_client")
            #expect((reply.object["error_description"] as? String)?.hasPrefix("AADSTS7000215:") == true)
            #expect(reply.object["error_codes"] as? [Int] == [7000215])
            #expect(!reply.text.contains("wrong"))
        }
    }

    @Test func scopeMustBeAResourceDefault() async throws {
        try await EmulatorHarness.with { (emulator: EmulatorHarness) async throws in
            let base = [
                ("grant_type", "client_credentials"), ("client_id", DevelopmentPartner.clientId),
                ("client_secret", DevelopmentPartner.clientSecret),
            ]
            let missing = try await emulator.tokenRequest(form: base)
            #expect(missing.status == 400)
            #expect(missing.object["error"] as? String == "invalid_request")
            let delegated = try await emulator.tokenRequest(
                form: base + [("scope", "https://graph.microsoft.com/User.Read")]
            )
            #expect(delegated.status == 400)
            #expect(delegated.object["error"] as? String == "invalid_scope")
            for scope in [
                "https://graph.microsoft.com/.default", "https://microsoftgraph.chinacloudapi.cn/.default",
                "https://graph.microsoft.us/.default", "https://partner.partnercenterapi.microsoftonline.cn/.default",
            ] {
                #expect(try await emulator.tokenRequest(form: base + [("scope", scope)]).status == 200)
            }
        }
    }

    @Test func unknownTenantAndClient() async throws {
        try await EmulatorHarness.with { (emulator: EmulatorHarness) async throws in
            let form = [
                ("grant_type", "client_credentials"), ("client_id", "11111111-1111-4111-8111-111111111111"),
                ("client_secret", "x"), ("scope", pcScope),
            ]
            let client = try await emulator.tokenRequest(form: form)
            #expect(client.status == 400)
            #expect(client.object["error_codes"] as? [Int] == [700016])
            let tenant = try await emulator.tokenRequest(form: form, tenant: "22222222-2222-4222-8222-222222222222")
            #expect(tenant.status == 400)
            #expect(tenant.object["error_codes"] as? [Int] == [90002])
        }
    }

    /// Secure Application Model: the refresh-token grant issues an App+User token and a rotated refresh token,
    /// which works in turn.
    @Test func refreshTokenGrantRotates() async throws {
        try await EmulatorHarness.with { (emulator: EmulatorHarness) async throws in
            func refresh(_ token: String) async throws -> EmulatorHarness.Reply {
                try await emulator.tokenRequest(form: [
                    ("grant_type", "refresh_token"), ("client_id", DevelopmentPartner.clientId),
                    ("client_secret", DevelopmentPartner.clientSecret), ("refresh_token", token),
                    ("scope", "https://api.partnercenter.microsoft.com/user_impersonation offline_access"),
                ])
            }
            let first = try await refresh(DevelopmentPartner.refreshToken)
            #expect(first.status == 200)
            let rotated = try #require(first.object["refresh_token"] as? String)
            #expect(rotated != DevelopmentPartner.refreshToken)
            #expect(try await refresh(rotated).status == 200)
            let bad = try await refresh("not-a-refresh-token")
            #expect(bad.status == 400)
            #expect(bad.object["error"] as? String == "invalid_grant")
            // The App+User token opens an App+User-only operation.
            let token = try #require(first.object["access_token"] as? String)
            #expect(try await emulator.send(.GET, "/v1/agreements", token: token).status == 200)
        }
    }

    /// A signed client assertion: RS256 JWT whose x5t names a certificate registered through the control API.
    @Test func clientAssertionWithRegisteredCertificate() async throws {
        try await EmulatorHarness.with { (emulator: EmulatorHarness) async throws in
            let certificate = try Fixtures.text("development-client.cert.pem")
            let register = try await emulator.control(
                .POST,
                "applications/\(DevelopmentPartner.clientId)/certificates",
                json: ["certificate": certificate]
            )
            #expect(register.status == 201)
            let x5t = try #require(register.object["x5t"] as? String)
            let key = try _RSA.Signing.PrivateKey(pemRepresentation: try Fixtures.text("development-client.key.pem"))
            let audience = "\(emulator.baseURL)/login/\(DevelopmentPartner.tenantId)/oauth2/v2.0/token"
            func assertion(exp: Int, signer: _RSA.Signing.PrivateKey = key) throws -> String {
                let header = try JSONSerialization.data(withJSONObject: ["alg": "RS256", "typ": "JWT", "x5t": x5t])
                let claims = try JSONSerialization.data(withJSONObject: [
                    "aud": audience, "iss": DevelopmentPartner.clientId, "sub": DevelopmentPartner.clientId,
                    "jti": UUID().uuidString, "nbf": 1_735_689_600 - 60, "exp": exp,
                ])
                let input = Base64URL.encode(header) + "." + Base64URL.encode(claims)
                let signature = try signer.signature(for: Data(input.utf8), padding: .insecurePKCS1v1_5)
                return input + "." + Base64URL.encode(signature.rawRepresentation)
            }
            func request(_ jwt: String) async throws -> EmulatorHarness.Reply {
                try await emulator.tokenRequest(form: [
                    ("grant_type", "client_credentials"), ("client_id", DevelopmentPartner.clientId),
                    ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                    ("client_assertion", jwt), ("scope", pcScope),
                ])
            }
            #expect(try await request(try assertion(exp: 1_735_689_600 + 600)).status == 200)
            let expired = try await request(try assertion(exp: 1_735_689_600 - 3600))
            #expect(expired.status == 401)
            #expect(expired.object["error_codes"] as? [Int] == [700024])
            let other = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            let forged = try await request(try assertion(exp: 1_735_689_600 + 600, signer: other))
            #expect(forged.status == 401)
            #expect(forged.object["error"] as? String == "invalid_client")
        }
    }
}

@Suite("Authentication", .tags(.loopback))
struct AuthenticationTests {
    @Test func missingTokenGetsPartnerCenterAndGraph401() async throws {
        try await EmulatorHarness.with { (emulator: EmulatorHarness) async throws in
            let pc = try await emulator.send(.GET, "/v1/customers")
            #expect(pc.status == 401)
            #expect(Set(pc.object.keys) == ["code", "description", "data", "source"])
            #expect(pc.errorCode == 800001)
            let graph = try await emulator.send(.GET, "/graph/v1.0/tenantRelationships/delegatedAdminRelationships")
            #expect(graph.status == 401)
            let error = try #require(graph.object["error"] as? [String: Any])
            #expect(error["code"] as? String == "InvalidAuthenticationToken")
            #expect(error["innerError"] is [String: Any])
        }
    }

    @Test func expiredTokenOnEmulatorClock() async throws {
        try await EmulatorHarness.with { (emulator: EmulatorHarness) async throws in
            let token = try await emulator.developmentToken()
            #expect(try await emulator.send(.GET, "/v1/customers", token: token).status == 200)
            try await emulator.advanceClock(seconds: 3601)
            let reply = try await emulator.send(.GET, "/v1/customers", token: token)
            #expect(reply.status == 401)
            #expect(reply.object["source"] as? String == "PartnerFD")
        }
    }

    @Test func graphTokenIsNotAPartnerCenterToken() async throws {
        try await EmulatorHarness.with { (emulator: EmulatorHarness) async throws in
            let graph = try await emulator.developmentToken(graph: true)
            #expect(try await emulator.send(.GET, "/v1/customers", token: graph).status == 401)
        }
    }

    /// App+User-only operations answer an app-only token with 403 / 2032 "Access denied".
    @Test func appUserOnlyOperationsRefuseAppOnlyTokens() async throws {
        try await EmulatorHarness.with { (emulator: EmulatorHarness) async throws in
            let app = try await emulator.developmentToken()
            let reply = try await emulator.send(
                .GET,
                "/v1/agreements?agreementType=MicrosoftCustomerAgreement",
                token: app
            )
            #expect(reply.status == 403)
            #expect(reply.errorCode == 2032)
            let user = try await emulator.developmentToken(appUser: true)
            let allowed = try await emulator.send(
                .GET,
                "/v1/agreements?agreementType=MicrosoftCustomerAgreement",
                token: user
            )
            #expect(allowed.status == 200)
            #expect(
                JSONShape.differences(
                    expected: try Fixtures.json("agreement-metadata-mca-response.json"),
                    actual: try allowed.json()
                ).filter { !$0.contains("links") } == []
            )
        }
    }
}
