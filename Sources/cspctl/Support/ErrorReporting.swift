import ArgumentParser
import Foundation
import PartnerCenterClient
import PartnerCenterEmulator
import PartnerCenterReconcile

/// The one place that turns an error into what the user sees and the exit status: every error a command throws,
/// from the libraries, from the command itself, or from argument parsing, is printed here as `error: message` on
/// stderr (plus its detail lines, when it has some), and exits with its status:
///
/// | error | status |
/// | --- | --- |
/// | ``ExitCode`` (a command's verdict, already printed: drift 2/3, `--detailed-exitcode` 2, a failed change 1) | its own |
/// | usage errors (an unknown flag, a missing argument, a `ValidationError`) | 64, with the usage |
/// | `--help`, `--version` | 0, on stdout |
/// | a cancelled run | 1, nothing printed |
/// | an apply stopped by SIGINT or SIGTERM (``ExitCode`` from `Signals.swift`, after `interrupted: N of M …`) | 130, 143 |
/// | standard output closed by its reader (EPIPE; `OutputOptions.swift` exits at once) | 141, nothing printed |
/// | everything else (a refused plan, an API failure, a file that cannot be read or written) | 1 |
enum ErrorReporting {
    /// Parses the command line, runs the command, and reports what it throws. Replaces `CSPCtl.main()`.
    static func main() async -> Never {
        do {
            var command = try CSPCtl.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(ExitCode.success.rawValue)
        } catch {
            exit(report(error).rawValue)
        }
    }

    /// Prints `error` (nothing for an exit status or a cancellation) and returns the exit status it stands for.
    static func report(_ error: any Error) -> ExitCode {
        if let exit = error as? ExitCode { return exit }
        if error is CancellationError { return .failure }
        if let (message, detail) = described(error) {
            StandardStreams.writeError(text(message, detail))
            return .failure
        }
        // Argument parsing, help and version, and any error no library names: ArgumentParser's text and status,
        // in this tool's one style.
        let status = CSPCtl.exitCode(for: error)
        let full = CSPCtl.fullMessage(for: error)
        if status == .success {
            if !full.isEmpty { StandardStreams.writeOutLine(full) }
            return status
        }
        let body = full.hasPrefix("Error: ") ? String(full.dropFirst("Error: ".count)) : full
        StandardStreams.writeError(text(body.trimmingCharacters(in: .newlines), nil))
        return status
    }

    /// The message and detail of the errors cspctl and its libraries define; nil for anything else.
    static func described(_ error: any Error) -> (String, String?)? {
        switch error {
        case let failure as CommandFailure: (failure.message, failure.detail)
        case let failure as ClientError: (failure.description, failure.detailDescription)
        case let failure as ConnectionError: (failure.message, nil)
        case let failure as SessionError: (failure.message, failure.detail)
        case let failure as SavedPlanError: (failure.message, failure.detail)
        case let failure as EmbeddingError: (failure.message, nil)
        case let failure as CredentialsFileError: (failure.description, nil)
        default: nil
        }
    }

    private static func text(_ message: String, _ detail: String?) -> String {
        var text = "error: \(message)\n"
        if let detail, !detail.isEmpty { text += detail + "\n" }
        return text
    }
}

/// A failure of the command itself (a file it cannot write, a question not answered), reported as
/// `error: message` (and its detail) with exit 1.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var detail: String?

    init(_ message: String, detail: String? = nil) {
        self.message = message
        self.detail = detail
    }

    var description: String { message }
}
