package import PartnerCenterModel

/// GitHub Actions workflow commands and environment files, built as text: annotations (`::error …::message`),
/// step outputs for `$GITHUB_OUTPUT`.
///
/// Escaping follows the runner's rules (its `ActionCommand` unescapes exactly these): in a command's message `%`,
/// `\r` and `\n` become `%25`, `%0D`, `%0A`; in a property value `:` and `,` become `%3A` and `%2C` as well. So a
/// value can neither end its property, end the annotation nor start a line of its own (a new workflow command).
/// Other control characters are shown as `\u{…}` text first (see `CIEscape.visible`).
package enum GitHubWorkflowCommands {
    /// A command's message.
    package static func escapeData(_ value: String) -> String {
        CIEscape.replacing(CIEscape.visible(value), ["%": "%25", "\r": "%0D", "\n": "%0A"])
    }

    /// A command's property value.
    package static func escapeProperty(_ value: String) -> String {
        CIEscape.replacing(
            CIEscape.visible(value),
            ["%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"]
        )
    }

    /// `::error file=…,line=…,col=…,title=…::message` (or `::warning` / `::notice`), one line with its newline.
    package static func annotation(
        _ severity: Diagnostic.Severity,
        message: String,
        location: SourceLocation? = nil,
        title: String? = nil
    ) -> String {
        var properties: [String] = []
        if let location {
            properties.append("file=" + escapeProperty(location.file))
            properties.append("line=\(location.line)")
            properties.append("col=\(location.column)")
        }
        if let title, !title.isEmpty { properties.append("title=" + escapeProperty(title)) }
        let command: String
        switch severity {
        case .error: command = "error"
        case .warning: command = "warning"
        case .note: command = "notice"
        }
        let head = properties.isEmpty ? command : command + " " + properties.joined(separator: ",")
        return "::\(head)::\(escapeData(message))\n"
    }

    /// One annotation per diagnostic: its summary, then its detail and notes on the following (escaped) lines.
    package static func annotations(_ diagnostics: [Diagnostic]) -> String {
        CIDiagnostics.capped(diagnostics).map { diagnostic in
            annotation(
                diagnostic.severity,
                message: CIDiagnostics.message(diagnostic),
                location: diagnostic.location,
                title: "cspctl " + diagnostic.code
            )
        }.joined()
    }

    /// Step outputs for `$GITHUB_OUTPUT`, each in the multi-line form `name<<DELIMITER` … `DELIMITER`. `delimiter`
    /// is asked again until it returns one that no value contains (a random one, so no value can guess it).
    package static func outputs(_ outputs: [(name: String, value: String)], delimiter: () -> String) -> String {
        var chosen = delimiter()
        while chosen.isEmpty || outputs.contains(where: { $0.value.contains(chosen) || $0.name.contains(chosen) }) {
            chosen = delimiter()
        }
        return outputs.map { output in
            "\(outputName(output.name))<<\(chosen)\n\(output.value)\n\(chosen)\n"
        }.joined()
    }

    /// An output name: letters, digits, `-` and `_` only (the names are ours; this keeps it so).
    static func outputName(_ name: String) -> String {
        String(
            name.unicodeScalars.filter {
                $0.isASCII && ($0.properties.isAlphabetic || "0123456789-_".unicodeScalars.contains($0))
            }.map(Character.init)
        )
    }
}

/// What the CI annotations of diagnostics share.
enum CIDiagnostics {
    /// At most this many annotations per run; GitHub shows 10 errors and 10 warnings per step anyway, and the
    /// rest are in the text output.
    static let limit = 50

    static func capped(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        Array(diagnostics.sortedForOutput().prefix(limit))
    }

    /// The summary, then the detail and each note (with its location) on their own lines.
    static func message(_ diagnostic: Diagnostic) -> String {
        var lines = [diagnostic.summary]
        if let detail = diagnostic.detail, !detail.isEmpty { lines.append(detail) }
        for note in diagnostic.notes {
            lines.append("note: " + (note.location.map { "\($0): " } ?? "") + note.message)
        }
        return lines.joined(separator: "\n")
    }
}
