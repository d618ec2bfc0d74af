package import Foundation
package import PartnerCenterClient
package import PartnerCenterModel

/// What an apply is asked to do: `apply`'s options as values.
package struct ApplySettings: Sendable {
    /// Customers worked on (and read) concurrently.
    package var parallelism: Int
    /// Send nothing: report the requests apply would send. Takes no lock, opens no journal.
    package var dryRun: Bool
    /// Where new customers' admin credentials go (required when the plan creates customers).
    package var credentialsOut: String?
    /// `--credentials-recipient`: a PEM X25519 public key; each credentials record is sealed to it
    /// (``SealedCredentials``) and no plaintext is written.
    package var credentialsRecipient: String?
    /// A saved plan older than this is refused.
    package var maxPlanAge: TimeInterval
    /// Where the lock, the journals and the plans saved beside them live.
    package var stateDirectory: String
    /// New customers whose admin password the partner reset: no longer reported as lost.
    package var adminPasswordResets: [String]
    /// `--customer`: narrows manifests; refused with a saved plan.
    package var customers: [String]
    /// Recorded in plans made by plan-then-apply.
    package var toolVersion: String

    package static let maxPlanAgeDefault: TimeInterval = 24 * 3600

    package init(
        parallelism: Int = 8,
        dryRun: Bool = false,
        credentialsOut: String? = nil,
        credentialsRecipient: String? = nil,
        maxPlanAge: TimeInterval = ApplySettings.maxPlanAgeDefault,
        stateDirectory: String = ".cspctl",
        adminPasswordResets: [String] = [],
        customers: [String] = [],
        toolVersion: String
    ) {
        self.parallelism = parallelism
        self.dryRun = dryRun
        self.credentialsOut = credentialsOut
        self.credentialsRecipient = credentialsRecipient
        self.maxPlanAge = maxPlanAge
        self.stateDirectory = stateDirectory
        self.adminPasswordResets = adminPasswordResets
        self.customers = customers
        self.toolVersion = toolVersion
    }
}

/// Where an apply meets its caller: showing the plan, asking for confirmation, progress, and the saved-plan
/// format (Rendering's) of the plan copy kept beside the journal.
package struct ApplyHooks: Sendable {
    /// Plan-then-apply: the plan it made, before anything is checked or sent.
    package var review: @Sendable (Plan) async -> Void
    /// Plan-then-apply with work to do (and not a dry run): throws to refuse; nothing is sent then.
    package var confirm: @Sendable () async throws -> Void
    /// After each finished change.
    package var progress: (@Sendable (ApplyProgress) -> Void)?
    /// The saved-plan bytes of a plan (what `plan --out` writes).
    package var encodePlan: @Sendable (Plan) -> Data
    /// Asked before each change starts: true stops the run (SIGINT, SIGTERM). Changes in flight finish and are
    /// journaled; no new one starts; the report says ``ApplyReport/interrupted``.
    package var shouldStop: @Sendable () -> Bool = { false }

    package init(
        review: @escaping @Sendable (Plan) async -> Void = { _ in },
        confirm: @escaping @Sendable () async throws -> Void = {},
        progress: (@Sendable (ApplyProgress) -> Void)? = nil,
        encodePlan: @escaping @Sendable (Plan) -> Data
    ) {
        self.review = review
        self.confirm = confirm
        self.progress = progress
        self.encodePlan = encodePlan
    }
}

/// What an apply did.
package struct ApplyReport: Sendable {
    /// The plan applied (the saved one, or the one plan-then-apply made).
    package var plan: Plan
    /// Each change's outcome; empty when plan-then-apply found nothing to do.
    package var result: ApplyResult
    /// Whether the applier ran (false: plan-then-apply found nothing to do).
    package var executed: Bool
    /// New customers whose admin password may be lost; the run fails while any is unresolved.
    package var lostCredentials: [LostCredentials.Pending]
    /// `shouldStop` stopped the run before every change with work had finished: the same plan resumes it.
    package var interrupted = false

    /// The failure this report stands for once its result is shown: lost credentials; nil otherwise (a failed
    /// change is in `result`).
    package func lostCredentialsFailure(stateDirectory: String) -> SessionError? {
        lostCredentials.isEmpty
            ? nil : .lostCredentials(LostCredentials.report(lostCredentials, stateDir: stateDirectory))
    }
}

/// `apply`: the saved-plan protocol and plan-then-apply.
///
/// **A saved plan** (`applySaved`) is applied only if it is still the plan a reviewer saw: made against this
/// endpoint, no older than `maxPlanAge` (by the injected clock), and, re-planned now from the manifests it
/// carries, nothing it depends on moved (`StalenessCheck`). What an earlier run of the same plan touched (its
/// journal) is exempt, so a run killed half-way can be run again. A dry run checks identity and age only and
/// sends nothing.
///
/// **Plan-then-apply** (`planAndApply`) plans, shows the plan (`review`), checks it can be applied, asks
/// (`confirm`), and applies; the plan is saved beside its journal so the same plan can be run again.
///
/// Either way: one apply per state folder (a lock, not for a dry run); each change journaled; `--admin-password-
/// reset`s recorded, and new customers whose creation answer was lost reported until resolved. The connection
/// comes from `connect` (told whether the run sends nothing) and is closed before returning.
package struct ApplyWorkflow: Sendable {
    package var settings: ApplySettings
    package var hooks: ApplyHooks
    package var now: @Sendable () -> Date
    package var connect: @Sendable (_ sendsNothing: Bool) async throws -> PartnerCenterConnection

    package init(
        settings: ApplySettings,
        hooks: ApplyHooks,
        now: @escaping @Sendable () -> Date = { Date() },
        connect: @escaping @Sendable (_ sendsNothing: Bool) async throws -> PartnerCenterConnection
    ) {
        self.settings = settings
        self.hooks = hooks
        self.now = now
        self.connect = connect
    }

    private var stateFolder: URL { URL(fileURLWithPath: settings.stateDirectory) }

    /// Applies the plan saved at `path` (`path` is named in refusals), or refuses with a ``SessionError``.
    package func applySaved(_ plan: Plan, path: String) async throws -> ApplyReport {
        guard settings.customers.isEmpty else { throw SessionError.customersWithSavedPlan }
        guard let desired = plan.desired else { throw SessionError.noManifests(path: path) }
        let lock = try lockStateFolder()
        defer { lock?.release() }
        // A dry run of a saved plan sends nothing and reads nothing: it needs no credentials.
        return try await connect(settings.dryRun).using { connection in
            guard PlanDigest.matches(plan) else { throw SessionError.contentDoesNotMatchID(path: path) }
            try checkIdentity(plan, endpoint: connection.endpointIdentity)
            guard !settings.dryRun else { return try await execute(plan, connection: connection, journal: nil) }
            try preflight(plan)
            let journal = try openJournal(plan)
            let touched = await journal.startedAddresses()
            let fresh = try await planSession(connection).plan(desired)
            let moved = StalenessCheck.moved(saved: plan, fresh: fresh.plan, exempt: touched)
            guard moved.isEmpty else {
                await journal.close()
                throw SessionError.stale(moved: moved, path: path)
            }
            // Executed exactly, or refused: every field of every change is what its manifests plan now.
            if let difference = StalenessCheck.firstDifference(saved: plan, fresh: fresh.plan, exempt: touched) {
                await journal.close()
                throw SessionError.differsFromPlanAgain(difference, path: path)
            }
            return try await execute(plan, connection: connection, journal: journal)
        }
    }

    /// Plans `desired`, shows the plan, asks, and applies it.
    package func planAndApply(_ desired: DesiredState) async throws -> ApplyReport {
        let lock = try lockStateFolder()
        defer { lock?.release() }
        return try await connect(false).using { connection in
            let plan = try await planSession(connection).plan(desired).plan
            await hooks.review(plan)
            guard plan.hasWork else {
                var result = ApplyResult(
                    planId: plan.id,
                    dryRun: settings.dryRun,
                    startedAt: now(),
                    finishedAt: now(),
                    outcomes: []
                )
                result.account(for: plan)
                let lost = settings.dryRun ? [] : try await lostCredentials(plan, attempted: [])
                return ApplyReport(plan: plan, result: result, executed: false, lostCredentials: lost)
            }
            if !settings.dryRun {
                try preflight(plan)
                try await hooks.confirm()
            }
            return try await execute(
                plan,
                connection: connection,
                journal: settings.dryRun ? nil : try openJournal(plan),
                source: desired
            )
        }
    }

    private func planSession(_ connection: PartnerCenterConnection) -> PlanSession {
        PlanSession(
            connection: connection,
            parallelism: settings.parallelism,
            toolVersion: settings.toolVersion,
            now: now
        )
    }

    /// Endpoint and age, before anything is read.
    private func checkIdentity(_ plan: Plan, endpoint: String) throws {
        do {
            try StalenessCheck.checkIdentity(plan, endpoint: endpoint, now: now(), maxAge: settings.maxPlanAge)
        } catch let refusal as StalenessCheck.Refusal {
            throw plan.endpoint != endpoint
                ? SessionError.otherEndpoint(refusal.description) : SessionError.tooOld(refusal.description)
        }
    }

    /// One apply at a time in a state folder (nil for a dry run, which sends nothing).
    private func lockStateFolder() throws -> StateFolderLock? {
        guard !settings.dryRun else { return nil }
        do {
            return try StateFolderLock(folder: stateFolder)
        } catch let held as StateFolderLock.Held {
            throw SessionError.stateFolderLocked(held.description)
        } catch {
            throw SessionError.stateFolderUnusable(
                folder: settings.stateDirectory,
                reason: error.localizedDescription
            )
        }
    }

    private func preflight(_ plan: Plan) throws {
        let problems = Applier.preflight(plan, credentialsGiven: settings.credentialsOut != nil)
        guard problems.isEmpty else { throw SessionError.preflight(problems) }
        // An unusable recipient key stops the run before anything is sent.
        if let recipient = settings.credentialsRecipient, !settings.dryRun {
            do {
                _ = try SealedCredentials.publicKey(pemFile: recipient)
            } catch {
                throw SessionError.credentialsFile("--credentials-recipient: \(error)")
            }
        }
    }

    private func openJournal(_ plan: Plan) throws -> ApplyJournal {
        let url = ApplyJournal.url(planID: plan.id, directory: stateFolder)
        do {
            return try ApplyJournal(url: url)
        } catch {
            throw SessionError.journalUnusable(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Records `--admin-password-reset`s, then names every new customer whose admin password may be lost.
    private func lostCredentials(_ plan: Plan, attempted: Set<String>) async throws -> [LostCredentials.Pending] {
        for domain in settings.adminPasswordResets {
            try await LostCredentials.recordReset(domain: domain, folder: stateFolder)
        }
        return LostCredentials.unresolved(in: stateFolder, plan: plan, attempted: attempted)
    }

    /// Applies `plan`; `source` is the desired state of a plan made by this run (saved beside its journal, so the
    /// very same plan can be run again to recover, see ``LostCredentials``).
    private func execute(
        _ plan: Plan,
        connection: PartnerCenterConnection,
        journal: ApplyJournal?,
        source: DesiredState? = nil
    ) async throws -> ApplyReport {
        if let journal {
            var saved = plan
            if let source { saved.desired = source }
            let copy = journal.url.deletingPathExtension().appendingPathExtension("plan.json")
            if !FileManager.default.fileExists(atPath: copy.path) {
                try? hooks.encodePlan(saved).write(to: copy, options: .atomic)
            }
        }
        var credentials: CredentialsFile?
        if let path = settings.credentialsOut, !settings.dryRun {
            do {
                let recipient = try settings.credentialsRecipient.map { try SealedCredentials.publicKey(pemFile: $0) }
                credentials = try CredentialsFile(path: path, recipient: recipient)
            } catch {
                await journal?.close()
                throw SessionError.credentialsFile("\(error)")
            }
        }
        let options = ApplyOptions(
            parallelism: settings.parallelism,
            dryRun: settings.dryRun,
            credentials: credentials,
            journal: journal,
            progress: hooks.progress,
            shouldStop: hooks.shouldStop
        )
        var result = await Applier(client: connection.client).apply(plan, options: options)
        result.account(for: plan)
        await journal?.close()
        var lost: [LostCredentials.Pending] = []
        if !settings.dryRun {
            let attempted = Set(
                plan.changes.filter { $0.requests.contains { $0.operation == .createCustomer } }.map {
                    $0.customer.lowercased()
                }
            )
            lost = try await lostCredentials(plan, attempted: attempted)
        }
        let interrupted = result.outcomes.count < plan.changes.count(where: \.action.isWork)
        return ApplyReport(
            plan: plan,
            result: result,
            executed: true,
            lostCredentials: lost,
            interrupted: interrupted && hooks.shouldStop()
        )
    }
}
