import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// Workload identity federation at the token endpoint: federated identity credentials, trusted issuers' keys, and
/// the emulator's GitHub Actions OIDC token service.
@Suite("Federated identity credentials", .tags(.loopback))
struct FederationTests {
    static let kubernetesIssuer = "https://oidc.prod-aks.azure.com/72f988bf-0000-4000-8000-00000000e001/"
    static let subject = "system:serviceaccount:csp:cspctl"
    /// One key for the suite: RSA key generation is slow in debug builds.
    static let provider = Result { try TestIdentityProvider(issuer: kubernetesIssuer) }

    /// Registers the provider's keys and a credential for `subject` on the development partner's app.
    static func trust(_ provider: TestIdentityProvider, on emulator: EmulatorHarness) async throws {
        let issuer = try await emulator.send(
            .PUT,
            "/_emulator/issuers",
            body: Data(try provider.issuerRegistration.utf8)
        )
        #expect(issuer.status == 200)
        let credential = try await emulator.send(
            .POST,
            "/_emulator/applications/\(DevelopmentPartner.clientId)/federatedIdentityCredentials",
            body: Data(try provider.credentialRegistration(name: "aks-cspctl", subject: subject).utf8)
        )
        #expect(credential.status == 201, "\(credential.text)")
    }

    static func exchange(_ jwt: String, on emulator: EmulatorHarness) async throws -> EmulatorHarness.Reply {
        try await emulator.tokenRequest(form: [
            ("grant_type", "client_credentials"), ("client_id", DevelopmentPartner.clientId),
            ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            ("client_assertion", jwt), ("scope", "https://api.partnercenter.microsoft.com/.default"),
        ])
    }

    static func expectRefused(
        _ reply: EmulatorHarness.Reply,
        _ code: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(reply.status == 401, sourceLocation: sourceLocation)
        #expect(reply.object["error"] as? String == "invalid_client", sourceLocation: sourceLocation)
        #expect(reply.object["error_codes"] as? [Int] == [code], "\(reply.text)", sourceLocation: sourceLocation)
        #expect(
            (reply.object["error_description"] as? String)?.hasPrefix("AADSTS\(code): ") == true,
            sourceLocation: sourceLocation
        )
    }

    @Test func aTokenFromATrustedIssuerIsExchanged() async throws {
        let provider = try Self.provider.get()
        try await EmulatorHarness.with { (emulator: EmulatorHarness) async throws in
            try await Self.trust(provider, on: emulator)
            let listed = try await emulator.control(
                .GET,
                "applications/\(DevelopmentPartner.clientId)/federatedIdentityCredentials"
            )
            let value = try #require(listed.object["value"] as? [[String: Any]])
            #expect(value.count == 1)
            #expect(value.first?["issuer"] as? String == Self.kubernetesIssuer)
            #expect(value.first?["subject"] as? String == Self.subject)
            #expect(value.first?["audiences"] as? [String] == ["api://AzureADTokenExchange"])
            #expect((value.first?["id"] as? String)?.count == 36)

            let now = await emulator.store.now
            let reply = try await Self.exchange(try provider.token(subject: Self.subject, issuedAt: now), on: emulator)
            #expect(reply.status == 200, "\(reply.text)")
            let token = try #require(reply.object["access_token"] as? String)
            #expect(try await emulator.send(.GET, "/v1/customers", token: token).status == 200)
            // `aud` may be an array naming the audience among others.
            let several = try provider.token(
                subject: Self.subject,
                audiences: ["https://example.com", "api://AzureADTokenExchange"],
                issuedAt: now
            )
            #expect(try await Self.exchange(several, on: emulator).status == 200)
        }
    }

    @Test func mismatchesAreRefusedAsEntraDoes() async throws {
        let provider = try Self.provider.get()
        try await EmulatorHarness.with { (emulator: EmulatorHarness) async throws in
            try await Self.trust(provider, on: emulator)
            let now = await emulator.store.now
            func exchange(_ jwt: String) async throws -> EmulatorHarness.Reply {
                try await Self.exchange(jwt, on: emulator)
            }
            let unknownIssuer = try provider.token(
                subject: Self.subject,
                issuedAt: now,
                issuer: "https://elsewhere.example/"
            )
            Self.expectRefused(try await exchange(unknownIssuer), 700211)
            // Issuers match case-sensitively, and a trailing slash matters.
            let issuerCase = try provider.token(
                subject: Self.subject,
                issuedAt: now,
                issuer: String(Self.kubernetesIssuer.dropLast())
            )
            Self.expectRefused(try await exchange(issuerCase), 700211)
            let otherSubject = try provider.token(subject: "system:serviceaccount:csp:other", issuedAt: now)
            let subjectReply = try await exchange(otherSubject)
            Self.expectRefused(subjectReply, 700213)
            #expect(
                subjectReply.text.contains(
                    "Please check your federated identity credential Subject, Audience and Issuer"
                )
            )
            Self.expectRefused(
                try await exchange(try provider.token(subject: Self.subject.uppercased(), issuedAt: now)),
                700213
            )
            let otherAudience = try provider.token(subject: Self.subject, audiences: ["api://other"], issuedAt: now)
            Self.expectRefused(try await exchange(otherAudience), 700212)
            let genuine = try provider.token(subject: Self.subject, issuedAt: now)
            Self.expectRefused(try await exchange(TestIdentityProvider.tampered(genuine)), 700027)
            Self.expectRefused(
                try await exchange(try provider.token(subject: Self.subject, issuedAt: now, kid: "rotated")),
                700027
            )
            Self.expectRefused(try await exchange("not.a.jwt"), 50027)
            Self.expectRefused(
                try await exchange(try provider.token(subject: Self.subject, issuedAt: now, algorithm: "HS256")),
                5002738
            )
            // Past `exp` plus five minutes' skew on the emulator clock.
            try await emulator.advanceClock(seconds: 3600 + 301)
            Self.expectRefused(try await exchange(genuine), 700024)
        }
    }

    /// A credential for an issuer whose keys Entra cannot fetch (none registered here).
    @Test func anIssuerWithoutKeysIsAnOIDCEndpointFailure() async throws {
        let provider = try TestIdentityProvider(issuer: "https://issuer.example/no-keys")
        try await EmulatorHarness.with { (emulator: EmulatorHarness) async throws in
            let credential = try await emulator.send(
                .POST,
                "/_emulator/applications/\(DevelopmentPartner.clientId)/federatedIdentityCredentials",
                body: Data(try provider.credentialRegistration(name: "no-keys", subject: Self.subject).utf8)
            )
            #expect(credential.status == 201)
            let now = await emulator.store.now
            Self.expectRefused(
                try await Self.exchange(try provider.token(subject: Self.subject, issuedAt: now), on: emulator),
                50166
            )
        }
    }

    @Test func registrationsAreValidated() async throws {
        try await EmulatorHarness.with { (emulator: EmulatorHarness) async throws in
            let path = "applications/\(DevelopmentPartner.clientId)/federatedIdentityCredentials"
            let good: [String: Any] = ["name": "main", "issuer": Self.kubernetesIssuer, "subject": Self.subject]
            #expect(try await emulator.control(.POST, path, json: good).status == 201)
            let duplicateName = try await emulator.control(.POST, path, json: good.merging(["subject": "x"]) { $1 })
            #expect(duplicateName.status == 400)
            let duplicatePair = try await emulator.control(.POST, path, json: good.merging(["name": "again"]) { $1 })
            #expect(duplicatePair.status == 400)
            #expect(try await emulator.control(.POST, path, json: ["name": "no-issuer", "subject": "s"]).status == 400)
            let twoAudiences = good.merging(["name": "two", "subject": "y", "audiences": ["a", "b"]]) { $1 }
            #expect(try await emulator.control(.POST, path, json: twoAudiences).status == 400)
            let unknownApp = try await emulator.control(
                .GET,
                "applications/11111111-1111-4111-8111-111111111111/federatedIdentityCredentials"
            )
            #expect(unknownApp.status == 404)
            let badKey: [String: Any] = [
                "issuer": Self.kubernetesIssuer,
                "jwks": ["keys": [["kty": "RSA", "kid": "k", "n": "AQAB", "e": "AQAB"]]],
            ]
            #expect(try await emulator.control(.PUT, "issuers", json: badKey).status == 400)
            // The development partner's app keeps its secret when credentials are added to it.
            #expect(try await emulator.developmentToken().isEmpty == false)
        }
    }

    /// The emulator as GitHub Actions' token service, and its token exchanged at the token endpoint.
    @Test func gitHubActionsTokensAreIssuedAndTrusted() async throws {
        try await EmulatorHarness.with { (emulator: EmulatorHarness) async throws in
            let subject = "repo:contoso/csp-manifests:ref:refs/heads/main"
            let run = try await emulator.control(.POST, "actions/runs", json: ["subject": subject])
            #expect(run.status == 201)
            let requestURL = try #require(run.object["requestUrl"] as? String)
            let requestToken = try #require(run.object["requestToken"] as? String)
            #expect(requestURL.hasPrefix(emulator.baseURL + "/actions/runs/"))
            #expect(requestURL.hasSuffix("/idtoken?api-version=2.0"))
            let path = String(requestURL.dropFirst(emulator.baseURL.count)) + "&audience=api://AzureADTokenExchange"

            #expect(try await emulator.send(.GET, path).status == 401)
            #expect(try await emulator.send(.GET, path, headers: [("Authorization", "bearer wrong")]).status == 401)
            let missing = path.replacingOccurrences(of: "/runs/", with: "/runs/0")
            #expect(
                try await emulator.send(.GET, missing, headers: [("Authorization", "bearer \(requestToken)")]).status
                    == 404
            )
            let answer = try await emulator.send(.GET, path, headers: [("Authorization", "bearer \(requestToken)")])
            #expect(answer.status == 200)
            #expect(answer.object["count"] as? Int == 1)
            let jwt = try #require(answer.object["value"] as? String)
            let parts = jwt.split(separator: ".").map(String.init)
            #expect(parts.count == 3)
            func decode(_ part: String) throws -> [String: Any]? {
                try Base64URL.decode(part).flatMap { try JSONSerialization.jsonObject(with: $0) as? [String: Any] }
            }
            let header = try #require(try decode(parts[0]))
            let claims = try #require(try decode(parts[1]))
            #expect(header["alg"] as? String == "RS256")
            let kid = try #require(header["kid"] as? String)
            #expect(claims["iss"] as? String == "https://token.actions.githubusercontent.com")
            #expect(claims["sub"] as? String == subject)
            #expect(claims["aud"] as? String == "api://AzureADTokenExchange")
            #expect(claims["repository"] as? String == "contoso/csp-manifests")
            let now = Int(EmulatorConfiguration.initialTimeDefault.timeIntervalSince1970)
            #expect(claims["iat"] as? Int == now)
            #expect(claims["nbf"] as? Int == now - 300)
            #expect(claims["exp"] as? Int == now + 6 * 3600)
            #expect((claims["jti"] as? String)?.isEmpty == false)

            // The emulator trusts its own Actions key for that issuer.
            let issuers = try #require(
                try await emulator.control(.GET, "issuers").object["issuers"] as? [[String: Any]]
            )
            let actions = issuers.first { $0["issuer"] as? String == "https://token.actions.githubusercontent.com" }
            let keys = try #require((actions?["jwks"] as? [String: Any])?["keys"] as? [[String: Any]])
            #expect(keys.map { $0["kid"] as? String } == [kid])

            Self.expectRefused(try await Self.exchange(jwt, on: emulator), 700211)
            let credential = try await emulator.control(
                .POST,
                "applications/\(DevelopmentPartner.clientId)/federatedIdentityCredentials",
                json: [
                    "name": "csp-manifests-main", "issuer": "https://token.actions.githubusercontent.com",
                    "subject": subject,
                ]
            )
            #expect(credential.status == 201)
            #expect(try await Self.exchange(jwt, on: emulator).status == 200)

            // A reset forgets the runs.
            #expect(try await emulator.control(.POST, "reset").status == 204)
            let afterReset = try await emulator.send(.GET, path, headers: [("Authorization", "bearer \(requestToken)")])
            #expect(afterReset.status == 404)
        }
    }

    /// State files saved before federation (no `issuers`, no `federatedIdentityCredentials`) still load.
    @Test func stateWithoutFederationStillLoads() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cspctl-fed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("emulator.json")

        var state = EmulatorState()
        state.applications["5e000000-0000-4000-8000-000000000001"] = ApplicationRecord(
            clientId: "5e000000-0000-4000-8000-000000000001",
            tenantId: DevelopmentPartner.tenantId,
            secrets: ["old-secret"]
        )
        var document = try #require(
            try JSONSerialization.jsonObject(with: try EmulatorJSON.encoder.encode(state)) as? [String: Any]
        )
        #expect(document.removeValue(forKey: "issuers") != nil)
        var applications = try #require(document["applications"] as? [String: [String: Any]])
        #expect(
            applications["5e000000-0000-4000-8000-000000000001"]?.removeValue(forKey: "federatedIdentityCredentials")
                != nil
        )
        document["applications"] = applications
        let old = try JSONSerialization.data(withJSONObject: document)
        #expect(!String(decoding: old, as: UTF8.self).contains("federatedIdentityCredentials"))
        try old.write(to: file)

        let decoded = try EmulatorJSON.stateDecoder.decode(EmulatorState.self, from: old)
        #expect(decoded.applications["5e000000-0000-4000-8000-000000000001"]?.federatedIdentityCredentials == [])
        #expect(decoded.issuers.isEmpty)

        var configuration = EmulatorHarness.testConfiguration()
        configuration.stateFile = file.path
        try await EmulatorHarness.with(configuration) { (emulator: EmulatorHarness) async throws in
            let reply = try await emulator.tokenRequest(form: [
                ("grant_type", "client_credentials"), ("client_id", "5e000000-0000-4000-8000-000000000001"),
                ("client_secret", "old-secret"), ("scope", "https://api.partnercenter.microsoft.com/.default"),
            ])
            #expect(reply.status == 200, "\(reply.text)")
        }
    }
}
