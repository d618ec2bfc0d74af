import ArgumentParser
import Foundation
import PartnerCenterRendering

/// How results are printed: `--format text|json` and colour.
struct OutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto
        case always
        case never
    }

    @Option(help: "Output format: text (for people, on stderr) or json (for machines, on stdout).")
    var format: Format = .text

    @Option(help: "Colour in text output: auto (only on a terminal, never with NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    /// The style for text written to stderr.
    var stderrStyle: DiagnosticStyle {
        switch color {
        case .always: DiagnosticStyle(colored: true)
        case .never: .plain
        case .auto:
            .automatic(isTerminal: isatty(STDERR_FILENO) == 1, environment: ProcessInfo.processInfo.environment)
        }
    }
}

/// Writes text to the standard streams (the executable's only printing point besides ArgumentParser).
enum StandardStreams {
    static func writeOut(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
    static func writeError(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
