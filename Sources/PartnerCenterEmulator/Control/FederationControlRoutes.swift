import Foundation
import Hummingbird

/// Workload identity federation under the control API:
/// - `POST|GET applications/{clientId}/federatedIdentityCredentials` — Graph's `federatedIdentityCredential` body
///   (`name`, `issuer`, `subject`, `audiences`, `description`); the list answers `{"value": [...]}`.
/// - `PUT|GET issuers` — an external issuer's signing keys (`{"issuer", "jwks": {"keys": [...]}}`), which Entra
///   would fetch from the issuer's `jwks_uri`.
/// - `POST actions/runs` `{"subject"}` — a GitHub Actions workflow run: answers its `requestUrl` and
///   `requestToken` (see ``ActionsTokenService``).
struct FederationControlRoutes {
    let store: EmulatorStore

    private struct CredentialBody: Decodable {
        var name: String?
        var issuer: String?
        var subject: String?
        var audiences: [String]?
        var description: String?
    }

    private struct CredentialList: Encodable {
        var value: [FederatedIdentityCredential]
    }

    private struct IssuerBody: Codable {
        var issuer: String
        var jwks: JSONWebKeySet
    }

    private struct IssuerList: Encodable {
        var issuers: [IssuerBody]
    }

    private struct RunBody: Decodable {
        var subject: String
    }

    private struct RunAnswer: Encodable {
        var id: String
        var subject: String
        var requestUrl: String
        var requestToken: String
    }

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.post("applications/{clientId}/federatedIdentityCredentials", use: addCredential)
        group.get("applications/{clientId}/federatedIdentityCredentials") { _, context in
            let clientId = (context.parameters.get("clientId") ?? "").lowercased()
            let record = await store.read { state in
                TokenController.application(clientId, in: state, configuration: store.configuration)
            }
            guard let record else {
                throw PartnerCenterError(
                    status: .notFound,
                    code: 800002,
                    description: "Application \(clientId) not found."
                )
            }
            return try EmulatorJSON.response(status: .ok, CredentialList(value: record.federatedIdentityCredentials))
        }
        group.put("issuers") { request, context in
            var request = request
            let body = try EmulatorJSON.decode(IssuerBody.self, from: try await request.collectBody(upTo: 1 << 20))
            guard (1...2048).contains(body.issuer.count), body.jwks.keys.count <= 100 else {
                throw PartnerCenterError.badRequest("issuer is required (at most 2048 characters), at most 100 keys")
            }
            for key in body.jwks.keys where key.rsaPublicKey == nil || key.kid == nil {
                throw PartnerCenterError.badRequest(
                    "jwks key '\(key.kid ?? "")' must be an RSA key (kty RSA, base64url n and e, 2048 bits or more) with a kid"
                )
            }
            try await store.mutate { $0.issuers[body.issuer] = body.jwks }
            return try EmulatorJSON.response(status: .ok, body)
        }
        group.get("issuers") { _, _ in
            let issuers = try await store.trustedIssuers()
            let list = issuers.keys.sorted().map {
                IssuerBody(issuer: $0, jwks: issuers[$0] ?? JSONWebKeySet(keys: []))
            }
            return try EmulatorJSON.response(status: .ok, IssuerList(issuers: list))
        }
        group.post("actions/runs") { request, context in
            var request = request
            let body = try EmulatorJSON.decode(RunBody.self, from: try await request.collectBody(upTo: 1 << 16))
            guard (1...600).contains(body.subject.count) else {
                throw PartnerCenterError.badRequest("subject is required (at most 600 characters)")
            }
            let run = try await store.startWorkflowRun(subject: body.subject)
            let host = request.head.authority ?? "127.0.0.1:\(store.configuration.port)"
            return try EmulatorJSON.response(
                status: .created,
                RunAnswer(
                    id: run.id,
                    subject: run.subject,
                    requestUrl: "http://\(host)/actions/runs/\(run.id)/idtoken?api-version=2.0",
                    requestToken: run.requestToken
                )
            )
        }
    }

    /// `POST applications/{clientId}/federatedIdentityCredentials`: a new credential on the registration (created
    /// for the partner's tenant when the application is not registered yet).
    @Sendable private func addCredential(
        _ request: Request,
        context: EmulatorRequestContext
    ) async throws -> Response {
        var request = request
        let clientId = (context.parameters.get("clientId") ?? "").lowercased()
        let body = try EmulatorJSON.decode(CredentialBody.self, from: try await request.collectBody(upTo: 1 << 20))
        let credential = try await store.mutate { state in
            var record =
                TokenController.application(clientId, in: state, configuration: store.configuration)
                ?? ApplicationRecord(clientId: clientId, tenantId: state.partner.tenantId, secrets: [])
            let credential = try Self.credential(
                from: body,
                existing: record.federatedIdentityCredentials,
                id: state.newGUID(seed: store.configuration.seed)
            )
            record.federatedIdentityCredentials.append(credential)
            state.applications[clientId] = record
            return credential
        }
        return try EmulatorJSON.response(status: .created, credential)
    }

    /// A new credential with Graph's rules: `name`, `issuer` and `subject` required, `name` 3 to 120 characters and
    /// unique on the app, one audience (default `api://AzureADTokenExchange`), issuer + subject unique on the app,
    /// at most 20 per app.
    private static func credential(
        from body: CredentialBody,
        existing: [FederatedIdentityCredential],
        id: String
    ) throws -> FederatedIdentityCredential {
        guard let name = body.name, (3...120).contains(name.count) else {
            throw PartnerCenterError.badRequest("name is required (3 to 120 characters)")
        }
        guard let issuer = body.issuer, !issuer.isEmpty, let subject = body.subject, !subject.isEmpty else {
            throw PartnerCenterError.badRequest("issuer and subject are required")
        }
        let audiences = body.audiences ?? [FederatedIdentityCredential.defaultAudience]
        guard audiences.count == 1, let audience = audiences.first, !audience.isEmpty, audience.count <= 600 else {
            throw PartnerCenterError.badRequest("audiences must hold exactly one value (up to 600 characters)")
        }
        guard !existing.contains(where: { $0.name == name }) else {
            throw PartnerCenterError.badRequest("A federated identity credential named '\(name)' already exists.")
        }
        guard !existing.contains(where: { $0.issuer == issuer && $0.subject == subject }) else {
            throw PartnerCenterError.badRequest(
                "A federated identity credential with this issuer and subject already exists on the application."
            )
        }
        guard existing.count < FederatedIdentityCredential.perApplicationLimit else {
            throw PartnerCenterError.badRequest(
                "An application has at most \(FederatedIdentityCredential.perApplicationLimit) federated identity credentials."
            )
        }
        return FederatedIdentityCredential(
            id: id,
            name: name,
            issuer: issuer,
            subject: subject,
            audiences: audiences,
            description: body.description
        )
    }
}
