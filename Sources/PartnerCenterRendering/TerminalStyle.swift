/// Whether text output carries ANSI colour: the one colour decision for every text cspctl writes (plans on stdout,
/// diagnostics and reports on stderr). The command decides: `--color auto` means on only when the output is a
/// terminal that shows colour (`TERM` is not `dumb`) and `NO_COLOR` is unset or empty (https://no-color.org).
package enum ColorMode: String, Sendable, Hashable, CaseIterable {
    case on
    case off

    /// `--color always|never|auto` with the facts `auto` needs.
    package static func resolve(choice: Choice, isTerminal: Bool, environment: [String: String]) -> ColorMode {
        switch choice {
        case .always: return .on
        case .never: return .off
        case .auto:
            let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            return isTerminal && !noColor && environment["TERM"] != "dumb" ? .on : .off
        }
    }

    package enum Choice: String, Sendable, Hashable, CaseIterable {
        case auto
        case always
        case never
    }
}

/// ANSI styling that collapses to plain text when colour is off: the package's one colour system (the plan's text
/// renderer and the diagnostics printer both use it).
package struct TerminalStyle: Sendable, Hashable {
    package let mode: ColorMode

    package init(mode: ColorMode) { self.mode = mode }

    /// No escape codes.
    package static let plain = TerminalStyle(mode: .off)

    /// The style for a stream: `choice` resolved with whether the stream is a terminal (see ``ColorMode/resolve``).
    package static func resolve(
        _ choice: ColorMode.Choice,
        isTerminal: Bool,
        environment: [String: String]
    ) -> TerminalStyle {
        TerminalStyle(mode: ColorMode.resolve(choice: choice, isTerminal: isTerminal, environment: environment))
    }

    enum Tone {
        case green, yellow, red, magenta, cyan, bold, dim
        /// Bold red, yellow and cyan: the `error:`, `warning:` and `note:` labels of diagnostics.
        case boldRed, boldYellow, boldCyan
    }

    func apply(_ tone: Tone, _ text: String) -> String {
        guard mode == .on, !text.isEmpty else { return text }
        let code: String
        switch tone {
        case .green: code = "32"
        case .yellow: code = "33"
        case .red: code = "31"
        case .magenta: code = "35"
        case .cyan: code = "36"
        case .bold: code = "1"
        case .dim: code = "2"
        case .boldRed: code = "1;31"
        case .boldYellow: code = "1;33"
        case .boldCyan: code = "1;36"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
