import Foundation
package import PartnerCenterModel

/// What a validation run covered, for the closing line and the JSON summary.
package struct ValidationSummary: Sendable, Hashable {
    package var files: Int
    package var customers: Int
    package var subscriptions: Int

    package init(files: Int, customers: Int, subscriptions: Int) {
        self.files = files
        self.customers = customers
        self.subscriptions = subscriptions
    }
}

/// Diagnostics as people and machines read them.
///
/// Text is the compiler form editors and CI problem matchers parse, one problem per line, notes indented below,
/// then a count line: `path:line:column: error: message`. JSON is one document with a `formatVersion`.
package enum DiagnosticPrinter {
    package static let jsonFormatVersion = 1

    /// At most this many diagnostics of one kind (code and severity) are printed, the first in output order;
    /// the rest are counted in one line (a JSON `omitted` entry), so 100,000 unknown keys print 50 lines and
    /// "… and 99,950 more", not 22 MB. The closing line and the JSON summary count every diagnostic.
    package static let perKindLimit = 50

    /// The diagnostics that are printed, and how many of each kind are not, in order of first omission.
    package static func capped(
        _ diagnostics: [Diagnostic],
        limit: Int = perKindLimit
    ) -> (printed: [Diagnostic], omitted: [(code: String, severity: Diagnostic.Severity, count: Int)]) {
        struct Kind: Hashable {
            var code: String
            var severity: Diagnostic.Severity
        }
        var counts: [Kind: Int] = [:]
        var order: [Kind] = []
        var printed: [Diagnostic] = []
        for diagnostic in diagnostics {
            let kind = Kind(code: diagnostic.code, severity: diagnostic.severity)
            let seen = counts[kind, default: 0]
            counts[kind] = seen + 1
            if seen < limit {
                printed.append(diagnostic)
            } else if seen == limit {
                order.append(kind)
            }
        }
        return (printed, order.map { ($0.code, $0.severity, counts[$0, default: 0] - limit) })
    }

    /// The text report (for stderr), ending with a newline.
    package static func text(
        _ diagnostics: [Diagnostic],
        summary: ValidationSummary,
        style: TerminalStyle = .plain
    ) -> String {
        var output = ""
        let (printed, omitted) = capped(diagnostics)
        for diagnostic in printed {
            output += line(
                location: diagnostic.location,
                label: diagnostic.severity.rawValue,
                diagnostic.summary,
                style
            )
            if let detail = diagnostic.detail { output += "    " + style.apply(.dim, detail) + "\n" }
            for note in diagnostic.notes {
                output += "    " + line(location: note.location, label: "note", note.message, style)
            }
        }
        for group in omitted {
            output += line(
                location: nil,
                label: group.severity.rawValue,
                "… and \(grouped(group.count)) more \(group.code) \(group.severity.rawValue)\(group.count == 1 ? "" : "s") "
                    + "(the first \(perKindLimit) are shown)",
                style
            )
        }
        output += closingLine(diagnostics, summary: summary, style: style) + "\n"
        return output
    }

    /// `3 files, 3 customers, 7 subscriptions: valid.` or `2 errors, 1 warning in 3 files.`
    package static func closingLine(
        _ diagnostics: [Diagnostic],
        summary: ValidationSummary,
        style: TerminalStyle
    )
        -> String
    {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let scope =
            "\(count(summary.files, "file")), \(count(summary.customers, "customer")), "
            + "\(count(summary.subscriptions, "subscription"))"
        if errors == 0 {
            let tail = warnings == 0 ? "" : " (\(count(warnings, "warning")))"
            return "\(scope): \(style.apply(.green, "valid"))\(tail)."
        }
        let warningPart = warnings == 0 ? "" : ", \(count(warnings, "warning"))"
        return style.apply(.boldRed, "\(count(errors, "error"))\(warningPart)") + " in \(scope)."
    }

    /// The JSON report (for stdout), pretty-printed with sorted keys, ending with a newline.
    package static func json(_ diagnostics: [Diagnostic], summary: ValidationSummary) -> String {
        let (printed, omitted) = capped(diagnostics)
        let report = JSONReport(
            formatVersion: jsonFormatVersion,
            valid: !diagnostics.hasErrors,
            summary: .init(
                files: summary.files,
                customers: summary.customers,
                subscriptions: summary.subscriptions,
                errors: diagnostics.filter { $0.severity == .error }.count,
                warnings: diagnostics.filter { $0.severity == .warning }.count
            ),
            diagnostics: printed.map(JSONReport.Item.init),
            omitted: omitted.isEmpty
                ? nil : omitted.map { .init(code: $0.code, severity: $0.severity.rawValue, count: $0.count) }
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(report), let text = String(data: data, encoding: .utf8) else {
            return "{\"formatVersion\":\(jsonFormatVersion),\"valid\":false}\n"
        }
        return text + "\n"
    }

    private static func line(
        location: SourceLocation?,
        label: String,
        _ message: String,
        _ style: TerminalStyle
    )
        -> String
    {
        let place = location.map { "\($0.file):\($0.line):\($0.column)" } ?? "cspctl"
        let tone: TerminalStyle.Tone =
            switch label {
            case "error": .boldRed
            case "warning": .boldYellow
            default: .boldCyan
            }
        return style.apply(.bold, place + ":") + " " + style.apply(tone, label + ":") + " " + message + "\n"
    }

    /// `99950` as `99,950`.
    private static func grouped(_ number: Int) -> String {
        var digits = String(number.magnitude)
        var index = digits.endIndex
        while digits.distance(from: digits.startIndex, to: index) > 3 {
            index = digits.index(index, offsetBy: -3)
            digits.insert(",", at: index)
        }
        return number < 0 ? "-" + digits : digits
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}

/// The JSON document `--format json` prints. Additive changes keep `formatVersion`.
private struct JSONReport: Encodable {
    struct Summary: Encodable {
        var files: Int
        var customers: Int
        var subscriptions: Int
        var errors: Int
        var warnings: Int
    }

    struct Note: Encodable {
        var message: String
        var file: String?
        var line: Int?
        var column: Int?
    }

    struct Item: Encodable {
        var severity: String
        var code: String
        var summary: String
        var detail: String?
        var file: String?
        var line: Int?
        var column: Int?
        var notes: [Note]

        init(_ diagnostic: Diagnostic) {
            severity = diagnostic.severity.rawValue
            code = diagnostic.code
            summary = diagnostic.summary
            detail = diagnostic.detail
            file = diagnostic.location?.file
            line = diagnostic.location?.line
            column = diagnostic.location?.column
            notes = diagnostic.notes.map {
                Note(message: $0.message, file: $0.location?.file, line: $0.location?.line, column: $0.location?.column)
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(severity, forKey: .severity)
            try container.encode(code, forKey: .code)
            try container.encode(summary, forKey: .summary)
            try container.encode(detail, forKey: .detail)
            try container.encode(file, forKey: .file)
            try container.encode(line, forKey: .line)
            try container.encode(column, forKey: .column)
            try container.encode(notes, forKey: .notes)
        }

        enum CodingKeys: String, CodingKey { case severity, code, summary, detail, file, line, column, notes }
    }

    /// Diagnostics of one kind past `DiagnosticPrinter.perKindLimit`, counted instead of listed (absent when
    /// none were left out).
    struct Omitted: Encodable {
        var code: String
        var severity: String
        var count: Int
    }

    var formatVersion: Int
    var valid: Bool
    var summary: Summary
    var diagnostics: [Item]
    var omitted: [Omitted]?
}
