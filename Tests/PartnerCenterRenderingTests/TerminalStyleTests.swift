import Foundation
import PartnerCenterModel
import PartnerCenterRendering
import PartnerCenterTestSupport
import Testing

/// One colour system (`ColorMode` + `TerminalStyle`) for the plan on stdout and the diagnostics on stderr: the same
/// `--color` choice gives the same decision on both streams, and the diagnostics keep their codes.
@Suite(.tags(.unit)) struct TerminalStyleTests {
    /// Before the two systems were one, `auto` on a `TERM=dumb` terminal coloured the plan but not the diagnostics.
    @Test(arguments: [
        (ColorMode.Choice.auto, true, ["TERM": "dumb"], ColorMode.off),
        (.auto, true, ["TERM": "xterm-256color"], .on),
        (.auto, true, ["TERM": "dumb", "NO_COLOR": ""], .off),
        (.always, true, ["TERM": "dumb"], .on),
    ])
    func bothStreamsDecideTheSameWay(
        choice: ColorMode.Choice,
        isTerminal: Bool,
        environment: [String: String],
        expected: ColorMode
    ) {
        #expect(ColorMode.resolve(choice: choice, isTerminal: isTerminal, environment: environment) == expected)
        let style = TerminalStyle.resolve(choice, isTerminal: isTerminal, environment: environment)
        #expect(style == TerminalStyle(mode: expected))
    }

    @Test func diagnosticsKeepTheirColoursAndStripToThePlainText() {
        let diagnostics = [
            Diagnostic(
                severity: .error,
                code: "E1",
                summary: "unknown key 'nmae'",
                detail: "did you mean 'name'?",
                location: SourceLocation(file: "customers.yaml", line: 3, column: 5),
                notes: [.init(message: "defined here", location: nil)]
            ),
            Diagnostic(severity: .warning, code: "W1", summary: "deprecated"),
        ]
        let summary = ValidationSummary(files: 1, customers: 1, subscriptions: 0)
        let coloured = DiagnosticPrinter.text(diagnostics, summary: summary, style: TerminalStyle(mode: .on))
        #expect(coloured.contains("\u{1B}[1mcustomers.yaml:3:5:\u{1B}[0m \u{1B}[1;31merror:\u{1B}[0m unknown key"))
        #expect(coloured.contains("\u{1B}[1;33mwarning:\u{1B}[0m deprecated"))
        #expect(coloured.contains("\u{1B}[1;36mnote:\u{1B}[0m defined here"))
        #expect(coloured.contains("    \u{1B}[2mdid you mean 'name'?\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;31m1 error, 1 warning\u{1B}[0m in 1 file"))
        let plain = DiagnosticPrinter.text(diagnostics, summary: summary, style: .plain)
        #expect(!plain.contains("\u{1B}"))
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]+m", with: "", options: .regularExpression)
        #expect(stripped == plain)
        let valid = DiagnosticPrinter.closingLine([], summary: summary, style: TerminalStyle(mode: .on))
        #expect(valid == "1 file, 1 customer, 0 subscriptions: \u{1B}[32mvalid\u{1B}[0m.")
    }
}
