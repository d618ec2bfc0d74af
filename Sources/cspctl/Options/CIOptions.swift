import ArgumentParser
import Foundation
import PartnerCenterModel
import PartnerCenterRendering

/// `--ci github|azure|none`: what a command tells the CI it runs in (detected from `GITHUB_ACTIONS=true` or
/// `TF_BUILD=True` without the flag). The text is made by `PartnerCenterRendering`'s CI helpers; this only
/// decides where it goes: workflow commands and logging commands on stderr (both runners read them there, and
/// stdout stays the plan), the job summary and step outputs in the files the runner names.
struct CIOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Write annotations, the job summary and step outputs for this CI: github, azure or none "
                + "(default: detected from GITHUB_ACTIONS or TF_BUILD).",
            valueName: "ci"
        )
    )
    var ci: CIProvider?

    var provider: CIProvider { ci ?? .detect(environment: ProcessInfo.processInfo.environment) }

    /// Called by ArgumentParser before the command runs: from here on, what the command prints is kept from
    /// being read as a workflow command (`StandardStreams.ci`).
    func validate() throws {
        StandardStreams.ci = provider
    }

    /// Manifest diagnostics as the CI's annotations (nothing outside CI).
    func annotate(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        switch provider {
        case .github: StandardStreams.writeCICommands(GitHubWorkflowCommands.annotations(diagnostics))
        case .azure: StandardStreams.writeCICommands(AzureLoggingCommands.logIssues(diagnostics))
        case .none: break
        }
    }

    /// The plan in the job summary and its figures as step outputs.
    func report(_ report: CIPlanReport, command: String) {
        let environment = ProcessInfo.processInfo.environment
        switch provider {
        case .github:
            if let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
                append(report.summary(existingBytes: Self.size(of: path)), to: path, what: "the job summary")
            }
            if let path = environment["GITHUB_OUTPUT"], !path.isEmpty {
                let outputs = GitHubWorkflowCommands.outputs(report.outputs) { "ghadelimiter_" + UUID().uuidString }
                append(outputs, to: path, what: "the step outputs")
            }
        case .azure:
            let folder = environment["AGENT_TEMPDIRECTORY"].flatMap { $0.isEmpty ? nil : $0 } ?? NSTemporaryDirectory()
            let path = URL(fileURLWithPath: folder)
                .appendingPathComponent("cspctl-\(command)-\(UUID().uuidString).md").path
            if append(report.summary(existingBytes: 0), to: path, what: "the summary") {
                StandardStreams.writeCICommands(AzureLoggingCommands.uploadSummary(path: path))
            }
            StandardStreams.writeCICommands(
                report.outputs.map { AzureLoggingCommands.setOutput($0.name, $0.value) }.joined()
            )
        case .none: break
        }
    }

    /// Runs `body`; an error it throws (other than a verdict already printed) also goes to the CI as an error
    /// annotation and, under GitHub Actions, into the job summary, then is rethrown for the usual report.
    func reportingFailure<T>(of command: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            guard provider != .none, let (message, detail) = ErrorReporting.described(error) else { throw error }
            let full = detail.map { message + "\n" + $0 } ?? message
            switch provider {
            case .github:
                StandardStreams.writeCICommands(
                    GitHubWorkflowCommands.annotation(.error, message: full, title: "cspctl \(command)")
                )
                if let path = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
                    append(
                        CIPlanReport.failureSummary(command: command, message: full),
                        to: path,
                        what: "the job summary"
                    )
                }
            case .azure:
                StandardStreams.writeCICommands(
                    AzureLoggingCommands.logIssue(.error, message: full, code: "cspctl-\(command)")
                )
            case .none: break
            }
            throw error
        }
    }

    /// Appends `text` to the file at `path` (created when missing); a failure is a warning, never the verdict.
    @discardableResult
    private func append(_ text: String, to path: String, what: String) -> Bool {
        guard !text.isEmpty else { return true }
        do {
            if !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil) else {
                    throw CocoaError(.fileWriteNoPermission)
                }
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
            return true
        } catch {
            StandardStreams.writeError("warning: cannot write \(what) to \(path): \(error.localizedDescription)\n")
            return false
        }
    }

    private static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}

extension CIProvider: ExpressibleByArgument {}
