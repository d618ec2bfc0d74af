import Foundation
import PartnerCenterModel
import PartnerCenterRendering
import PartnerCenterTestSupport
import Testing

/// Issue 16 item 3: the CI's workflow and logging commands, read back as the runners read them. Hostile values
/// (line breaks, `::`, `##vso[`, the escapes' own `%`, the property separators, ANSI escapes) never end a
/// property or the command and never start a line: each round-trips through the runner's unescaping.
@Suite(.tags(.unit)) struct CIWorkflowCommandsTests {
    static let hostile = [
        "plain", "100% sure", "a,b:c=d", "line\n::error::injected", "cr\r\n##vso[task.setvariable variable=x]y",
        "semi;colon]bracket", "%0A%25%AZP25%3B", "\u{1B}[31mred\u{1B}[0m", "tab\tand\u{202E}bidi", "::", "",
    ]

    @Test func detectsTheCIFromItsVariables() {
        #expect(CIProvider.detect(environment: ["GITHUB_ACTIONS": "true"]) == .github)
        #expect(CIProvider.detect(environment: ["TF_BUILD": "True"]) == .azure)
        #expect(CIProvider.detect(environment: ["TF_BUILD": "False"]) == .none)
        #expect(CIProvider.detect(environment: ["GITHUB_ACTIONS": "false", "CI": "true"]) == .none)
        #expect(CIProvider.detect(environment: [:]) == .none)
    }

    @Test(arguments: hostile) func gitHubAnnotationRoundTripsAndStaysOneLine(value: String) throws {
        let location = SourceLocation(file: "customers/\(value).yaml", line: 3, column: 7)
        let line = GitHubWorkflowCommands.annotation(.error, message: value, location: location, title: value)
        #expect(line.hasSuffix("\n") && !line.dropLast().contains("\n") && !line.contains("\r"))
        let parsed = try #require(GitHubRunner.parse(line), "\(line)")
        #expect(parsed.command == "error")
        #expect(parsed.properties["file"] == visible("customers/\(value).yaml"))
        #expect(parsed.properties["line"] == "3" && parsed.properties["col"] == "7")
        #expect(parsed.properties["title"] == (value.isEmpty ? nil : visible(value)))
        #expect(parsed.properties.count == (value.isEmpty ? 3 : 4))
        #expect(parsed.data == visible(value))
        #expect(!parsed.data.contains("\u{1B}"))
    }

    @Test func diagnosticsBecomeAnnotationsWithTheirDetailAndNotes() throws {
        let diagnostic = Diagnostic.error(
            "unknown_key",
            "unknown key 'quantityy'",
            detail: "did you mean 'quantity'?",
            at: SourceLocation(file: "customers/a.yaml", line: 12, column: 9),
            notes: [.init(message: "first defined here", location: SourceLocation(file: "b.yaml", line: 1, column: 1))]
        )
        let warning = Diagnostic.warning("deprecated", "old key", at: nil)
        let text = GitHubWorkflowCommands.annotations([diagnostic, warning])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        let error = try #require(lines.compactMap(GitHubRunner.parse).first { $0.command == "error" })
        #expect(error.properties["file"] == "customers/a.yaml" && error.properties["line"] == "12")
        #expect(error.data == "unknown key 'quantityy'\ndid you mean 'quantity'?\nnote: b.yaml:1:1: first defined here")
        #expect(lines.contains("::warning title=cspctl deprecated::old key"))
    }

    @Test(arguments: hostile) func azureLogIssueRoundTripsAndStaysOneLine(value: String) throws {
        let location = SourceLocation(file: "customers/\(value).yaml", line: 3, column: 7)
        let line = AzureLoggingCommands.logIssue(.warning, message: value, location: location, code: value)
        #expect(line.hasSuffix("\n") && !line.dropLast().contains("\n") && !line.contains("\r"))
        let parsed = try #require(AzureAgent.parse(line), "\(line)")
        #expect(parsed.command == "task.logissue")
        #expect(parsed.properties["type"] == "warning")
        #expect(parsed.properties["sourcepath"] == visible("customers/\(value).yaml"))
        #expect(parsed.properties["linenumber"] == "3" && parsed.properties["columnnumber"] == "7")
        #expect(parsed.properties["code"] == (value.isEmpty ? nil : visible(value)))
        #expect(parsed.properties.count == (value.isEmpty ? 4 : 5))
        #expect(parsed.data == visible(value))
    }

    @Test(arguments: hostile) func azureOutputVariablesAndSummaryRoundTrip(value: String) throws {
        let set = try #require(AzureAgent.parse(AzureLoggingCommands.setOutput("plan_file", value)))
        #expect(set.command == "task.setvariable")
        #expect(set.properties == ["variable": "plan_file", "isOutput": "true"])
        #expect(set.data == visible(value))
        let upload = try #require(AzureAgent.parse(AzureLoggingCommands.uploadSummary(path: "/tmp/\(value).md")))
        #expect(upload.command == "task.uploadsummary" && upload.properties.isEmpty)
        #expect(upload.data == visible("/tmp/\(value).md"))
    }

    /// What cspctl prints in CI (plans, diagnostics, errors) carries manifest and service values: no line of it
    /// is a command for either runner, whatever the value; outside CI the text is unchanged.
    @Test func printedTextNeverCarriesACommand() {
        let text = """
            + companyName: "##vso[task.setvariable variable=pwned]1"
              ::add-mask::x
            \t::error::y\r::warning::z
            ##[set-output name=a;]b
            keep: a::b and # one
            ## cspctl plan
            """
        for provider in [CIProvider.github, .azure] {
            let printed = provider.neutralizingCommands(in: text)
            let lines = printed.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map(String.init)
            #expect(lines.count == 7)
            for line in lines {
                #expect(AzureAgent.parse(line) == nil, "\(line)")
                #expect(!line.contains("##["), "\(line)")
                #expect(GitHubRunner.parse(line.trimmingCharacters(in: .whitespaces)) == nil, "\(line)")
            }
            #expect(printed.contains("keep: a::b and # one\n## cspctl plan"), "Markdown headings stay")
            #expect(printed.replacingOccurrences(of: "\u{2060}", with: "") == text, "only joiners are added")
        }
        #expect(CIProvider.none.neutralizingCommands(in: text) == text)
    }

    @Test func printedJSONNeverCarriesACommandAndKeepsItsValues() throws {
        let values = ["##vso[task.setvariable variable=pwned]1", "##[set-output name=a;]b", "## heading", "a::b"]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: ["names": values]), as: UTF8.self)
        for provider in [CIProvider.github, .azure] {
            let printed = provider.neutralizingCommands(inJSON: json)
            #expect(AzureAgent.parse(printed) == nil, "\(printed)")
            #expect(!printed.contains("##["), "\(printed)")
            let decoded = try JSONSerialization.jsonObject(with: Data(printed.utf8)) as? [String: [String]]
            #expect(decoded?["names"] == values, "the strings decode to exactly what they were")
        }
        #expect(CIProvider.none.neutralizingCommands(inJSON: json) == json)
    }

    @Test func gitHubOutputsUseADelimiterNoValueContains() {
        var offered = ["EOF", "ghadelimiter_2", "ghadelimiter_3"].makeIterator()
        let values = [("has_changes", "true"), ("plan_file", "a\nEOF\nb"), ("evil", "x\nghadelimiter_2\ninjected=1")]
        let text = GitHubWorkflowCommands.outputs(values.map { (name: $0.0, value: $0.1) }) { offered.next()! }
        #expect(text.contains("<<ghadelimiter_3\n"))
        #expect(
            GitHubRunner.parseOutputs(text) == [
                "has_changes": "true", "plan_file": "a\nEOF\nb", "evil": "x\nghadelimiter_2\ninjected=1",
            ]
        )
    }

    @Test func planReportCountsAndSummaryStayUnderTheLimit() throws {
        let plan = RichPlanFixture.plan()
        let report = CIPlanReport(plan: plan, hasChanges: true, planFile: "plan.json")
        let outputs = Dictionary(uniqueKeysWithValues: report.outputs.map { ($0.name, $0.value) })
        #expect(outputs["has_changes"] == "true" && outputs["plan_file"] == "plan.json")
        #expect(outputs["unknown"] == "\(plan.unknowns.count)")
        for action in Action.allCases { #expect(outputs[action.rawValue] == "\(plan.summary[action] ?? 0)") }

        let fresh = report.summary(existingBytes: 0)
        #expect(fresh.contains("<!-- cspctl:plan "))
        let large = CIPlanReport(plan: RichPlanFixture.large(customers: 4_000), hasChanges: true, planFile: nil)
        let nearlyFull = CIPlanReport.summaryLimit - 100_000
        let squeezed = large.summary(existingBytes: nearlyFull)
        #expect(squeezed.utf8.count + nearlyFull <= CIPlanReport.summaryLimit)
        #expect(squeezed.contains("too large for one comment"))
        #expect(large.summary(existingBytes: CIPlanReport.summaryLimit - 5_000).contains("job summary is full"))
        #expect(large.summary(existingBytes: CIPlanReport.summaryLimit).isEmpty)
    }

    @Test func failureSummaryCannotBeClosedByTheMessage() {
        let message = "refused: ```\n## injected heading\n````\n\u{1B}[2J"
        let summary = CIPlanReport.failureSummary(command: "apply", message: message)
        #expect(summary.contains("\n`````text\n"))
        #expect(summary.hasSuffix("\n`````\n"))
        #expect(!summary.contains("\u{1B}"))
    }

    /// What the escapes keep of `value`: control characters shown as text, `##vso[` and `##[` broken.
    private func visible(_ value: String) -> String {
        var out = ""
        let broken = value.replacingOccurrences(of: "##vso[", with: "#\u{2060}#vso[")
            .replacingOccurrences(of: "##[", with: "#\u{2060}#[")
        for scalar in broken.unicodeScalars {
            let hidden = (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{202E}")
            if hidden, scalar != "\n", scalar != "\r" {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// How the GitHub Actions runner reads a workflow command line and `$GITHUB_OUTPUT` (its `ActionCommand`
/// parser and file-command handler, restated).
enum GitHubRunner {
    static func parse(_ line: String) -> (command: String, properties: [String: String], data: String)? {
        let line = line.hasSuffix("\n") ? String(line.dropLast()) : line
        guard line.hasPrefix("::") else { return nil }
        let rest = line.dropFirst(2)
        guard let end = rest.range(of: "::") else { return nil }
        let head = rest[..<end.lowerBound]
        let data = String(rest[end.upperBound...])
        let parts = head.split(separator: " ", maxSplits: 1)
        var properties: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: ",") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard kv.count == 2 else { return nil }
                properties[String(kv[0])] = unescape(String(kv[1]), property: true)
            }
        }
        return (String(parts[0]), properties, unescape(data, property: false))
    }

    static func unescape(_ value: String, property: Bool) -> String {
        var value = value.replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
        if property {
            value = value.replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%2C", with: ",")
        }
        return value.replacingOccurrences(of: "%25", with: "%")
    }

    static func parseOutputs(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var lines = text.components(separatedBy: "\n").makeIterator()
        while let line = lines.next() {
            guard let range = line.range(of: "<<") else { continue }
            let name = String(line[..<range.lowerBound])
            let delimiter = String(line[range.upperBound...])
            var value: [String] = []
            while let next = lines.next(), next != delimiter { value.append(next) }
            result[name] = value.joined(separator: "\n")
        }
        return result
    }
}

/// How the Azure Pipelines agent reads a logging command line (its `Command.TryParse`, restated).
enum AzureAgent {
    static func parse(_ line: String) -> (command: String, properties: [String: String], data: String)? {
        let line = line.hasSuffix("\n") ? String(line.dropLast()) : line
        guard let start = line.range(of: "##vso["), let close = line[start.upperBound...].firstIndex(of: "]") else {
            return nil
        }
        let head = line[start.upperBound..<close]
        let data = String(line[line.index(after: close)...])
        let parts = head.split(separator: " ", maxSplits: 1)
        var properties: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: ";") where !pair.isEmpty {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard kv.count == 2 else { return nil }
                properties[String(kv[0])] = unescape(String(kv[1]))
            }
        }
        return (String(parts[0]), properties, unescape(data))
    }

    static func unescape(_ value: String) -> String {
        value.replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
            .replacingOccurrences(of: "%3B", with: ";").replacingOccurrences(of: "%5D", with: "]")
            .replacingOccurrences(of: "%AZP25", with: "%")
    }
}
