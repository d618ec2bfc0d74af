import ArgumentParser
import Foundation
import PartnerCenterClient

/// `cspctl login`: obtains the Secure Application Model refresh token with the device-code flow.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Sign in once (device code) and keep the App+User refresh token for plan and apply.",
        discussion: """
            Signs in to the partner's own application (AZURE_TENANT_ID, AZURE_CLIENT_ID; the app registration must \
            allow public client flows) with the device-code flow: open the URL shown on stderr, enter the code, \
            sign in with MFA and consent. The refresh token is stored in $XDG_CONFIG_HOME/cspctl/refresh-token.json \
            (else ~/.config/cspctl/), folder mode 0700, file mode 0600, replaced atomically; plan and apply use it \
            when CSPCTL_REFRESH_TOKEN is not set, only for the same tenant, application and endpoint. --print \
            writes it once to stdout instead, for a CI secret store, and stores nothing.
            Exit status: 0 signed in, 1 declined, expired or any error.
            """
    )

    @Option(help: "A Partner Center-compatible base URL, such as a running `cspctl emulator` (env CSPCTL_ENDPOINT).")
    var endpoint: String?

    @Option(help: "The real service's cloud: public, china or usgov.")
    var cloud: PartnerCenterCloud?

    @Flag(help: "Print the refresh token once on stdout (for a CI secret store) instead of storing it.")
    var print = false

    func validate() throws {
        if endpoint != nil, cloud != nil { throw ValidationError("Give at most one of --endpoint and --cloud.") }
    }

    func run() async throws {
        let settings = ConnectionSettings(endpoint: endpoint, cloud: cloud, toolVersion: CSPCtlVersion.current)
        let outcome = try await LoginWorkflow.login(
            settings,
            print: print,
            environment: ProcessInfo.processInfo.environment
        ) { prompt in
            StandardStreams.writeError(
                "To sign in, open \(Self.printable(prompt.verificationURI)) in a browser and enter the code "
                    + "\(Self.printable(prompt.userCode)) (it expires in \(prompt.expiresIn / 60) minutes).\n"
                    + "Waiting for the sign-in...\n"
            )
        }
        switch outcome {
        case .stored(let path):
            StandardStreams.writeError(
                "Signed in. The refresh token is stored in \(Self.printable(path)) (mode 0600).\n"
            )
        case .printed(let token):
            StandardStreams.writeError("Signed in. The refresh token follows on stdout; it is stored nowhere.\n")
            StandardStreams.writeOutLine(token.revealed)
        }
    }

    /// The service's text with control characters (terminal escapes, newlines) shown as `\u{…}`.
    static func printable(_ text: String) -> String {
        text.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
                ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }
        .joined()
    }
}

/// `cspctl logout`: removes the stored refresh token.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Remove the refresh token `cspctl login` stored."
    )

    func run() async throws {
        if let path = try LoginWorkflow.logout(environment: ProcessInfo.processInfo.environment) {
            StandardStreams.writeError("Removed \(LoginCommand.printable(path)).\n")
        } else {
            StandardStreams.writeError("No refresh token was stored.\n")
        }
    }
}
