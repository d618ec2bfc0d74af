import ArgumentParser
import Foundation
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterRendering

/// Wires `apply`: saved plan or fresh plan, the checks before sending, the applier, and the report.
struct ApplyRun {
    let command: ApplyCommand

    /// The plan at `path` when it is a saved plan (a JSON object); nil when it is a manifest path.
    static func savedPlan(at path: String) throws -> Plan? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let handle = FileHandle(forReadingAtPath: path)
        else { return nil }
        let head = (try? handle.read(upToCount: 256)) ?? Data()
        try? handle.close()
        guard head.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) == UInt8(ascii: "{")
        else { return nil }
        return try ShowCommand.load(path)
    }

    func applySaved(_ plan: Plan, path: String) async throws {
        guard command.planOptions.customers.isEmpty else {
            throw CommandFailure(
                "--customer narrows manifests; a saved plan is applied whole",
                detail: "Make a plan of just those customers with `cspctl plan PATH... --customer DOMAIN --out FILE`."
            )
        }
        guard let desired = plan.desired else {
            throw CommandFailure(
                "\(path) holds no manifests to check it against (saved by an older cspctl, or not by `plan --out`)",
                detail: "Make the plan again with `cspctl plan PATH... --out \(path)`."
            )
        }
        let lock = try lockStateFolder()
        defer { lock?.release() }
        // A dry run of a saved plan sends nothing and reads nothing: it needs no credentials.
        let connection = try await connect(sendsNothing: command.dryRun)
        do {
            try StalenessCheck.checkIdentity(
                plan,
                endpoint: connection.endpointIdentity,
                now: Date(),
                maxAge: command.maxPlanAge.seconds
            )
            if !command.dryRun {
                try preflight(plan)
                let journal = try openJournal(plan)
                let touched = await journal.startedAddresses()
                let fresh = try await PlanRun.plan(
                    desired,
                    using: connection,
                    parallelism: command.planOptions.parallelism
                )
                let moved = StalenessCheck.moved(saved: plan, fresh: fresh.plan, exempt: touched)
                guard moved.isEmpty else {
                    throw CommandFailure(
                        "the plan is stale: live state moved since it was made; nothing was sent",
                        detail: (moved.prefix(50).map { "  " + $0 } + (moved.count > 50 ? ["  …"] : [])).joined(
                            separator: "\n"
                        ) + "\nPlan again (`cspctl plan … --out \(path)`), review, and apply the new plan."
                    )
                }
                try await execute(plan, connection: connection, journal: journal, source: nil)
            } else {
                try await execute(plan, connection: connection, journal: nil, source: nil)
            }
            await connection.close()
        } catch {
            await connection.close()
            throw error
        }
    }

    func planAndApply() async throws {
        let desired = try PlanRun.loadDesired(
            paths: command.paths,
            customers: command.planOptions.customers,
            style: command.planOptions.stderrStyle
        )
        let lock = try lockStateFolder()
        defer { lock?.release() }
        let connection = try await connect()
        do {
            let outcome = try await PlanRun.plan(
                desired,
                using: connection,
                parallelism: command.planOptions.parallelism
            )
            let plan = outcome.plan
            if command.planOptions.format == .text {
                StandardStreams.writeOutLine(PlanRun.render(plan, format: .text, color: command.planOptions.color))
            }
            if plan.hasWork {
                if !command.dryRun {
                    try preflight(plan)
                    try confirm()
                }
                try await execute(
                    plan,
                    connection: connection,
                    journal: command.dryRun ? nil : try openJournal(plan),
                    source: desired
                )
            } else if command.planOptions.format == .json {
                StandardStreams.writeOut(
                    ApplyResultRenderer.json(
                        ApplyResult(
                            planId: plan.id,
                            dryRun: command.dryRun,
                            startedAt: Date(),
                            finishedAt: Date(),
                            outcomes: []
                        )
                    )
                )
            }
            if !plan.hasWork, !command.dryRun { try await reportLostCredentials(plan, attempted: []) }
            await connection.close()
        } catch {
            await connection.close()
            throw error
        }
    }

    private func connect(sendsNothing: Bool = false) async throws -> LiveConnection {
        try await ClientFactory.connect(
            command.connection,
            environment: ProcessInfo.processInfo.environment,
            parallelism: command.planOptions.parallelism,
            sendsNothing: sendsNothing
        )
    }

    /// One apply at a time in a state folder (nil for a dry run, which sends nothing); also records
    /// `--admin-password-reset`s, which need the folder to themselves.
    private func lockStateFolder() throws -> StateFolderLock? {
        guard !command.dryRun else { return nil }
        let folder = URL(fileURLWithPath: command.stateDir)
        let lock: StateFolderLock
        do {
            lock = try StateFolderLock(folder: folder)
        } catch let held as StateFolderLock.Held {
            throw CommandFailure(held.description)
        } catch {
            throw CommandFailure("cannot lock the state folder \(command.stateDir): \(error.localizedDescription)")
        }
        return lock
    }

    /// Records `--admin-password-reset`s, then fails naming every new customer whose admin password may be lost.
    private func reportLostCredentials(_ plan: Plan, attempted: Set<String>) async throws {
        let folder = URL(fileURLWithPath: command.stateDir)
        for domain in command.adminPasswordReset {
            try await LostCredentials.recordReset(domain: domain, folder: folder)
        }
        let unresolved = LostCredentials.unresolved(in: folder, plan: plan, attempted: attempted)
        guard !unresolved.isEmpty else { return }
        throw CommandFailure(LostCredentials.report(unresolved, stateDir: command.stateDir))
    }

    private func preflight(_ plan: Plan) throws {
        let problems = Applier.preflight(plan, credentialsGiven: command.credentialsOut != nil)
        guard problems.isEmpty else {
            throw CommandFailure(problems.joined(separator: "; ") + "; nothing was sent")
        }
    }

    /// `yes` on a terminal, `--auto-approve`, or refuse before sending anything.
    private func confirm() throws {
        guard !command.autoApprove else { return }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CommandFailure(
                "no terminal to confirm on, and no --auto-approve: nothing was sent",
                detail:
                    "Review the plan, then run again with --auto-approve, or save it with `plan --out` and apply that."
            )
        }
        StandardStreams.writeError("\nDo you want to perform these actions? Only 'yes' will be accepted: ")
        guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
            throw CommandFailure("apply cancelled: nothing was sent")
        }
    }

    private func openJournal(_ plan: Plan) throws -> ApplyJournal {
        let url = ApplyJournal.url(planID: plan.id, directory: URL(fileURLWithPath: command.stateDir))
        do {
            return try ApplyJournal(url: url)
        } catch {
            throw CommandFailure("cannot open the apply journal \(url.path): \(error.localizedDescription)")
        }
    }

    /// Applies `plan`; `source` is the desired state of a plan made by this run (saved beside its journal, so the
    /// very same plan can be run again to recover, see ``LostCredentials``).
    private func execute(
        _ plan: Plan,
        connection: LiveConnection,
        journal: ApplyJournal?,
        source: DesiredState?
    ) async throws {
        if let journal {
            var saved = plan
            if let source { saved.desired = source }
            let copy = journal.url.deletingPathExtension().appendingPathExtension("plan.json")
            if !FileManager.default.fileExists(atPath: copy.path) {
                try? JSONPlanRenderer.encode(saved).write(to: copy, options: .atomic)
            }
        }
        var credentials: CredentialsFile?
        if let path = command.credentialsOut, !command.dryRun {
            do {
                credentials = try CredentialsFile(path: path)
            } catch {
                throw CommandFailure("\(error): nothing was sent")
            }
        }
        var options = ApplyOptions(
            parallelism: command.planOptions.parallelism,
            dryRun: command.dryRun,
            credentials: credentials,
            journal: journal
        )
        if let printer = ApplyProgressPrinter.forStandardError() {
            options.progress = { @Sendable progress in printer.print(progress) }
        }
        let result = await Applier(client: connection.client).apply(plan, options: options)
        await journal?.close()
        switch command.planOptions.format {
        case .json: StandardStreams.writeOut(ApplyResultRenderer.json(result))
        default: StandardStreams.writeOut(ApplyResultRenderer.text(result))
        }
        if !command.dryRun {
            let attempted = Set(
                plan.changes.filter { $0.requests.contains { $0.operation == .createCustomer } }.map {
                    $0.customer.lowercased()
                }
            )
            do {
                try await reportLostCredentials(plan, attempted: attempted)
            } catch let failure as CommandFailure {
                StandardStreams.writeError("error: \(failure.message)\n")
                throw ExitCode.failure
            }
        }
        if result.hasFailures { throw ExitCode.failure }
    }
}

/// Progress on stderr, only when it is a terminal: one line per finished change.
final class ApplyProgressPrinter: Sendable {
    let started = Date()

    static func forStandardError() -> ApplyProgressPrinter? {
        isatty(STDERR_FILENO) == 1 ? ApplyProgressPrinter() : nil
    }

    func print(_ progress: ApplyProgress) {
        let elapsed = Int(Date().timeIntervalSince(started))
        let clock = String(format: "%02d:%02d", elapsed / 60, elapsed % 60)
        StandardStreams.writeError(
            "[\(progress.done)/\(progress.total)] \(progress.customer) \(progress.customerDone)/"
                + "\(progress.customerTotal) \(progress.outcome.status.rawValue) · \(clock) elapsed\n"
        )
    }
}
