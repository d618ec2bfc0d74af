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
        let result = ManifestLoader().load(paths: paths)
        annotate(result.diagnostics)
        if !result.diagnostics.isEmpty || result.hasErrors {
            let summary = ValidationSummary(
                files: result.fileCount,
                customers: result.customerCount,
                subscriptions: result.subscriptionCount
            )
            StandardStreams.writeError(
                DiagnosticPrinter.text(result.diagnostics, summary: summary, style: stderrStyle)
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
            return try await session.plan(desired)
        }
    }

    /// Prints `plan` on stdout in `--format`, coloured as `--color` says.
    func print(_ plan: Plan) {
        StandardStreams.writeOutLine(Self.render(plan, format: format, color: color))
    }

    static func render(_ plan: Plan, format: PlanFormat, color choice: ColorMode.Choice) -> String {
        let color = ColorMode.resolve(
            choice: choice,
            isTerminal: isatty(STDOUT_FILENO) == 1,
            environment: ProcessInfo.processInfo.environment
        )
        return format.output.planRenderer(color: color).render(plan)
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
