package import Foundation
import PartnerCenterEmulator
import _CryptoExtras

/// An external OpenID Connect issuer for workload identity federation tests (a Kubernetes service-account issuer,
/// say): its own RSA key, its JWKS for `PUT /_emulator/issuers`, and RS256 tokens it signs.
package struct TestIdentityProvider: Sendable {
    package let issuer: String
    package let kid: String
    private let key: _RSA.Signing.PrivateKey

    package init(issuer: String, kid: String = "test-signing-key-1") throws {
        self.issuer = issuer
        self.kid = kid
        self.key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
    }

    /// `{"issuer": ..., "jwks": {"keys": [{"kty":"RSA", "kid", "n", "e", "alg":"RS256", "use":"sig"}]}}`.
    package var issuerRegistration: String {
        get throws {
            let primitives = try key.publicKey.getKeyPrimitives()
            let jwk = [
                "kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
                "n": Base64URL.encode(primitives.modulus), "e": Base64URL.encode(primitives.publicExponent),
            ]
            return try Self.json(["issuer": issuer, "jwks": ["keys": [jwk]]])
        }
    }

    /// A Graph `federatedIdentityCredential` body trusting this issuer for `subject`.
    package func credentialRegistration(name: String, subject: String, audiences: [String]? = nil) throws -> String {
        var body: [String: Any] = ["name": name, "issuer": issuer, "subject": subject]
        if let audiences { body["audiences"] = audiences }
        return try Self.json(body)
    }

    /// A signed token: `aud` is a string for one audience, an array for several.
    package func token(
        subject: String,
        audiences: [String] = ["api://AzureADTokenExchange"],
        issuedAt: Date,
        lifetime: TimeInterval = 3600,
        issuer: String? = nil,
        kid: String? = nil,
        algorithm: String = "RS256"
    ) throws -> String {
        let issued = Int(issuedAt.timeIntervalSince1970)
        let claims: [String: Any] = [
            "iss": issuer ?? self.issuer, "sub": subject,
            "aud": audiences.count == 1 ? audiences[0] as Any : audiences as Any,
            "iat": issued, "nbf": issued, "exp": issued + Int(lifetime), "jti": UUID().uuidString,
        ]
        let header = try Self.json(["alg": algorithm, "typ": "JWT", "kid": kid ?? self.kid])
        let input = Base64URL.encode(Data(header.utf8)) + "." + Base64URL.encode(Data(try Self.json(claims).utf8))
        let signature = try key.signature(for: Data(input.utf8), padding: .insecurePKCS1v1_5)
        return input + "." + Base64URL.encode(signature.rawRepresentation)
    }

    /// `jwt` with one bit of its signature flipped.
    package static func tampered(_ jwt: String) -> String {
        guard let dot = jwt.lastIndex(of: "."), var signature = Base64URL.decode(String(jwt[jwt.index(after: dot)...]))
        else { return jwt }
        signature[signature.startIndex] ^= 0x01
        return jwt[..<dot] + "." + Base64URL.encode(signature)
    }

    private static func json(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
