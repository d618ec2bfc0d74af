import ArgumentParser
import Foundation
import PartnerCenterRendering

/// What `plan` and `drift` read and how they print: `--customer`, `--parallelism`, `--format`, `--color`.
struct PlanOptions: ParsableArguments {
    @Option(name: .customLong("customer"), help: "Limit the run to this customer domain (repeatable).")
    var customers: [String] = []

    @Option(help: "Customers read concurrently (1-32).")
    var parallelism: Int = 8

    @Option(help: "Output format: text, json or markdown.")
    var format: PlanFormat = .text

    @Option(help: "Colour in text output: auto (only on a terminal, never with NO_COLOR), always or never.")
    var color: ColorMode.Choice = .auto

    func validate() throws {
        guard (1...32).contains(parallelism) else { throw ValidationError("--parallelism must be between 1 and 32.") }
    }
}

/// `--format text|json|markdown` for plans.
enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case markdown

    var output: OutputFormat {
        switch self {
        case .text: .text
        case .json: .json
        case .markdown: .markdown
        }
    }
}

extension ColorMode.Choice: ExpressibleByArgument {}

extension PlanOptions {
    /// The style for diagnostics written to stderr.
    var stderrStyle: TerminalStyle {
        .resolve(color, isTerminal: isatty(STDERR_FILENO) == 1, environment: ProcessInfo.processInfo.environment)
    }
}
