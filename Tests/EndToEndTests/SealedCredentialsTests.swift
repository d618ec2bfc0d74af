import Foundation
import NIOHTTP1
import PartnerCenterTestSupport
import Testing

/// `apply --credentials-recipient` and `cspctl credentials open|keygen` (issue 16 item 5): new customers' admin
/// credentials sealed with HPKE (X25519, HKDF-SHA256, ChaCha20-Poly1305) to the partner's public key, so the file
/// can leave a CI runner; only the private key opens it.
@Suite(.tags(.endToEnd)) struct SealedCredentialsTests {
    let cli: CLIRunner = {
        var runner = CLIRunner()
        runner.environment = PlanFixtures.developmentEnvironment
        runner.timeout = .seconds(120)
        return runner
    }()

    /// A key pair made by `openssl genpkey -algorithm X25519` and `openssl pkey -pubout` (test keys only): the
    /// tool takes OpenSSL's PEM as it is.
    static let opensslPrivateKey = """
        -----BEGIN PRIVATE KEY-----
        MC4CAQAwBQYDK2VuBCIEIHAgUcvPjaE6jqkftaWHN/if38fOzDAWAQ2K47ceox5C
        -----END PRIVATE KEY-----

        """
    static let opensslPublicKey = """
        -----BEGIN PUBLIC KEY-----
        MCowBQYDK2VuAyEA0A+e1pjiDVZCwOVh9anaTpk3QZHipm5WVnbFFNPL4Xs=
        -----END PUBLIC KEY-----

        """

    /// The same one-customer apply against two fresh emulators of the same seed, once in plaintext and once sealed:
    /// the sealed file holds no password, and `credentials open` gives back exactly the plaintext records (the
    /// password Partner Center returned, the admin's name and the customer id).
    @Test func sealedRecordsOpenToWhatTheEmulatorReturned() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(ApplyFixtures.manifest(customers: 1, prefix: "sealed"), to: manifest)
        let (privateKey, publicKey) = try Self.writeOpenSSLKeys(in: folder)
        let plain = folder.appendingPathComponent("plain.jsonl")
        let sealed = folder.appendingPathComponent("sealed.jsonl")
        for (file, sealing) in [(plain, false), (sealed, true)] {
            try await EmulatorHarness.with { harness in
                let recipient = sealing ? ["--credentials-recipient", publicKey.path] : []
                let state = folder.appendingPathComponent(sealing ? "sealed-state" : "plain-state").path
                let apply = try await cli.run(
                    [
                        "apply", manifest.path, "--auto-approve", "--credentials-out", file.path, "--state-dir", state,
                        "--endpoint", harness.baseURL,
                    ] + recipient
                )
                #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
            }
        }
        let expected = try PlanFixtures.json(try String(contentsOf: plain, encoding: .utf8))
        let password = try #require(expected["password"] as? String)
        let sealedText = try String(contentsOf: sealed, encoding: .utf8)
        #expect(!sealedText.contains(password), "the sealed file holds the password in clear")
        #expect(!sealedText.contains("\"password\""))
        let record = try PlanFixtures.json(sealedText)
        #expect(record["format"] as? String == "cspctl-sealed-credentials/1")
        #expect(record["domain"] as? String == "sealed0.onmicrosoft.com")
        let mode = try FileManager.default.attributesOfItem(atPath: sealed.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let opened = try await cli.run(["credentials", "open", "--key", privateKey.path, sealed.path])
        #expect(opened.status == 0, "\(opened.stderr)")
        let lines = opened.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let recovered = try PlanFixtures.json(String(lines.first ?? ""))
        for key in ["domain", "customerId", "userName", "password"] {
            #expect(recovered[key] as? String == expected[key] as? String, "\(key) differs")
        }
    }

    /// Another private key is refused naming the key the record was sealed to; a record changed after sealing
    /// (its ciphertext, or the domain kept in clear) is refused as tampered; nothing is printed either way.
    @Test func aWrongKeyOrATamperedRecordFailsClearly() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(ApplyFixtures.manifest(customers: 2, prefix: "tamper"), to: manifest)
        let privateKey = folder.appendingPathComponent("partner.pem").path
        let publicKey = folder.appendingPathComponent("partner.pub.pem").path
        let keygen = try await cli.run([
            "credentials", "keygen", "--private-key", privateKey, "--public-key", publicKey,
        ])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let keyMode = try FileManager.default.attributesOfItem(atPath: privateKey)[.posixPermissions] as? Int
        #expect(keyMode == 0o600)
        let again = try await cli.run(["credentials", "keygen", "--private-key", privateKey, "--public-key", publicKey])
        #expect(again.status == 1 && again.stderr.contains("never overwritten"), "\(again.stderr)")

        let sealed = folder.appendingPathComponent("sealed.jsonl")
        try await EmulatorHarness.with { harness in
            let apply = try await cli.run(
                [
                    "apply", manifest.path, "--auto-approve", "--credentials-out", sealed.path,
                    "--credentials-recipient",
                    publicKey, "--state-dir", folder.path, "--endpoint", harness.baseURL,
                ]
            )
            #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
        }
        let good = try await cli.run(["credentials", "open", "--key", privateKey, sealed.path])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.split(separator: "\n").count == 2)

        let (otherKey, _) = try Self.writeOpenSSLKeys(in: folder)
        let wrong = try await cli.run(["credentials", "open", "--key", otherKey.path, sealed.path])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("was sealed to the key sha256:"), "\(wrong.stderr)")
        #expect(wrong.stdout.isEmpty)

        let lines = try String(contentsOf: sealed, encoding: .utf8).split(separator: "\n").map(String.init)
        var record = try PlanFixtures.json(lines[1])
        var ciphertext = Array(try #require(Data(base64Encoded: record["ciphertext"] as? String ?? "")))
        ciphertext[5] ^= 0x01
        record["ciphertext"] = Data(ciphertext).base64EncodedString()
        let flipped = try Self.writeLines([lines[0], try Self.jsonLine(record)], to: folder, name: "flipped.jsonl")
        let tampered = try await cli.run(["credentials", "open", "--key", privateKey, flipped.path])
        #expect(tampered.status == 1)
        #expect(
            tampered.stderr.contains("flipped.jsonl:2") && tampered.stderr.contains("changed"),
            "\(tampered.stderr)"
        )
        #expect(tampered.stdout.isEmpty, "no record is printed when one does not open")

        var renamed = try PlanFixtures.json(lines[0])
        renamed["domain"] = "someone-else.onmicrosoft.com"
        let moved = try Self.writeLines([try Self.jsonLine(renamed)], to: folder, name: "moved.jsonl")
        let movedOpen = try await cli.run(["credentials", "open", "--key", privateKey, moved.path])
        #expect(movedOpen.status == 1 && movedOpen.stderr.contains("changed"), "\(movedOpen.stderr)")
    }

    /// `--credentials-recipient` needs `--credentials-out`; a recipient file that is not an X25519 public key stops
    /// apply before anything is sent.
    @Test func anUnusableRecipientIsRefusedBeforeAnythingIsSent() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(ApplyFixtures.manifest(customers: 1, prefix: "norecipient"), to: manifest)
        let (privateKey, _) = try Self.writeOpenSSLKeys(in: folder)
        try await EmulatorHarness.with { harness in
            let endpoint = ["--endpoint", harness.baseURL, "--state-dir", folder.path]
            let noOut = try await cli.run(
                ["apply", manifest.path, "--auto-approve", "--credentials-recipient", privateKey.path] + endpoint
            )
            #expect(noOut.status != 0 && noOut.stderr.contains("--credentials-out"), "\(noOut.stderr)")
            let credentials = folder.appendingPathComponent("c.jsonl").path
            let privateAsPublic = try await cli.run(
                [
                    "apply", manifest.path, "--auto-approve", "--credentials-out", credentials,
                    "--credentials-recipient",
                    privateKey.path,
                ] + endpoint
            )
            #expect(privateAsPublic.status == 1)
            #expect(privateAsPublic.stderr.contains("PUBLIC KEY"), "\(privateAsPublic.stderr)")
            let state = try #require(try await harness.control(.GET, "state").json() as? [String: Any])
            #expect((state["customers"] as? [String: Any] ?? [:]).isEmpty, "nothing was created")
        }
    }

    static func writeOpenSSLKeys(in folder: URL) throws -> (URL, URL) {
        let privateKey = folder.appendingPathComponent("openssl.pem")
        let publicKey = folder.appendingPathComponent("openssl.pub.pem")
        if !FileManager.default.fileExists(atPath: privateKey.path) {
            try opensslPrivateKey.write(to: privateKey, atomically: true, encoding: .utf8)
            try opensslPublicKey.write(to: publicKey, atomically: true, encoding: .utf8)
        }
        return (privateKey, publicKey)
    }

    static func jsonLine(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static func writeLines(_ lines: [String], to folder: URL, name: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}
