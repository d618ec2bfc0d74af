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
    /// `value` with every control character except line breaks (C0, DEL, C1), line and paragraph separators,
    /// bidirectional controls and the byte-order mark shown as `\u{…}` text, so a value can neither move the
    /// log's cursor, colour it, nor reorder what a reader sees. `\r` and `\n` are left for the caller's escape.
    static func visible(_ value: String) -> String {
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
