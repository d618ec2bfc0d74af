import ArgumentParser
import Foundation
import PartnerCenterClient
import PartnerCenterManifest
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterRendering

/// What `plan` and `drift` share: validate the manifests (nothing is sent when they are invalid), read the live
/// state they name, plan, and print.
enum PlanRun {
    struct Outcome {
        var plan: Plan
        var live: LiveState
    }

    /// Loads and validates; prints diagnostics like `validate` does. Exit 1 on errors.
    static func loadDesired(paths: [String], customers: [String], style: TerminalStyle) throws -> DesiredState {
        let result = ManifestLoader().load(paths: paths)
        if !result.diagnostics.isEmpty || result.hasErrors {
            let summary = ValidationSummary(
                files: result.fileCount,
                customers: result.customerCount,
                subscriptions: result.subscriptionCount
            )
            StandardStreams.writeError(DiagnosticPrinter.text(result.diagnostics, summary: summary, style: style))
        }
        guard !result.hasErrors, var desired = result.state else { throw ExitCode.failure }
        if !customers.isEmpty {
            let wanted = Set(customers.map { $0.lowercased() })
            let named = Set(desired.customers.map { $0.domain.lowercased() })
            let missing = wanted.subtracting(named).sorted()
            guard missing.isEmpty else {
                throw CommandFailure(
                    "--customer \(missing.joined(separator: ", ")): not named by the manifests",
                    detail: "Customers the manifests name: \(named.sorted().joined(separator: ", "))"
                )
            }
            desired.customers = desired.customers.filter { wanted.contains($0.domain.lowercased()) }
        }
        return desired
    }

    /// Reads the live state and plans; the connection is always closed.
    static func plan(
        _ desired: DesiredState,
        connection options: ConnectionOptions,
        parallelism: Int
    ) async throws -> Outcome {
        let connection = try await ClientFactory.connect(
            options,
            environment: ProcessInfo.processInfo.environment,
            parallelism: parallelism
        )
        do {
            let outcome = try await plan(desired, using: connection, parallelism: parallelism)
            await connection.close()
            return outcome
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Reads the live state through an open connection and plans.
    static func plan(
        _ desired: DesiredState,
        using connection: LiveConnection,
        parallelism: Int
    ) async throws -> Outcome {
        let reader = LiveStateReader(
            client: connection.client,
            parallelism: parallelism,
            sandbox: connection.sandbox,
            serviceClock: connection.serviceClock
        )
        let live = try await reader.read(desired)
        let plan = Planner().plan(
            desired: desired,
            live: live,
            options: PlanningOptions(
                createdAt: Date(),
                toolVersion: CSPCtlVersion.current,
                endpoint: connection.endpointIdentity
            )
        )
        return Outcome(plan: plan, live: live)
    }

    static func render(_ plan: Plan, format: PlanFormat, color choice: ColorMode.Choice) -> String {
        let color = ColorMode.resolve(
            choice: choice,
            isTerminal: isatty(STDOUT_FILENO) == 1,
            environment: ProcessInfo.processInfo.environment
        )
        return format.output.planRenderer(color: color).render(plan)
    }

    /// Runs `body`, printing a library or command failure as `error: …` (plus its detail) and exiting 1.
    static func reportingFailures(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let exit as ExitCode {
            throw exit
        } catch let failure as CommandFailure {
            StandardStreams.writeError(message(failure.message, failure.detail))
            throw ExitCode.failure
        } catch let error as PartnerCenterError {
            StandardStreams.writeError(message(error.description, error.detailDescription))
            throw ExitCode.failure
        } catch is CancellationError {
            throw ExitCode.failure
        }
    }

    private static func message(_ line: String, _ detail: String?) -> String {
        var text = "error: \(line)\n"
        if let detail, !detail.isEmpty { text += detail + "\n" }
        return text
    }
}

extension StandardStreams {
    /// Text always ends with one newline.
    static func writeOutLine(_ text: String) {
        writeOut(text.hasSuffix("\n") ? text : text + "\n")
    }
}
