import ArgumentParser
import Foundation
import PartnerCenterReconcile
import PartnerCenterRendering

/// `cspctl drift PATH...`: a plan for scheduled checks, judged by its exit status.
struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Check whether live state matches the manifests (for scheduled runs).",
        discussion: """
            Prints the plan like `cspctl plan`. Exit status: 0 in sync, 2 drift (changes, blocked ones included; a \
            change waiting for the customer only once it has waited longer than --waiting-grace, default 14d, \
            counted from the relationship's own dates: until then it is listed as waiting and is not drift), 3 in \
            sync as far as could be read but some live state could not be read, 1 error or nothing could be read. \
            A read error is never reported as drift nor as in sync.
            """
    )

    @OptionGroup var manifests: ManifestOptions
    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var ci: CIOptions

    func run() async throws {
        var outcome = try await planOptions.plan(
            planOptions.desiredState(paths: manifests.paths, annotate: ci.annotate),
            connection: connection
        )
        outcome.waitingGrace = planOptions.waitingGrace.seconds
        planOptions.print(outcome.plan, title: .drift)
        planOptions.printWaiting(outcome.driftJudgement)
        ci.report(
            CIPlanReport(plan: outcome.plan, hasChanges: outcome.drift == .drift, planFile: nil),
            command: "drift"
        )
        switch outcome.drift {
        case .inSync: return
        case .drift: throw ExitCode(2)
        case .someUnknown: throw ExitCode(3)
        case .nothingRead: throw CommandFailure("no live state could be read (see the unknowns above)")
        }
    }
}
