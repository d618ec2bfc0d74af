import Foundation

/// The CI service a command runs in, which decides the extra output it writes: annotations, a job summary, step
/// outputs. Detected from the variables the services set (`GITHUB_ACTIONS=true`, `TF_BUILD=True`); `--ci`
/// overrides the detection.
package enum CIProvider: String, Sendable, Hashable, CaseIterable {
    case github
    case azure
    case none

    /// The CI `environment` says the process runs in; GitHub Actions first (a self-hosted Actions runner on an
    /// Azure DevOps agent's machine would be odd, but it is what runs the step).
    package static func detect(environment: [String: String]) -> CIProvider {
        if environment["GITHUB_ACTIONS"]?.lowercased() == "true" { return .github }
        if environment["TF_BUILD"]?.lowercased() == "true" { return .azure }
        return .none
    }
}

/// What the CI helpers share: values shown as one visible line, with no terminal control characters.
enum CIEscape {
    /// `value` with `##vso[` and `##[` broken (see `CIProvider.neutralizingCommands`) and every control character except line breaks (C0, DEL, C1), line and paragraph separators,
    /// bidirectional controls and the byte-order mark shown as `\u{…}` text, so a value can neither move the
    /// log's cursor, colour it, nor reorder what a reader sees. `\r` and `\n` are left for the caller's escape.
    static func visible(_ value: String) -> String {
        guard !value.contains("##") else { return visibleScalars(CIProvider.breakingHashCommands(value)) }
        return visibleScalars(value)
    }

    private static func visibleScalars(_ value: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        for scalar in value.unicodeScalars {
            if scalar != "\n", scalar != "\r", MarkdownEscape.isHidden(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `value` with each scalar in `table` replaced by its text, everything else kept.
    static func replacing(_ value: String, _ table: [Unicode.Scalar: String]) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            if let replacement = table[scalar] {
                out += replacement
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension CIProvider {
    /// `text` as cspctl prints it in this CI: what the runner would read as a command is broken by a WORD JOINER
    /// (U+2060, invisible in the log): `##vso[` anywhere in a line (Azure Pipelines' agent looks for it anywhere),
    /// `##[` anywhere (the Actions runner's older form, also anywhere), and `::` opening a line after blanks (its
    /// workflow commands). Values from manifests and from the service reach the log in plans, diagnostics and
    /// errors; this keeps any of them from setting a variable, masking, or stopping commands. Outside CI, `text`.
    package func neutralizingCommands(in text: String) -> String {
        guard self != .none, text.contains("##") || text.contains("::") else { return text }
        var out = text
        for (pattern, template) in Self.commandOpenings {
            out = pattern.stringByReplacingMatches(
                in: out,
                range: NSRange(out.startIndex..., in: out),
                withTemplate: template
            )
        }
        return out
    }

    /// A JSON document as cspctl prints it in this CI: `##vso[` and `##[` can stand only inside its strings, where
    /// `#\u0023` breaks them for the runner and still decodes to the same value, so a program reading the JSON gets
    /// the service's or the manifest's exact bytes. A line of JSON never opens with `::` (its line breaks are
    /// escaped inside strings). Outside CI, `json`.
    package func neutralizingCommands(inJSON json: String) -> String {
        guard self != .none, json.contains("##") else { return json }
        let pattern = Self.commandOpenings[0].0
        return pattern.stringByReplacingMatches(
            in: json,
            range: NSRange(json.startIndex..., in: json),
            withTemplate: "#\\\\u0023"
        )
    }

    /// `value` with `##vso[` and `##[` broken by a WORD JOINER: even inside a command's message, where the runners
    /// would not read them, a log reader's tools might.
    static func breakingHashCommands(_ value: String) -> String {
        let pattern = commandOpenings[0].0
        return pattern.stringByReplacingMatches(
            in: value,
            range: NSRange(value.startIndex..., in: value),
            withTemplate: commandOpenings[0].1
        )
    }

    /// `##vso[` and `##[` anywhere (a Markdown heading's `##` stays), and `::` after the start of the text or a line
    /// break (`\n` or `\r`: the runners split on both) and blanks.
    static let commandOpenings: [(NSRegularExpression, String)] = {
        do {
            return [
                (try NSRegularExpression(pattern: "##(?=(?:[vV][sS][oO])?\\[)"), "#\u{2060}#"),
                (try NSRegularExpression(pattern: "((?:^|[\\r\\n])[\\p{Zs}\\t\\u000B\\u000C]*)::"), "$1:\u{2060}:"),
            ]
        } catch {
            preconditionFailure("the patterns are constants: \(error)")
        }
    }()
}
