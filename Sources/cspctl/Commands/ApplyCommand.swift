import ArgumentParser
import Foundation
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterRendering

/// `cspctl apply PLANFILE` or `cspctl apply PATH...`: executes a plan, proves each change, reports.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Execute a saved plan, or plan the manifests and execute that after confirmation.",
        discussion: """
            apply PLANFILE executes a plan saved by `cspctl plan --out`, after reading live state again: it refuses \
            when the plan was made against another endpoint, is older than --max-plan-age, or anything it depends \
            on moved. apply PATH... plans the manifests, shows the plan and asks for `yes` (--auto-approve skips \
            the question; without a terminal it refuses). --dry-run sends nothing and prints the requests in order.
            New customers' admin credentials go to --credentials-out FILE (mode 0600; links and files of other \
            users are refused), never to the output. One apply at a time per --state-dir (a lock); a purchase or \
            customer that another run made since the plan fails the change instead of being made twice. A new \
            customer whose creation answer (its admin password) was lost is reported by every apply until the \
            same plan is run again or --admin-password-reset DOMAIN says the password was reset.
            Each change's outcome is printed as it finishes. SIGINT or SIGTERM: no new change starts, the ones in \
            flight finish, and apply says how far it got; run the same plan again to resume.
            Exit status: 0 everything applied and verified, 1 an error or any change failed, 130 or 143 \
            interrupted by SIGINT or SIGTERM.
            """
    )

    @Argument(
        help: ArgumentHelp("A saved plan (JSON from `plan --out`), or manifest files and folders.", valueName: "path")
    )
    var paths: [String]

    @OptionGroup var planOptions: ApplyOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var ci: CIOptions

    @Flag(help: "Apply without asking for confirmation (apply PATH...).")
    var autoApprove = false

    @Flag(help: "Send nothing: print, in order, the requests apply would send.")
    var dryRun = false

    @Option(help: "Append new customers' admin credentials to this file (created with mode 0600).")
    var credentialsOut: String?

    @Option(
        help: ArgumentHelp(
            "Seal each credentials record to this X25519 public key (PEM; HPKE), so no password is written in clear; "
                + "read them back with `cspctl credentials open`.",
            valueName: "public-key-file"
        )
    )
    var credentialsRecipient: String?

    @Option(help: "Refuse a saved plan older than this (e.g. 90m, 24h, 2d).")
    var maxPlanAge: PlanAge = PlanAge(seconds: 24 * 3600)

    @Option(help: "Where apply keeps its journal of each plan's progress (resumption after a crash) and its lock.")
    var stateDir: String = ".cspctl"

    @Option(
        help: ArgumentHelp(
            "You reset this new customer's admin password after its creation's answer was lost: stop reporting it.",
            valueName: "domain"
        )
    )
    var adminPasswordReset: [String] = []

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("Give a saved plan or manifest paths.") }
        if credentialsRecipient != nil, credentialsOut == nil {
            throw ValidationError(
                "--credentials-recipient needs --credentials-out FILE (the file the sealed records go to)."
            )
        }
    }

    func run() async throws {
        try await ci.reportingFailure(of: "apply") { try await execute() }
    }

    private func execute() async throws {
        let saved = paths.count == 1 && SavedPlanFile.isSavedPlan(at: paths[0])
        let stop = dryRun ? nil : StopRequest.watch()
        let workflow = workflow(stop: stop)
        let report =
            saved
            ? try await workflow.applySaved(
                SavedPlanFile.load(paths[0], toolVersion: CSPCtlVersion.current, decode: JSONPlanRenderer.decode),
                path: paths[0]
            )
            : try await workflow.planAndApply(planOptions.desiredState(paths: paths, annotate: ci.annotate))
        if !report.plan.hasWork, !report.interrupted {
            // Said plainly, after the plan (text) or beside the JSON result (stderr); exit 0.
            let line = TextPlanRenderer.nothingToApply(report.plan) + "\n"
            planOptions.format == .json ? StandardStreams.writeError(line) : StandardStreams.writeOut(line)
        }
        if report.executed && report.plan.hasWork || planOptions.format == .json {
            switch planOptions.format {
            case .json: StandardStreams.writeJSON(ApplyResultRenderer.json(report.result))
            default:
                StandardStreams.writeOut(
                    ApplyResultRenderer.text(
                        report.result,
                        outcomesShown: !dryRun,
                        ending: .init(plan: report.plan, notStarted: report.notStarted)
                    )
                )
            }
        }
        if let stop, report.interrupted { throw interrupted(report, stop: stop, saved: saved ? paths[0] : nil) }
        if let lost = report.lostCredentialsFailure(stateDirectory: stateDir) { throw lost }
        if report.result.hasFailures { throw ExitCode.failure }
    }

    private func workflow(stop: StopRequest?) -> ApplyWorkflow {
        let settings = ApplySettings(
            parallelism: planOptions.parallelism,
            dryRun: dryRun,
            credentialsOut: credentialsOut,
            credentialsRecipient: credentialsRecipient,
            maxPlanAge: maxPlanAge.seconds,
            stateDirectory: stateDir,
            adminPasswordResets: adminPasswordReset,
            customers: planOptions.customers,
            toolVersion: CSPCtlVersion.current
        )
        let (planOptions, autoApprove, connection, dryRun) = (planOptions, autoApprove, connection, dryRun)
        let printer = dryRun ? nil : ApplyOutcomePrinter(toStandardOutput: planOptions.format != .json)
        var hooks = ApplyHooks(
            review: { plan in
                let (json, terminal) = (planOptions.format == .json, isatty(STDIN_FILENO) == 1)
                switch Terminal.review(json: json, autoApprove: autoApprove, dryRun: dryRun, inputIsTerminal: terminal)
                {
                case .standardOutput: planOptions.print(plan)
                case .standardError: planOptions.printOnStandardError(plan)
                case nil: break
                }
            },
            confirm: { try Terminal.confirmApply(autoApprove: autoApprove) },
            progress: printer.map { printer in { @Sendable progress in printer.print(progress) } },
            encodePlan: JSONPlanRenderer.encode
        )
        if let stop { hooks.shouldStop = { stop.shouldStop() } }
        return ApplyWorkflow(settings: settings, hooks: hooks) { sendsNothing in
            try await connection.connect(parallelism: planOptions.parallelism, sendsNothing: sendsNothing)
        }
    }
}

/// `--max-plan-age`: `90m`, `24h`, `2d`, or seconds.
struct PlanAge: ExpressibleByArgument {
    var seconds: TimeInterval

    init(seconds: TimeInterval) { self.seconds = seconds }

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let last = text.last, let unit = units[last], let value = Double(text.dropLast()), value > 0 {
            seconds = value * unit
        } else if let value = Double(text), value > 0 {
            seconds = value
        } else {
            return nil
        }
    }

    var defaultValueDescription: String { "24h" }
}
