import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import _CryptoExtras

/// A GitHub-Actions-style OIDC token service, so partners can rehearse the Actions login (workload identity
/// federation) against the emulator. A "workflow run" set up through the control API gets a request URL and a
/// request token (what GitHub puts in `ACTIONS_ID_TOKEN_REQUEST_URL` / `ACTIONS_ID_TOKEN_REQUEST_TOKEN`);
/// `GET {requestURL}&audience=...` with `Authorization: bearer {request token}` answers `{"count":1,"value":"<jwt>"}`
/// like GitHub, the JWT signed RS256 by a key the emulator generated, issuer `https://token.actions.githubusercontent.com`.
/// The token endpoint trusts that key for that issuer (next to any keys registered for it with `PUT /_emulator/issuers`).
struct ActionsTokenService: Sendable {
    static let issuer = "https://token.actions.githubusercontent.com"

    struct Run: Sendable {
        var id: String
        var subject: String
        var requestToken: String
    }

    let key: _RSA.Signing.PrivateKey
    let kid: String
    var runs: [String: Run] = [:]

    init() throws {
        key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        kid = Base64URL.encode(Data(SHA256.hash(data: key.publicKey.derRepresentation)))
    }

    var jwks: JSONWebKeySet {
        get throws { JSONWebKeySet(keys: [try JSONWebKey.rsa(key.publicKey, kid: kid)]) }
    }

    /// An ID token for `run` as GitHub issues it (a 2025 token: `nbf` five minutes before `iat`, `exp` six hours
    /// after), with the claims derived from a `repo:{owner}/{name}:...` subject.
    func idToken(for run: Run, audience: String, now: Date) throws -> String {
        let issued = Int(now.timeIntervalSince1970)
        var object: [String: Any] = [
            "iss": Self.issuer, "sub": run.subject, "aud": audience, "jti": UUID().uuidString.lowercased(),
            "run_id": run.id, "iat": issued, "nbf": issued - 300, "exp": issued + 6 * 3600,
        ]
        if let repository = Self.repository(of: run.subject) {
            object["repository"] = repository
            object["repository_owner"] = String(repository.prefix { $0 != "/" })
        }
        let header = try JSONSerialization.data(
            withJSONObject: ["alg": "RS256", "typ": "JWT", "kid": kid],
            options: [.sortedKeys]
        )
        let body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        let input = Base64URL.encode(header) + "." + Base64URL.encode(body)
        let signature = try key.signature(for: Data(input.utf8), padding: .insecurePKCS1v1_5)
        return input + "." + Base64URL.encode(signature.rawRepresentation)
    }

    /// `contoso/csp-manifests` from `repo:contoso/csp-manifests:ref:refs/heads/main`.
    static func repository(of subject: String) -> String? {
        let parts = subject.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "repo", parts[1].contains("/") else { return nil }
        return String(parts[1])
    }
}

extension EmulatorStore {
    /// The Actions token service, made on first use.
    func actionsService() throws -> ActionsTokenService {
        if let actions { return actions }
        let made = try ActionsTokenService()
        actions = made
        return made
    }

    /// Sets up a workflow run for `subject`.
    func startWorkflowRun(subject: String) throws -> ActionsTokenService.Run {
        var service = try actionsService()
        let run = ActionsTokenService.Run(
            id: UUID().uuidString.lowercased(),
            subject: subject,
            requestToken: TokenController.randomToken(prefix: "emu.actions.")
        )
        service.runs[run.id] = run
        actions = service
        return run
    }

    /// Forgets every workflow run (control `reset`); the signing key stays.
    func forgetWorkflowRuns() {
        actions?.runs = [:]
    }

    /// The issuers the token endpoint trusts: those registered, plus the Actions service's key once it exists.
    func trustedIssuers() throws -> [String: JSONWebKeySet] {
        var issuers = read { $0.issuers }
        if let actions {
            issuers[ActionsTokenService.issuer, default: JSONWebKeySet(keys: [])].keys += try actions.jwks.keys
        }
        return issuers
    }
}

/// The Actions ID-token route (`GET /actions/runs/{runId}/idtoken?api-version=2.0&audience=...`).
struct ActionsTokenController {
    let store: EmulatorStore

    private struct Answer: Encodable {
        var count: Int
        var value: String
    }

    private struct Refusal: Encodable {
        var message: String
    }

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.get("runs/{runId}/idtoken") { request, context in
            let runId = context.parameters.get("runId") ?? ""
            let service = try await store.actionsService()
            guard let run = service.runs[runId] else {
                return try EmulatorJSON.response(
                    status: .notFound,
                    Refusal(message: "Workflow run \(runId) not found.")
                )
            }
            let authorization = request.headers[.authorization] ?? ""
            let presented = authorization.split(separator: " ", maxSplits: 1)
            guard presented.count == 2, presented[0].lowercased() == "bearer", presented[1] == run.requestToken else {
                return try EmulatorJSON.response(
                    status: .unauthorized,
                    Refusal(
                        message: "The request token is missing or is not this job's ACTIONS_ID_TOKEN_REQUEST_TOKEN."
                    )
                )
            }
            // Without `audience`, GitHub uses the repository owner's URL.
            let owner = ActionsTokenService.repository(of: run.subject).map { String($0.prefix { $0 != "/" }) }
            guard
                let audience = request.uri.queryParameters.get("audience") ?? owner.map({ "https://github.com/\($0)" })
            else {
                return try EmulatorJSON.response(status: .badRequest, Refusal(message: "audience is required."))
            }
            let token = try service.idToken(for: run, audience: audience, now: await store.now)
            return try EmulatorJSON.response(status: .ok, Answer(count: 1, value: token))
        }
    }
}
