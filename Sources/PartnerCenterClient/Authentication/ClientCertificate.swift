import Crypto
package import Foundation
import _CryptoExtras

/// A certificate credential: the RSA private key and the certificate from one PEM file, as
/// `AZURE_CLIENT_CERTIFICATE_PATH` names it.
package struct ClientCertificate: Sendable {
    private let privateKey: _RSA.Signing.PrivateKey
    /// base64url(SHA-1(DER certificate)): the `x5t` header Entra uses to find the certificate.
    package let thumbprint: String

    /// Reads `path`. Throws a ``PartnerCenterError`` naming the file and what is wrong with it (never its content).
    package init(pemFile path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw PartnerCenterError.credentials(
                "cannot read the certificate file AZURE_CLIENT_CERTIFICATE_PATH=\(path)",
                detail: "It must be a readable PEM file with the private key and the certificate."
            )
        }
        try self.init(pem: text, source: path)
    }

    package init(pem text: String, source: String = "the PEM") throws {
        let blocks = PEMBlock.parse(text)
        guard let certificate = blocks.first(where: { $0.label == "CERTIFICATE" }) else {
            throw PartnerCenterError.credentials(
                "no certificate in \(source)",
                detail: "The PEM must contain a -----BEGIN CERTIFICATE----- block next to the private key."
            )
        }
        if blocks.contains(where: { $0.label == "ENCRYPTED PRIVATE KEY" }) {
            throw PartnerCenterError.credentials(
                "the private key in \(source) is encrypted",
                detail: "Export it without a passphrase (and keep the file readable only by the job)."
            )
        }
        guard let key = blocks.first(where: { $0.label == "PRIVATE KEY" || $0.label == "RSA PRIVATE KEY" }) else {
            throw PartnerCenterError.credentials(
                "no private key in \(source)",
                detail: "The PEM must contain a -----BEGIN PRIVATE KEY----- (or RSA PRIVATE KEY) block."
            )
        }
        do {
            privateKey = try _RSA.Signing.PrivateKey(pemRepresentation: key.pem)
        } catch {
            throw PartnerCenterError.credentials(
                "the private key in \(source) is not a usable RSA key",
                detail: "Entra client assertions are signed with RS256, which needs an RSA key of 2048 bits or more."
            )
        }
        thumbprint = Base64URL.encode(Data(Insecure.SHA1.hash(data: certificate.der)))
    }

    /// An RS256 signature of `message` (RSASSA-PKCS1-v1_5 with SHA-256).
    func sign(_ message: Data) throws -> Data {
        let signature = try privateKey.signature(for: SHA256.hash(data: message), padding: .insecurePKCS1v1_5)
        return signature.rawRepresentation
    }

    /// A client assertion for `audience` (the token endpoint): header `{alg: RS256, typ: JWT, x5t}`, claims
    /// `aud`, `iss` = `sub` = client id, a fresh `jti`, `nbf`/`iat` = now and `exp` = now + 10 minutes.
    package func clientAssertion(clientID: String, audience: String, now: Date) throws -> String {
        let issued = Int(now.timeIntervalSince1970)
        let header: [String: String] = ["alg": "RS256", "typ": "JWT", "x5t": thumbprint]
        let claims: [String: JSONClaim] = [
            "aud": .string(audience), "iss": .string(clientID), "sub": .string(clientID),
            "jti": .string(UUID().uuidString.lowercased()), "nbf": .number(issued), "iat": .number(issued),
            "exp": .number(issued + 600),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let signingInput =
            Base64URL.encode(try encoder.encode(header)) + "." + Base64URL.encode(try encoder.encode(claims))
        return signingInput + "." + Base64URL.encode(try sign(Data(signingInput.utf8)))
    }
}

private enum JSONClaim: Encodable {
    case string(String)
    case number(Int)

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .number(let value): try container.encode(value)
        }
    }
}

/// One `-----BEGIN X-----` ... `-----END X-----` block.
struct PEMBlock {
    let label: String
    let der: Data
    let pem: String

    static func parse(_ text: String) -> [PEMBlock] {
        var blocks: [PEMBlock] = []
        var label: String?
        var lines: [String] = []
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("-----BEGIN "), line.hasSuffix("-----") {
                label = String(line.dropFirst(11).dropLast(5))
                lines = []
            } else if line.hasPrefix("-----END "), let current = label {
                let body = lines.joined()
                if let der = Data(base64Encoded: body) {
                    let wrapped = stride(from: 0, to: body.count, by: 64).map { offset -> String in
                        let start = body.index(body.startIndex, offsetBy: offset)
                        let end = body.index(start, offsetBy: min(64, body.count - offset))
                        return String(body[start..<end])
                    }
                    let pem = (["-----BEGIN \(current)-----"] + wrapped + ["-----END \(current)-----"])
                        .joined(separator: "\n")
                    blocks.append(PEMBlock(label: current, der: der, pem: pem))
                }
                label = nil
            } else if label != nil, !line.contains(":") {
                lines.append(line)
            }
        }
        return blocks
    }
}

/// base64url without padding (RFC 7515).
enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
