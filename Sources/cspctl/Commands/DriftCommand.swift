import ArgumentParser
import Foundation
import PartnerCenterModel

/// `cspctl drift PATH...`: a plan for scheduled checks, judged by its exit status.
struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Check whether live state matches the manifests (for scheduled runs).",
        discussion: """
            Prints the plan like `cspctl plan`. Exit status: 0 in sync, 2 drift (changes, including ones waiting \
            for the customer), 3 in sync as far as could be read but some live state could not be read, 1 error \
            or nothing could be read. A read error is never reported as drift nor as in sync.
            """
    )

    @OptionGroup var manifests: ManifestOptions
    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await PlanRun.reportingFailures {
            let desired = try PlanRun.loadDesired(
                paths: manifests.paths,
                customers: planOptions.customers,
                style: planOptions.stderrStyle
            )
            let outcome = try await PlanRun.plan(desired, connection: connection, parallelism: planOptions.parallelism)
            StandardStreams.writeOutLine(
                PlanRun.render(outcome.plan, format: planOptions.format, color: planOptions.color)
            )
            throw ExitCode(Self.status(plan: outcome.plan, live: outcome.live))
        }
    }

    /// 2 drift, 1 nothing could be read, 3 some unknown, 0 in sync.
    static func status(plan: Plan, live: LiveState) -> Int32 {
        if !plan.changes.isEmpty { return 2 }
        let lookups = Array(live.customers.values)
        let nothingRead =
            !lookups.isEmpty
            && lookups.allSatisfy {
                if case .unknown = $0 { return true }
                return false
            }
        if nothingRead {
            StandardStreams.writeError("error: no live state could be read (see the unknowns above)\n")
            return 1
        }
        return plan.unknowns.isEmpty ? 0 : 3
    }
}
