package import PartnerCenterModel

/// Azure Pipelines logging commands, built as text: `##vso[task.logissue …]`, `##vso[task.setvariable …]`,
/// `##vso[task.uploadsummary]`.
///
/// Escaping follows the agent's rules (azure-pipelines-task-lib's `escapedata` and `escape`, which the agent
/// unescapes): in a message `%`, `\r` and `\n` become `%AZP25`, `%0D`, `%0A`; in a property value `;` and `]`
/// become `%3B` and `%5D` as well. So a value can neither end its property, end the command's properties, nor
/// start a line of its own. Other control characters are shown as `\u{…}` text first (see `CIEscape.visible`).
package enum AzureLoggingCommands {
    package static func escapeData(_ value: String) -> String {
        CIEscape.replacing(CIEscape.visible(value), ["%": "%AZP25", "\r": "%0D", "\n": "%0A"])
    }

    package static func escapeProperty(_ value: String) -> String {
        CIEscape.replacing(
            CIEscape.visible(value),
            ["%": "%AZP25", "\r": "%0D", "\n": "%0A", ";": "%3B", "]": "%5D"]
        )
    }

    /// `##vso[area.event key=value;…]message` with its newline.
    static func command(_ name: String, properties: [(String, String)], message: String) -> String {
        let props = properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ";")
        return "##vso[\(name)\(props.isEmpty ? "" : " " + props)]\(escapeData(message))\n"
    }

    /// `##vso[task.logissue type=error;sourcepath=…;linenumber=…;columnnumber=…;code=…]message`.
    package static func logIssue(
        _ severity: Diagnostic.Severity,
        message: String,
        location: SourceLocation? = nil,
        code: String? = nil
    ) -> String {
        // Azure has no "notice" issue: a note is a warning there.
        var properties = [("type", severity == .error ? "error" : "warning")]
        if let location {
            properties += [
                ("sourcepath", location.file), ("linenumber", "\(location.line)"),
                ("columnnumber", "\(location.column)"),
            ]
        }
        if let code, !code.isEmpty { properties.append(("code", code)) }
        return command("task.logissue", properties: properties, message: message)
    }

    /// One issue per diagnostic, as `GitHubWorkflowCommands.annotations` makes annotations.
    package static func logIssues(_ diagnostics: [Diagnostic]) -> String {
        CIDiagnostics.capped(diagnostics).map { diagnostic in
            logIssue(
                diagnostic.severity,
                message: CIDiagnostics.message(diagnostic),
                location: diagnostic.location,
                code: diagnostic.code
            )
        }.joined()
    }

    /// `##vso[task.setvariable variable=NAME;isOutput=true]VALUE`: an output variable of the step (its `name:`).
    package static func setOutput(_ name: String, _ value: String) -> String {
        command(
            "task.setvariable",
            properties: [("variable", GitHubWorkflowCommands.outputName(name)), ("isOutput", "true")],
            message: value
        )
    }

    /// `##vso[task.uploadsummary]PATH`: the Markdown file at `path` becomes a tab of the run's summary.
    package static func uploadSummary(path: String) -> String {
        command("task.uploadsummary", properties: [], message: path)
    }
}
