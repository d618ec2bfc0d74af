import Foundation
import _CryptoExtras

// Workload identity federation. The shared references are silent on it; this follows Microsoft Entra's documented
// behaviour (learn.microsoft.com/entra/workload-id/workload-identity-federation and the Graph
// `federatedIdentityCredential` resource): an app trusts tokens from an external issuer for one subject and
// audience; Entra fetches the issuer's keys from `{issuer}/.well-known/openid-configuration` → `jwks_uri`, which the
// emulator cannot do, so the keys are registered through the control API (`PUT /_emulator/issuers`).

/// A federated identity credential on an app registration, as Microsoft Graph's `federatedIdentityCredential`
/// resource has it.
package struct FederatedIdentityCredential: Codable, Sendable, Equatable {
    package var id: String
    /// Unique per application, 3 to 120 characters.
    package var name: String
    /// The external issuer's URL, matched exactly (case-sensitive) against the token's `iss`.
    package var issuer: String
    /// The external identity, matched exactly (case-sensitive) against the token's `sub`.
    package var subject: String
    /// The audiences the token's `aud` must name (Entra's recommended value: `api://AzureADTokenExchange`).
    package var audiences: [String]
    package var description: String?

    package static let defaultAudience = "api://AzureADTokenExchange"
    /// Entra's limit of federated identity credentials per application.
    package static let perApplicationLimit = 20
}

/// One JSON Web Key (RFC 7517) of an issuer; only RSA signing keys are used.
package struct JSONWebKey: Codable, Sendable, Equatable {
    package var kty: String
    package var kid: String?
    package var use: String?
    package var alg: String?
    package var n: String?
    package var e: String?

    package init(kty: String, kid: String?, use: String?, alg: String?, n: String?, e: String?) {
        self.kty = kty
        self.kid = kid
        self.use = use
        self.alg = alg
        self.n = n
        self.e = e
    }

    /// The RSA public key, or nil when this is not a usable RSA key.
    var rsaPublicKey: _RSA.Signing.PublicKey? {
        guard kty == "RSA", let n = n.flatMap(Base64URL.decode), let e = e.flatMap(Base64URL.decode) else {
            return nil
        }
        return try? _RSA.Signing.PublicKey(n: n, e: e)
    }

    /// The public JWK of an RSA key.
    static func rsa(_ key: _RSA.Signing.PublicKey, kid: String) throws -> JSONWebKey {
        let primitives = try key.getKeyPrimitives()
        return JSONWebKey(
            kty: "RSA",
            kid: kid,
            use: "sig",
            alg: "RS256",
            n: Base64URL.encode(primitives.modulus),
            e: Base64URL.encode(primitives.publicExponent)
        )
    }
}

/// An issuer's JWKS document (`{"keys": [...]}`).
package struct JSONWebKeySet: Codable, Sendable, Equatable {
    package var keys: [JSONWebKey]

    package init(keys: [JSONWebKey]) {
        self.keys = keys
    }
}

/// Verifies a client assertion issued by an external identity provider against the app's federated identity
/// credentials, in Entra's order: issuer, signature (the issuer's key named by `kid`), lifetime, subject, audience.
enum FederatedAssertionVerifier {
    private struct Header: Decodable {
        var alg: String
        var kid: String?
    }

    private struct Claims: Decodable {
        var iss: String
        var sub: String
        var aud: Audience
        var exp: Double
        var nbf: Double?
    }

    /// `aud` is a string or an array of strings (RFC 7519).
    private enum Audience: Decodable {
        case one(String)
        case many([String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let one = try? container.decode(String.self) {
                self = .one(one)
            } else {
                self = .many(try container.decode([String].self))
            }
        }

        var values: [String] {
            switch self {
            case .one(let value): [value]
            case .many(let values): values
            }
        }
    }

    private static let check =
        "Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation"

    static func verify(
        _ token: CompactJWT,
        application: ApplicationRecord,
        issuers: [String: JSONWebKeySet],
        now: Date
    ) throws(ClientAssertionVerifier.Failure) {
        guard let header = try? JSONDecoder().decode(Header.self, from: token.header),
            let claims = try? JSONDecoder().decode(Claims.self, from: token.claims)
        else {
            throw .init(aadsts: 50027, message: "JWT token is invalid or malformed.")
        }
        guard header.alg == "RS256" else {
            throw .init(
                aadsts: 5002738,
                message: "Invalid JWT token. '\(header.alg)' is not a supported signature algorithm."
            )
        }
        // Entra matches issuer and subject case-sensitively (since 2025).
        let byIssuer = application.federatedIdentityCredentials.filter { $0.issuer == claims.iss }
        guard !byIssuer.isEmpty else {
            throw .init(
                aadsts: 700211,
                message: "No matching federated identity record found for presented assertion issuer '\(claims.iss)'. "
                    + check
            )
        }
        guard let keys = issuers[claims.iss] else {
            // Entra could not fetch the issuer's OpenID configuration or keys.
            throw .init(
                aadsts: 50166,
                message: "Request to External OIDC endpoint failed. (no keys are registered for issuer "
                    + "'\(claims.iss)': PUT /_emulator/issuers)"
            )
        }
        guard let kid = header.kid, let key = keys.keys.first(where: { $0.kid == kid })?.rsaPublicKey else {
            throw .init(
                aadsts: 700027,
                message: "Client assertion failed signature validation. [Reason - The key was not found., "
                    + "Thumbprint of key used by client: '\(header.kid ?? "")']"
            )
        }
        guard
            key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: token.signature),
                for: token.signingInput,
                padding: .insecurePKCS1v1_5
            )
        else {
            throw .init(aadsts: 700027, message: "Client assertion failed signature validation.")
        }
        try ClientAssertionVerifier.checkLifetime(exp: claims.exp, nbf: claims.nbf, now: now)
        let bySubject = byIssuer.filter { $0.subject == claims.sub }
        guard !bySubject.isEmpty else {
            throw .init(
                aadsts: 700213,
                message: "No matching federated identity record found for presented assertion subject "
                    + "'\(claims.sub)'. " + check
            )
        }
        let audiences = claims.aud.values
        guard bySubject.contains(where: { credential in audiences.contains { credential.audiences.contains($0) } })
        else {
            throw .init(
                aadsts: 700212,
                message: "No matching federated identity record found for presented assertion audience "
                    + "'\(audiences.joined(separator: ","))'. " + check
            )
        }
    }
}
