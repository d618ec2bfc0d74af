import ArgumentParser
import Foundation
import PartnerCenterClient
import PartnerCenterManifest
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterRendering

extension PlanOptions {
    /// The manifests at `paths`, validated (diagnostics printed as `validate` prints them; exit 1 on errors, so
    /// nothing is sent) and narrowed to `--customer`. `annotate` also gets the diagnostics (the CI's annotations).
    func desiredState(paths: [String], annotate: ([Diagnostic]) -> Void = { _ in }) throws -> DesiredState {
        try Self.desiredState(paths: paths, customers: customers, style: stderrStyle, annotate: annotate)
    }

    /// `desiredState(paths:annotate:)` for any command: `customers` (`--customer`), diagnostics in `style`.
    static func desiredState(
        paths: [String],
        customers: [String],
        style: TerminalStyle,
        annotate: ([Diagnostic]) -> Void
    ) throws -> DesiredState {
        let result = ManifestLoader().load(paths: paths)
        annotate(result.diagnostics)
        if !result.diagnostics.isEmpty || result.hasErrors {
            let summary = ValidationSummary(
                files: result.fileCount,
                customers: result.customerCount,
                subscriptions: result.subscriptionCount
            )
            StandardStreams.writeError(
                DiagnosticPrinter.text(result.diagnostics, summary: summary, style: style)
            )
        }
        guard !result.hasErrors, let desired = result.state else { throw ExitCode.failure }
        return try PlanSession.narrow(desired, to: customers)
    }

    /// Reads and plans `desired` over the connection `connection` names, and closes it.
    func plan(_ desired: DesiredState, connection: ConnectionOptions) async throws -> PlanOutcome {
        let printer = ReadProgressPrinter.forStandardError()
        defer { printer.finish() }
        return try await connection.connect(parallelism: parallelism).using { connection in
            var session = PlanSession(
                connection: connection,
                parallelism: parallelism,
                toolVersion: CSPCtlVersion.current
            )
            session.progress = { progress in printer.update(progress) }
            session.unmanaged = unmanagedCounting
            return try await session.plan(desired)
        }
    }

    /// Prints `plan` on stdout in `--format`, coloured as `--color` says, titled `title` (`cspctl drift …`).
    func print(_ plan: Plan, title: PlanTitle = .plan) {
        Self.write(Self.render(plan, format: format, color: color, title: title), format: format)
    }

    /// A rendered plan on stdout: JSON through `StandardStreams.writeJSON`, so CI escaping keeps its values exact.
    static func write(_ rendered: String, format: PlanFormat) {
        if format == .json { StandardStreams.writeJSON(rendered) } else { StandardStreams.writeOutLine(rendered) }
    }

    static func render(
        _ plan: Plan,
        format: PlanFormat,
        color choice: ColorMode.Choice,
        title: PlanTitle = .plan
    ) -> String {
        let color = ColorMode.resolve(
            choice: choice,
            isTerminal: isatty(STDOUT_FILENO) == 1,
            environment: ProcessInfo.processInfo.environment
        )
        return format.output.planRenderer(color: color, title: title).render(plan)
    }
}

extension StandardStreams {
    /// Text always ends with one newline.
    static func writeOutLine(_ text: String) {
        writeOut(text.hasSuffix("\n") ? text : text + "\n")
    }
}

/// The client's error (the emulator target has a type of the same name).
typealias ClientError = PartnerCenterError

extension ConnectionOptions {
    /// The flags that point another command at the same service: `--emulator [--emulator-state FILE]`,
    /// `--endpoint URL` or `--cloud NAME` (none when the endpoint came from the environment).
    var sameServiceArguments: [String] {
        if emulator { return ["--emulator"] + (emulatorState.map { ["--emulator-state", $0] } ?? []) }
        if let endpoint { return ["--endpoint", endpoint] }
        if let cloud { return ["--cloud", cloud.rawValue] }
        return []
    }
}

enum SavedPlanMessage {
    /// `plan --out FILE`'s word on stderr: where the plan is, and the command that applies it (with
    /// `--credentials-out` when it creates customers, since apply refuses such a plan without one).
    static func text(path: String, plan: Plan, connection: ConnectionOptions) -> String {
        var arguments = ["cspctl", "apply", path] + connection.sameServiceArguments
        let createsCustomers = plan.changes.contains { change in
            change.action.isWork && change.requests.contains { $0.operation == .createCustomer }
        }
        if createsCustomers { arguments += ["--credentials-out", "admins.jsonl"] }
        var text = "Saved the plan to \(shellQuoted(path)). Apply it with:\n  "
        text += arguments.map(shellQuoted).joined(separator: " ") + "\n"
        if createsCustomers {
            text += "(new customers' admin passwords go to admins.jsonl, mode 0600: move them to your vault)\n"
        }
        return text
    }

    /// `value` as one POSIX shell word: as is when it is made of safe characters, else in single quotes.
    static func shellQuoted(_ value: String) -> String {
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_./:=@%+,")
        if !value.isEmpty, value.allSatisfy({ safe.contains($0) }) { return value }
        return "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
