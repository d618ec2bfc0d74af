import ArgumentParser
import Foundation
import PartnerCenterModel
import PartnerCenterRendering

/// What `apply` reads and how it prints: `--customer`, `--parallelism`, `--format text|json`, `--color`. Its own
/// group rather than `PlanOptions`, so `apply --help` offers only the formats apply renders (issue 14 item 10).
struct ApplyOptions: ParsableArguments {
    @Option(name: .customLong("customer"), help: "Limit apply PATH... to this customer domain (repeatable).")
    var customers: [String] = []

    @Option(help: "Customers read, then changed, concurrently (1-32).")
    var parallelism: Int = 8

    @Option(help: "Output format of the result: text or json (a plan shown before asking for `yes` is text).")
    var format: ApplyFormat = .text

    @Option(help: "Colour in text output: auto (only on a terminal, never with NO_COLOR), always or never.")
    var color: ColorMode.Choice = .auto

    func validate() throws {
        guard (1...32).contains(parallelism) else { throw ValidationError("--parallelism must be between 1 and 32.") }
    }

    /// The manifests at `paths`, validated and narrowed to `--customer`, as `plan` reads them.
    func desiredState(paths: [String], annotate: ([Diagnostic]) -> Void = { _ in }) throws -> DesiredState {
        let style = TerminalStyle.resolve(
            color,
            isTerminal: isatty(STDERR_FILENO) == 1,
            environment: ProcessInfo.processInfo.environment
        )
        return try PlanOptions.desiredState(paths: paths, customers: customers, style: style, annotate: annotate)
    }

    /// The plan as text on stdout, coloured as `--color` says.
    func print(_ plan: Plan) {
        StandardStreams.writeOutLine(PlanOptions.render(plan, format: .text, color: color))
    }

    /// The plan as text on stderr (colour only when stderr is a terminal), before asking for `yes` when stdout
    /// keeps the JSON result.
    func printOnStandardError(_ plan: Plan) {
        let color = ColorMode.resolve(
            choice: color,
            isTerminal: isatty(STDERR_FILENO) == 1,
            environment: ProcessInfo.processInfo.environment
        )
        StandardStreams.writeError(TextPlanRenderer(color: color).render(plan))
    }
}

/// `apply --format text|json`: apply renders its result in these two only.
enum ApplyFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}
