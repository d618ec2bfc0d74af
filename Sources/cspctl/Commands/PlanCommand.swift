import ArgumentParser
import Foundation
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterRendering

/// `cspctl plan PATH...`: validate, read live state, print the plan; `--out` saves it for apply.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Read live state, compare it with the manifests and print the plan.",
        discussion: """
            Validates the manifests first (nothing is sent when they have errors), reads only what they name, and \
            prints the changes apply would make. --out FILE saves the plan (JSON, no secrets) for `cspctl apply`.
            Exit status: 0 success, 1 error; with --detailed-exitcode 0 nothing to send and everything read \
            (blocked or waiting changes alone count as none), 2 apply would send at least one request, 3 nothing to \
            send as far as could be read but some live state unknown, 1 error or nothing could be read.
            """
    )

    @OptionGroup var manifests: ManifestOptions
    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var ci: CIOptions

    @Option(help: "Save the plan as JSON to this file, for `cspctl apply FILE`.")
    var out: String?

    @Flag(help: "Exit 2 when apply would send something, 3 when not but some live state is unknown, 0 otherwise.")
    var detailedExitcode = false

    func run() async throws {
        let outcome = try await planOptions.plan(
            planOptions.desiredState(paths: manifests.paths, annotate: ci.annotate),
            connection: connection
        )
        if let out {
            do {
                try JSONPlanRenderer.encode(outcome.savable).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                throw CommandFailure("cannot write the plan to \(out): \(error.localizedDescription)")
            }
        }
        planOptions.print(outcome.plan)
        if let out {
            // After the plan, where a person looks last.
            StandardStreams.writeError(SavedPlanMessage.text(path: out, plan: outcome.plan, connection: connection))
        }
        ci.report(
            CIPlanReport(plan: outcome.plan, hasChanges: outcome.detailedVerdict == .drift, planFile: out),
            command: "plan"
        )
        guard detailedExitcode else { return }
        switch outcome.detailedVerdict {
        case .inSync: return
        case .drift: throw ExitCode(2)
        case .someUnknown: throw ExitCode(3)
        case .nothingRead: throw CommandFailure("no live state could be read (see the unknowns above)")
        }
    }
}
