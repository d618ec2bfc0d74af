import Foundation
import HTTPTypes
import PartnerCenterClient
import PartnerCenterEmulator
import PartnerCenterTestSupport
import PartnerCenterWire
import Testing
import enum PartnerCenterModel.JSONValue

/// Workload identity federation as a user configures it (the Azure SDKs' environment variables), over real
/// loopback HTTP against the in-process emulator's Entra token endpoint.
@Suite(.serialized, .tags(.loopback)) struct EmulatorFederationTests {
    /// An external issuer (a Kubernetes cluster's service-account issuer) with its own key.
    static let kubernetesIssuer = "https://oidc.prod-aks.azure.com/72f988bf-0000-4000-8000-00000000e001/c1d0/"
    static let serviceAccount = "system:serviceaccount:csp:cspctl"
    /// One key for the suite: RSA key generation is slow in debug builds.
    static let kubernetes = Result { try TestIdentityProvider(issuer: kubernetesIssuer) }
    static let now = EmulatorConfiguration.initialTimeDefault

    /// The development partner's app trusts the cluster's service account.
    static func trustKubernetes(on emulator: LoopbackEmulator) async throws -> TestIdentityProvider {
        let provider = try kubernetes.get()
        try await emulator.control(.put, "issuers", json: try provider.issuerRegistration)
        try await emulator.control(
            .post,
            "applications/\(DevelopmentPartner.clientId)/federatedIdentityCredentials",
            json: try provider.credentialRegistration(name: "aks-csp-cspctl", subject: serviceAccount)
        )
        return provider
    }

    /// A token file in a fresh directory, removed after `body`.
    static func withTokenFile<T>(_ body: (URL) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cspctl-wif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(directory.appendingPathComponent("azure-identity-token"))
    }

    static func environment(tokenFile: URL) -> [String: String] {
        [
            "AZURE_TENANT_ID": DevelopmentPartner.tenantId, "AZURE_CLIENT_ID": DevelopmentPartner.clientId,
            "AZURE_FEDERATED_TOKEN_FILE": tokenFile.path,
        ]
    }

    /// Requests that reached Partner Center or Graph (any status).
    static func serviceRequests(_ emulator: LoopbackEmulator) async throws -> Int {
        try await emulator.counters().filter { $0.key.contains(" /v1") || $0.key.contains(" /graph") }
            .values.reduce(0) { $0 + $1.values.reduce(0, +) }
    }

    /// The federated token is a credential: no part of it (nor any JWT) reaches a trace-level log.
    static func expectNoTokens(in log: String, _ tokens: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!log.isEmpty, sourceLocation: sourceLocation)
        #expect(!log.contains("eyJ"), "a JWT reached the log", sourceLocation: sourceLocation)
        for token in tokens {
            for part in token.split(separator: ".") where part.count > 8 {
                #expect(!log.contains(part), "the log contains part of a token", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func federatedTokenFileIsExchangedAndReReadWhenItRotates() async throws {
        try await LoopbackEmulator.with { emulator in
            let provider = try await Self.trustKubernetes(on: emulator)
            try await Self.withTokenFile { file in
                let first = try provider.token(subject: Self.serviceAccount, issuedAt: Self.now)
                try first.write(to: file, atomically: true, encoding: .utf8)
                let capture = LogCapture()
                let credentials = try CredentialConfiguration.fromEnvironment(Self.environment(tokenFile: file))
                #expect(credentials.app?.authentication.kindDescription == "federated token file")
                let client = emulator.client(credentials: credentials, logger: capture.logger())
                _ = try await client.listCustomers().collect()
                #expect(try await emulator.count("GET /v1/customers", status: 200) == 1)

                // Both the access token and the first file token (past exp + 5 minutes' skew) expire; the kubelet
                // has written a fresh token. Still sending the first one would be refused with AADSTS700024.
                try await emulator.advanceClock(seconds: 4000)
                let rotated = try provider.token(
                    subject: Self.serviceAccount,
                    issuedAt: Self.now.addingTimeInterval(4000)
                )
                try rotated.write(to: file, atomically: true, encoding: .utf8)
                _ = try await client.listCustomers().collect()
                #expect(try await emulator.count("GET /v1/customers", status: 401) == 1)
                #expect(try await emulator.count("GET /v1/customers", status: 200) == 2)
                #expect(try await emulator.count("POST /login/{tenant}/oauth2/v2.0/token", status: 200) == 2)
                Self.expectNoTokens(in: capture.text, [first, rotated])
            }
        }
    }

    @Test(arguments: [
        ("mismatched subject", 700213), ("wrong audience", 700212), ("unknown issuer", 700211),
        ("bad signature", 700027), ("expired", 700024),
    ])
    func refusedFederatedTokensNameTheEntraCode(_ case: String, code: Int) async throws {
        try await LoopbackEmulator.with { emulator in
            let provider = try await Self.trustKubernetes(on: emulator)
            let subject = Self.serviceAccount
            let token: String
            switch `case` {
            case "mismatched subject":
                token = try provider.token(subject: "system:serviceaccount:csp:other", issuedAt: Self.now)
            case "wrong audience":
                token = try provider.token(subject: subject, audiences: ["api://other"], issuedAt: Self.now)
            case "unknown issuer":
                token = try provider.token(subject: subject, issuedAt: Self.now, issuer: "https://issuer.example/")
            case "bad signature":
                token = TestIdentityProvider.tampered(try provider.token(subject: subject, issuedAt: Self.now))
            default:
                token = try provider.token(subject: subject, issuedAt: Self.now, lifetime: 600)
                try await emulator.advanceClock(seconds: 600 + 301)
            }
            try await Self.withTokenFile { file in
                try token.write(to: file, atomically: true, encoding: .utf8)
                let capture = LogCapture()
                let client = emulator.client(
                    credentials: try CredentialConfiguration.fromEnvironment(Self.environment(tokenFile: file)),
                    logger: capture.logger()
                )
                let error = try await #require(throws: ClientError.self) {
                    _ = try await client.listCustomers().collect()
                }
                #expect(error.shortCode == "token_request_failed")
                #expect(error.status == 401)
                #expect(error.serviceCode == "invalid_client")
                #expect(error.description.contains("federated token file"))
                #expect(error.description.contains("AADSTS\(code):"), "\(error)")
                #expect(try await Self.serviceRequests(emulator) == 0)
                Self.expectNoTokens(in: capture.text + "\n\(error)\n\(error.detail ?? "")", [token])
            }
        }
    }

    /// `ACTIONS_ID_TOKEN_REQUEST_URL` / `ACTIONS_ID_TOKEN_REQUEST_TOKEN` from a workflow run the emulator plays
    /// GitHub for.
    @Test func gitHubActionsOIDCFromTheEnvironment() async throws {
        try await LoopbackEmulator.with { emulator in
            let subject = "repo:contoso/csp-manifests:ref:refs/heads/main"
            let run = try await emulator.control(.post, "actions/runs", json: #"{"subject":"\#(subject)"}"#)
            let requestURL = try #require(run["requestUrl"]?.stringValue)
            let requestToken = try #require(run["requestToken"]?.stringValue)
            try await emulator.control(
                .post,
                "applications/\(DevelopmentPartner.clientId)/federatedIdentityCredentials",
                json:
                    #"{"name":"csp-manifests-main","issuer":"https://token.actions.githubusercontent.com","subject":"\#(subject)"}"#
            )
            func environment(token: String) -> [String: String] {
                [
                    "AZURE_TENANT_ID": DevelopmentPartner.tenantId, "AZURE_CLIENT_ID": DevelopmentPartner.clientId,
                    "ACTIONS_ID_TOKEN_REQUEST_URL": requestURL, "ACTIONS_ID_TOKEN_REQUEST_TOKEN": token,
                ]
            }
            let capture = LogCapture()
            let credentials = try CredentialConfiguration.fromEnvironment(environment(token: requestToken))
            #expect(credentials.app?.authentication.kindDescription == "GitHub Actions OIDC")
            let client = emulator.client(credentials: credentials, logger: capture.logger())
            _ = try await client.listCustomers().collect()
            #expect(try await emulator.count("GET /actions/runs/{runId}/idtoken", status: 200) == 1)
            #expect(try await emulator.count("GET /v1/customers", status: 200) == 1)
            Self.expectNoTokens(in: capture.text, [requestToken])

            let wrong = emulator.client(
                credentials: try CredentialConfiguration.fromEnvironment(environment(token: "wrong"))
            )
            let error = try await #require(throws: ClientError.self) {
                _ = try await wrong.listCustomers().collect()
            }
            #expect(error.shortCode == "credentials")
            #expect(error.status == 401)
            #expect(error.description.contains("GitHub Actions did not issue an OIDC token"))
            #expect(error.detail?.contains("ACTIONS_ID_TOKEN_REQUEST_TOKEN") == true)
            #expect(try await emulator.count("GET /actions/runs/{runId}/idtoken", status: 401) == 1)
            #expect(try await emulator.count("GET /v1/customers") == 1)
        }
    }
}
