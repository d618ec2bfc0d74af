/// ANSI styling for diagnostics on a terminal; `.plain` writes no escape codes.
package struct DiagnosticStyle: Sendable, Hashable {
    package var colored: Bool

    package init(colored: Bool) { self.colored = colored }

    package static let plain = DiagnosticStyle(colored: false)

    /// Colour only when writing to a terminal and `NO_COLOR` is unset or empty (https://no-color.org).
    package static func automatic(isTerminal: Bool, environment: [String: String]) -> DiagnosticStyle {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return DiagnosticStyle(colored: isTerminal && !noColor && environment["TERM"] != "dumb")
    }

    func bold(_ text: String) -> String { wrap(text, "1") }
    func dim(_ text: String) -> String { wrap(text, "2") }
    func success(_ text: String) -> String { wrap(text, "32") }
    func failure(_ text: String) -> String { wrap(text, "1;31") }

    func severity(_ label: String) -> String {
        switch label {
        case "error": wrap(label + ":", "1;31")
        case "warning": wrap(label + ":", "1;33")
        default: wrap(label + ":", "1;36")
        }
    }

    private func wrap(_ text: String, _ code: String) -> String {
        colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
