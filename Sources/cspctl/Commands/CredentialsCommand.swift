import ArgumentParser
import Foundation
import PartnerCenterReconcile

/// `cspctl credentials open|keygen`: the sealed credentials file of `apply --credentials-recipient`.
struct CredentialsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credentials",
        abstract: "Read back sealed admin credentials (apply --credentials-recipient), or make the key pair.",
        subcommands: [CredentialsOpenCommand.self, CredentialsKeygenCommand.self]
    )
}

/// `cspctl credentials open --key PRIVATE_KEY_FILE FILE`: prints each record's plaintext, one JSON object a line.
struct CredentialsOpenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open a sealed credentials file with the private key; print the records, one JSON object a line.",
        discussion: """
            Every line must open: a record sealed to another key, or changed after it was sealed, stops the command \
            (exit 1) naming the line, and nothing is printed.
            """
    )

    @Option(help: ArgumentHelp("The X25519 private key (PEM, PKCS #8).", valueName: "private-key-file"))
    var key: String

    @Argument(help: ArgumentHelp("The sealed credentials file.", valueName: "file"))
    var file: String

    func run() async throws {
        let records = try SealedCredentials.open(
            fileAt: file,
            key: try SealedCredentials.privateKey(pemFile: key)
        )
        for record in records { StandardStreams.writeOutLine(record) }
    }
}

/// `cspctl credentials keygen --private-key FILE --public-key FILE`.
struct CredentialsKeygenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make an X25519 key pair for --credentials-recipient (the private key file gets mode 0600).",
        discussion: """
            The same as `openssl genpkey -algorithm X25519 -out private.pem` and \
            `openssl pkey -in private.pem -pubout -out public.pem`. Existing files are never overwritten.
            """
    )

    @Option(help: ArgumentHelp("Where to write the private key (PEM); keep it out of CI.", valueName: "file"))
    var privateKey: String

    @Option(help: ArgumentHelp("Where to write the public key (PEM) for --credentials-recipient.", valueName: "file"))
    var publicKey: String

    func run() async throws {
        let fingerprint = try SealedCredentials.writeKeyPair(privateKeyPath: privateKey, publicKeyPath: publicKey)
        StandardStreams.writeOutLine(
            "wrote \(privateKey) (private, mode 0600) and \(publicKey) (public, \(fingerprint))"
        )
    }
}
