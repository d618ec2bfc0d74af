package import Crypto
package import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// New customers' admin credentials sealed to the partner's public key (`apply --credentials-recipient`), so the
/// credentials file can leave an ephemeral CI runner as an artifact.
///
/// HPKE (RFC 9180) in base mode with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and ChaCha20-Poly1305
/// (`HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly`), the info string ``info``. Keys are PEM as OpenSSL writes them
/// (`openssl genpkey -algorithm X25519` for the private key, PKCS #8 `PRIVATE KEY`; `openssl pkey -pubout` for the
/// public key, SubjectPublicKeyInfo `PUBLIC KEY`), or `cspctl credentials keygen`.
///
/// One sealed record per line: `{"ciphertext", "customerId", "domain", "enc", "format", "recipient"}`. `enc` (the
/// encapsulated key) and `ciphertext` are base64; the ciphertext seals the plaintext record (`domain`,
/// `customerId`, `userName`, `password`, `recordedAt`) and authenticates `domain` and `customerId` (kept in clear
/// to say whose record it is), so neither can be changed without opening failing. `recipient` is
/// `sha256:<hex>` of the raw public key: opening with another key says so instead of failing obscurely.
package enum SealedCredentials {
    package static let format = "cspctl-sealed-credentials/1"
    package static let info = Data("cspctl credentials v1".utf8)
    static let suite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly

    /// The DER prefixes of an X25519 key (OID 1.3.101.110) in SubjectPublicKeyInfo and PKCS #8, before the 32 raw
    /// key bytes.
    private static let publicPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00]
    private static let privatePrefix: [UInt8] = [
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
    ]

    /// A recipient's public key read from a PEM file (`PUBLIC KEY`, X25519).
    package static func publicKey(pemFile path: String) throws -> Curve25519.KeyAgreement.PublicKey {
        let raw = try keyBytes(pemFile: path, label: "PUBLIC KEY", prefix: publicPrefix, what: "public")
        do {
            return try Curve25519.KeyAgreement.PublicKey(rawRepresentation: raw)
        } catch {
            throw CredentialsFileError("\(path) is not an X25519 public key")
        }
    }

    /// The partner's private key read from a PEM file (`PRIVATE KEY`, X25519).
    package static func privateKey(pemFile path: String) throws -> Curve25519.KeyAgreement.PrivateKey {
        let raw = try keyBytes(pemFile: path, label: "PRIVATE KEY", prefix: privatePrefix, what: "private")
        do {
            return try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)
        } catch {
            throw CredentialsFileError("\(path) is not an X25519 private key")
        }
    }

    /// A new key pair as PEM: (private PKCS #8, public SubjectPublicKeyInfo).
    package static func generateKeyPair() -> (privatePEM: String, publicPEM: String) {
        let key = Curve25519.KeyAgreement.PrivateKey()
        return (
            pem(privatePrefix + key.rawRepresentation, label: "PRIVATE KEY"),
            pem(publicPrefix + key.publicKey.rawRepresentation, label: "PUBLIC KEY")
        )
    }

    /// `cspctl credentials keygen`: writes a new key pair, each file created exclusively (never over an existing
    /// file), the private key with mode 0600 and the public key 0644; returns the public key's fingerprint.
    package static func writeKeyPair(privateKeyPath: String, publicKeyPath: String) throws -> String {
        let pair = generateKeyPair()
        try createExclusively(privateKeyPath, contents: pair.privatePEM, mode: 0o600)
        do {
            try createExclusively(publicKeyPath, contents: pair.publicPEM, mode: 0o644)
        } catch {
            unlink(privateKeyPath)
            throw error
        }
        return fingerprint(try publicKey(pemFile: publicKeyPath))
    }

    private static func createExclusively(_ path: String, contents: String, mode: mode_t) throws {
        let descriptor = openExclusively(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it exists (a key is never overwritten)" : String(cString: strerror(errno))
            throw CredentialsFileError("cannot create \(path): \(reason)")
        }
        defer { close(descriptor) }
        let data = Data(contents.utf8)
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count, fchmod(descriptor, mode) == 0, fsync(descriptor) == 0 else {
            throw CredentialsFileError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// `sha256:<hex>` of the raw public key.
    package static func fingerprint(_ key: Curve25519.KeyAgreement.PublicKey) -> String {
        "sha256:" + SHA256.hash(data: key.rawRepresentation).map { String(format: "%02x", $0) }.joined()
    }

    /// The sealed line (without its newline) for a plaintext record.
    static func seal(
        _ plaintext: Data,
        domain: String,
        customerID: String,
        to recipient: Curve25519.KeyAgreement.PublicKey
    ) throws -> Data {
        var sender = try HPKE.Sender(recipientKey: recipient, ciphersuite: suite, info: info)
        let ciphertext = try sender.seal(
            plaintext,
            authenticating: associatedData(domain: domain, customerID: customerID)
        )
        let record = SealedRecord(
            ciphertext: ciphertext.base64EncodedString(),
            customerId: customerID,
            domain: domain,
            enc: sender.encapsulatedKey.base64EncodedString(),
            format: format,
            recipient: fingerprint(recipient)
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(record)
    }

    /// Opens every line of a sealed credentials file with `key`: the plaintext records, in order, one JSON object a
    /// line. Throws naming the line when a line is not a sealed record, was sealed to another key, or was changed.
    package static func open(fileAt path: String, key: Curve25519.KeyAgreement.PrivateKey) throws -> [String] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CredentialsFileError("cannot read \(path): \(error.localizedDescription)")
        }
        let expected = fingerprint(key.publicKey)
        var opened: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let place = "\(path):\(index + 1)"
            opened.append(try openLine(String(line), key: key, expected: expected, place: place))
        }
        return opened
    }

    private static func openLine(
        _ line: String,
        key: Curve25519.KeyAgreement.PrivateKey,
        expected: String,
        place: String
    ) throws -> String {
        guard let record = try? JSONDecoder().decode(SealedRecord.self, from: Data(line.utf8)),
            record.format == format
        else {
            throw CredentialsFileError(
                "\(place): not a sealed credentials record (\(format)); was the file written with "
                    + "--credentials-recipient?"
            )
        }
        guard record.recipient == expected else {
            throw CredentialsFileError(
                "\(place): \(record.domain)'s record was sealed to the key \(record.recipient), not to this private "
                    + "key (\(expected)): give the private key that goes with the --credentials-recipient public key"
            )
        }
        guard let enc = Data(base64Encoded: record.enc), let ciphertext = Data(base64Encoded: record.ciphertext) else {
            throw CredentialsFileError("\(place): \(record.domain)'s record has enc or ciphertext that is not base64")
        }
        do {
            var recipient = try HPKE.Recipient(privateKey: key, ciphersuite: suite, info: info, encapsulatedKey: enc)
            let aad = associatedData(domain: record.domain, customerID: record.customerId)
            return String(decoding: try recipient.open(ciphertext, authenticating: aad), as: UTF8.self)
        } catch {
            throw CredentialsFileError(
                "\(place): \(record.domain)'s record does not open: it was changed after it was sealed "
                    + "(authentication failed), so its contents cannot be trusted"
            )
        }
    }

    private static func associatedData(domain: String, customerID: String) -> Data {
        Data("\(format)\n\(domain)\n\(customerID)".utf8)
    }

    private static func keyBytes(pemFile path: String, label: String, prefix: [UInt8], what: String) throws -> Data {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CredentialsFileError("cannot read the \(what) key file \(path): \(error.localizedDescription)")
        }
        let begin = "-----BEGIN \(label)-----"
        let end = "-----END \(label)-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex)
        else {
            throw CredentialsFileError(
                "\(path) is not a PEM \(label) (expected \(begin)); make a key pair with `cspctl credentials keygen` "
                    + "or `openssl genpkey -algorithm X25519`"
            )
        }
        let body = text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: String(body)), der.count == prefix.count + 32,
            Array(der.prefix(prefix.count)) == prefix
        else {
            throw CredentialsFileError(
                "\(path) holds a \(what) key that is not X25519 (the tool seals with HPKE X25519/HKDF-SHA256/"
                    + "ChaCha20-Poly1305); make one with `openssl genpkey -algorithm X25519`"
            )
        }
        return der.suffix(32)
    }

    private static func pem(_ der: [UInt8], label: String) -> String {
        let base64 = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(base64)\n-----END \(label)-----\n"
    }
}

/// POSIX `open` (the enum's own `open` hides it inside it).
private func openExclusively(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    open(path, flags, mode)
}

private struct SealedRecord: Codable {
    var ciphertext: String
    var customerId: String
    var domain: String
    var enc: String
    var format: String
    var recipient: String
}
