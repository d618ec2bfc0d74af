/// Whether text output carries ANSI colour. The command decides: `--color auto` means on only when the output is
/// a terminal and `NO_COLOR` is unset or empty.
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
            return isTerminal && !noColor ? .on : .off
        }
    }

    package enum Choice: String, Sendable, Hashable, CaseIterable {
        case auto
        case always
        case never
    }
}

/// ANSI styling that collapses to plain text when colour is off.
struct TerminalStyle: Sendable {
    let mode: ColorMode

    enum Tone {
        case green, yellow, red, magenta, cyan, bold, dim
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
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
