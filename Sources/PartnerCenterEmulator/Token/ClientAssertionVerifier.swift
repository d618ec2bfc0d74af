import Crypto
package import Foundation
import _CryptoExtras

/// Verifies a signed client assertion (RFC 7523 JWT, RS256) the way Entra ID does. An assertion whose `iss` is the
/// client id is the app's own (certificate credential): the `x5t` header names a certificate registered on the app,
/// the signature verifies with its public key, `iss` = `sub` = client id, `aud` is the token endpoint, and
/// `nbf`/`exp` bracket the emulator clock. Any other issuer makes it a federated assertion
/// (``FederatedAssertionVerifier``).
enum ClientAssertionVerifier {
    struct Failure: Error {
        var aadsts: Int
        var message: String
    }

    private struct Header: Decodable {
        var alg: String
        var x5t: String?
    }

    private struct Claims: Decodable {
        var aud: String
        var iss: String
        var sub: String
        var exp: Double
        var nbf: Double?
        var jti: String?
    }

    private struct Issuer: Decodable {
        var iss: String
    }

    static func verify(
        _ assertion: String,
        application: ApplicationRecord,
        tenant: String,
        issuers: [String: JSONWebKeySet],
        now: Date
    ) throws(Failure) {
        let malformed = Failure(aadsts: 50027, message: "JWT token is invalid or malformed.")
        guard let token = CompactJWT(assertion),
            let issuer = try? JSONDecoder().decode(Issuer.self, from: token.claims)
        else { throw malformed }
        guard issuer.iss.lowercased() == application.clientId.lowercased() else {
            try FederatedAssertionVerifier.verify(token, application: application, issuers: issuers, now: now)
            return
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: token.header),
            let claims = try? JSONDecoder().decode(Claims.self, from: token.claims)
        else { throw malformed }
        let signature = token.signature
        guard header.alg == "RS256" || header.alg == "PS256" else {
            throw Failure(
                aadsts: 5002738,
                message: "Invalid JWT token. '\(header.alg)' is not a supported signature algorithm."
            )
        }
        guard let thumbprint = header.x5t, let spki = application.certificates[thumbprint],
            let spkiData = Data(base64Encoded: spki),
            let key = try? _RSA.Signing.PublicKey(derRepresentation: spkiData)
        else {
            throw Failure(
                aadsts: 700027,
                message: "The certificate with identifier used to sign the client assertion is not registered on "
                    + "application. [Reason - The key was not found., Thumbprint of key used by client: "
                    + "'\(header.x5t ?? "")']"
            )
        }
        let signed = token.signingInput
        let padding: _RSA.Signing.Padding = header.alg == "PS256" ? .PSS : .insecurePKCS1v1_5
        guard
            key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: signed, padding: padding)
        else {
            throw Failure(aadsts: 7000274, message: "Client assertion failed signature validation.")
        }
        guard claims.iss.lowercased() == application.clientId, claims.sub.lowercased() == application.clientId else {
            throw Failure(
                aadsts: 700021,
                message: "Client assertion application identifier doesn't match 'client_id' parameter."
            )
        }
        let audience = claims.aud.lowercased()
        guard
            audience.hasSuffix("/\(tenant.lowercased())/oauth2/v2.0/token")
                || audience.hasSuffix("/\(tenant.lowercased())/oauth2/token")
        else {
            throw Failure(
                aadsts: 700212,
                message: "No matching federated identity record found for presented assertion audience '\(claims.aud)'."
            )
        }
        try checkLifetime(exp: claims.exp, nbf: claims.nbf, now: now)
    }

    /// `nbf` ≤ now < `exp` on the emulator clock, with five minutes' skew.
    static func checkLifetime(exp: Double, nbf: Double?, now: Date) throws(Failure) {
        let seconds = now.timeIntervalSince1970
        let skew = 300.0
        guard exp + skew > seconds, (nbf ?? 0) - skew <= seconds else {
            throw Failure(
                aadsts: 700024,
                message: "Client assertion is not within its valid time range. Current time: "
                    + "\(EmulatorJSON.format(now)), assertion valid from "
                    + "\(nbf.map { EmulatorJSON.format(Date(timeIntervalSince1970: $0)) } ?? "(none)"), expiry time of "
                    + "assertion \(EmulatorJSON.format(Date(timeIntervalSince1970: exp)))."
            )
        }
    }
}

/// A JWS in compact serialization (`header.claims.signature`, each base64url).
struct CompactJWT {
    var header: Data
    var claims: Data
    var signature: Data
    /// The bytes the signature covers: `header.claims` as sent.
    var signingInput: Data

    init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let header = Base64URL.decode(parts[0]), let claims = Base64URL.decode(parts[1]),
            let signature = Base64URL.decode(parts[2])
        else { return nil }
        self.header = header
        self.claims = claims
        self.signature = signature
        self.signingInput = Data((parts[0] + "." + parts[1]).utf8)
    }
}

/// base64url without padding (JWT, `x5t`).
package enum Base64URL {
    package static func encode(_ data: some DataProtocol) -> String {
        Data(data).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    package static func decode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}

/// Just enough DER to take the SubjectPublicKeyInfo out of an X.509 certificate.
enum CertificateDER {
    /// The PEM body of the first block with this label (`CERTIFICATE`, `PUBLIC KEY`).
    static func pemBody(_ pem: String, label: String) -> Data? {
        let begin = "-----BEGIN \(label)-----"
        let end = "-----END \(label)-----"
        guard let start = pem.range(of: begin), let stop = pem.range(of: end, range: start.upperBound..<pem.endIndex)
        else { return nil }
        let base64 = pem[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        return Data(base64Encoded: String(base64))
    }

    /// The DER of the SubjectPublicKeyInfo inside a certificate's DER.
    static func subjectPublicKeyInfo(certificate der: Data) -> Data? {
        let bytes = [UInt8](der)
        guard let certificate = element(bytes, at: 0), certificate.tag == 0x30,
            let tbs = element(bytes, at: certificate.contentStart), tbs.tag == 0x30
        else { return nil }
        var offset = tbs.contentStart
        var index = 0
        if let first = element(bytes, at: offset), first.tag == 0xA0 { offset = first.end }
        // serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
        while offset < tbs.end, let item = element(bytes, at: offset) {
            if index == 5 { return Data(bytes[offset..<item.end]) }
            offset = item.end
            index += 1
        }
        return nil
    }

    private static func element(_ bytes: [UInt8], at offset: Int) -> (tag: UInt8, contentStart: Int, end: Int)? {
        guard offset + 1 < bytes.count else { return nil }
        let tag = bytes[offset]
        var length = Int(bytes[offset + 1])
        var start = offset + 2
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard count > 0, count <= 4, start + count <= bytes.count else { return nil }
            length = bytes[start..<start + count].reduce(0) { $0 << 8 | Int($1) }
            start += count
        }
        guard start + length <= bytes.count else { return nil }
        return (tag, start, start + length)
    }
}
