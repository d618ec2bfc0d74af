import ArgumentParser
import Foundation
import PartnerCenterReconcile
import PartnerCenterRendering

/// What `plan` and `drift` read, how they print and judge: `--customer`, `--parallelism`, `--waiting-grace`,
/// `--format`, `--color`.
struct PlanOptions: ParsableArguments {
    @Option(name: .customLong("customer"), help: "Limit the run to this customer domain (repeatable).")
    var customers: [String] = []

    @Option(help: "Customers read concurrently (1-32).")
    var parallelism: Int = 8

    @Option(
        help: ArgumentHelp(
            "How long a change may wait for the customer (a GDAP approval) before drift reports it (default: 14d; 36h, 0).",
            valueName: "duration"
        ),
        transform: WaitingGrace.parse
    )
    var waitingGrace = WaitingGrace(seconds: DriftJudgement.defaultWaitingGrace)

    @Option(help: "Output format: text, json or markdown.")
    var format: PlanFormat = .text

    @Option(help: "Colour in text output: auto (only on a terminal, never with NO_COLOR), always or never.")
    var color: ColorMode.Choice = .auto

    @Flag(
        help: ArgumentHelp(
            "List the live customers no manifest names, by domain and tenant id (they are always counted).",
            discussion: "One partner-wide customer list, paged; not counted with --customer. The count is not drift."
        )
    )
    var reportUnmanaged = false

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

/// `--waiting-grace`: a whole number of days, hours, minutes or seconds (`14d`, `36h`, `90m`, `30s`), or `0`.
struct WaitingGrace: CustomStringConvertible {
    var seconds: TimeInterval

    static func parse(_ argument: String) throws -> WaitingGrace {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        if text == "0" { return WaitingGrace(seconds: 0) }
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
        guard let last = text.last, let unit = units[last], let count = Int(text.dropLast()), count >= 0,
            text.dropLast().allSatisfy(\.isASCII)
        else {
            throw ValidationError(
                "--waiting-grace takes a whole number of days, hours, minutes or seconds, such as 14d, 36h, 90m "
                    + "or 0, not '\(argument)'."
            )
        }
        return WaitingGrace(seconds: TimeInterval(count) * unit)
    }

    /// As help shows the default: `14d`.
    var description: String {
        let whole = Int(seconds)
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60)] where whole > 0 && whole % size == 0 {
            return "\(whole / size)\(unit)"
        }
        return whole == 0 ? "0" : "\(whole)s"
    }
}

extension PlanOptions {
    /// What drift says about waiting changes, after the plan: the ones that have waited longer than
    /// `--waiting-grace` (drift, with how long) and the ones still within it (not drift). On stdout after a text
    /// plan, on stderr otherwise (stdout keeps the JSON or Markdown as it is).
    func printWaiting(_ judgement: DriftJudgement) {
        let lines = Self.waitingLines(judgement)
        guard !lines.isEmpty else { return }
        let text = lines.joined(separator: "\n") + "\n"
        if format == .text {
            StandardStreams.writeOut("\n" + text)
        } else {
            StandardStreams.writeError(text)
        }
    }

    static func waitingLines(_ judgement: DriftJudgement) -> [String] {
        let grace = PlanPhrases.duration(judgement.waitingGrace)
        func waited(_ waiting: DriftJudgement.Waiting) -> String {
            guard let seconds = waiting.waited, let since = waiting.since else { return "since a time not known" }
            return "for \(PlanPhrases.duration(seconds)) (since \(since.formatted(.iso8601)))"
        }
        var lines: [String] = []
        let judgement = judgement.visible
        for waiting in judgement.overdue {
            let beyond =
                judgement.waitingGrace > 0 ? "longer than --waiting-grace \(grace)" : "--waiting-grace is 0"
            lines.append("drift: \(waiting.address) has been waiting \(waited(waiting)), \(beyond)")
        }
        for waiting in judgement.withinGrace {
            lines.append(
                "waiting, not drift yet: \(waiting.address) has been waiting \(waited(waiting)); drift after \(grace)"
            )
        }
        return lines
    }
}

extension DriftJudgement {
    /// The same judgement with every address one visible line: a relationship's name comes from a manifest, and a
    /// newline or an escape sequence in it must not forge or colour a line of drift's verdict.
    fileprivate var visible: DriftJudgement {
        func shown(_ waiting: Waiting) -> Waiting {
            var waiting = waiting
            waiting.address = String(
                waiting.address.unicodeScalars.map { scalar -> String in
                    switch scalar.properties.generalCategory {
                    case .control, .format, .lineSeparator, .paragraphSeparator:
                        return "\\u{\(String(scalar.value, radix: 16))}"
                    default:
                        return String(scalar)
                    }
                }
                .joined()
            )
            return waiting
        }
        var judgement = self
        judgement.overdue = overdue.map(shown)
        judgement.withinGrace = withinGrace.map(shown)
        return judgement
    }
}
