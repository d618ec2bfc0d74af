import ArgumentParser
import Foundation
import PartnerCenterRendering

/// How results are printed: `--format text|json` and colour.
struct OutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Option(help: "Output format: text (for people, on stderr) or json (for machines, on stdout).")
    var format: Format = .text

    @Option(help: "Colour in text output: auto (only on a terminal, never with NO_COLOR), always or never.")
    var color: ColorMode.Choice = .auto

    /// The style for text written to stderr.
    var stderrStyle: TerminalStyle {
        .resolve(color, isTerminal: isatty(STDERR_FILENO) == 1, environment: ProcessInfo.processInfo.environment)
    }
}

/// Writes text to the standard streams (the executable's only printing point besides ArgumentParser).
///
/// Plain `write(2)` on the descriptors, never `FileHandle.write`: Foundation's traps on a failed write, so a reader
/// that went away (`cspctl plan | head -1`, a CI step that stops reading) ended every command in a fatal error and
/// a backtrace. SIGPIPE is ignored at start (`ignoreBrokenPipe`), so a closed standard output shows up here as
/// EPIPE and the process ends quietly with 141 (128 + SIGPIPE), the status a Unix tool killed by SIGPIPE has.
/// Apply's journal is append-only and written before each outcome is printed, so it stays consistent, as it does
/// when the process is killed. A closed or failing standard error is ignored: there is nowhere left to say so.
enum StandardStreams {
    static func writeOut(_ text: String) { writeAll(ci.neutralizingCommands(in: text), to: STDOUT_FILENO) }
    /// A JSON document on stdout: under a CI its strings keep their values (`CIProvider.neutralizingCommands(inJSON:)`).
    static func writeJSON(_ json: String) {
        let line = json.hasSuffix("\n") ? json : json + "\n"
        writeAll(ci.neutralizingCommands(inJSON: line), to: STDOUT_FILENO)
    }
    static func writeError(_ text: String) { writeAll(ci.neutralizingCommands(in: text), to: STDERR_FILENO) }

    /// The CI the command runs in, detected for every command; `--ci` (`CIOptions`) sets it while the arguments
    /// are validated, before anything is printed. Under one, nothing printed can be read as a workflow command,
    /// except what `writeCICommands` writes.
    nonisolated(unsafe) static var ci: CIProvider = .detect(environment: ProcessInfo.processInfo.environment)

    /// Workflow or logging commands cspctl means (escaped by `PartnerCenterRendering`'s CI helpers), on stderr.
    static func writeCICommands(_ text: String) { writeAll(text, to: STDERR_FILENO) }

    /// The exit status after standard output's reader went away.
    static let brokenPipeStatus: Int32 = 128 + SIGPIPE

    /// Called once at start, before anything is printed.
    static func ignoreBrokenPipe() { signal(SIGPIPE, SIG_IGN) }

    private static func writeAll(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, base + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                    continue
                }
                if written < 0, errno == EINTR { continue }
                guard descriptor == STDOUT_FILENO else { return }
                if written < 0, errno == EPIPE { exit(brokenPipeStatus) }
                let reason = written < 0 ? String(cString: strerror(errno)) : "nothing was written"
                writeAll("error: cannot write to standard output: \(reason)\n", to: STDERR_FILENO)
                exit(1)
            }
        }
    }
}
