package import Foundation
package import PartnerCenterClient
package import PartnerCenterModel

/// How `apply` runs.
package struct ApplyOptions: Sendable {
    /// Customers worked on concurrently (a customer's own changes run as a dependency graph: see ``CustomerRun``).
    package var parallelism: Int
    /// Send nothing: record the requests apply would send (customers then run one at a time, in plan order).
    package var dryRun: Bool
    /// Where new customers' admin credentials go; required when the plan creates a customer.
    package var credentials: (any CredentialsSink)?
    /// Progress of this plan across runs (resumption after a crash).
    package var journal: ApplyJournal?
    /// Called after each change, from any task.
    package var progress: (@Sendable (ApplyProgress) -> Void)?
    /// The date recorded on agreement confirmations.
    package var now: @Sendable () -> Date
    /// Asked before each change starts: true starts no more (changes in flight finish and are journaled; the
    /// ones never started have no outcome).
    package var shouldStop: @Sendable () -> Bool

    package init(
        parallelism: Int = 8,
        dryRun: Bool = false,
        credentials: (any CredentialsSink)? = nil,
        journal: ApplyJournal? = nil,
        progress: (@Sendable (ApplyProgress) -> Void)? = nil,
        now: @escaping @Sendable () -> Date = { Date() },
        shouldStop: @escaping @Sendable () -> Bool = { false }
    ) {
        self.parallelism = parallelism
        self.dryRun = dryRun
        self.credentials = credentials
        self.journal = journal
        self.progress = progress
        self.now = now
        self.shouldStop = shouldStop
    }
}

/// One finished change, for a progress display.
package struct ApplyProgress: Sendable {
    package var customer: String
    /// Changes finished for this customer, and its total.
    package var customerDone: Int
    package var customerTotal: Int
    /// Changes finished overall, and the total.
    package var done: Int
    package var total: Int
    package var outcome: ChangeOutcome
}

/// Executes a plan's work: customers in parallel within `parallelism`, each customer's changes in dependency
/// order (the customer before its subscriptions and GDAP, a relationship before its assignments), each change
/// proven by a read afterwards. A change whose prerequisite failed or was skipped is skipped, never attempted.
package struct Applier: Sendable {
    let client: PartnerCenterClient

    package init(client: PartnerCenterClient) {
        self.client = client
    }

    /// What must be settled before anything is sent: an empty list means go.
    package static func preflight(_ plan: Plan, credentialsGiven: Bool) -> [String] {
        var problems: [String] = []
        let creates = plan.changes.filter { change in
            change.action.isWork && change.requests.contains { $0.operation == .createCustomer }
        }
        if !creates.isEmpty, !credentialsGiven {
            problems.append(
                "the plan creates \(creates.count) customer(s) (\(creates.map(\.customer).prefix(3).joined(separator: ", "))"
                    + (creates.count > 3 ? ", …" : "") + "): give --credentials-out FILE for their admin credentials"
            )
        }
        return problems
    }

    package func apply(_ plan: Plan, options: ApplyOptions) async -> ApplyResult {
        let startedAt = Date()
        let journaled = await options.journal?.entries() ?? [:]
        var session = ApplySession(client: client, planID: plan.id, dryRun: options.dryRun)
        session.fingerprints = plan.fingerprints
        session.resumed = Set(journaled.keys)
        session.createdByPlan = Set(
            plan.changes.filter { $0.requests.contains { $0.operation == .createCustomer } }.map {
                $0.customer.lowercased()
            }
        )
        let executor = ChangeExecutor(session: session, credentials: options.credentials, now: options.now)
        let work = plan.changes.filter(\.action.isWork)
        let notWork = Dictionary(
            plan.changes.filter { !$0.action.isWork }.map { ($0.address, $0.action) },
            uniquingKeysWith: { first, _ in first }
        )
        var groups: [(String, [Change])] = []
        var index: [String: Int] = [:]
        for change in work {
            let domain = change.customer
            if let at = index[domain] {
                groups[at].1.append(change)
            } else {
                index[domain] = groups.count
                groups.append((domain, [change]))
            }
        }
        let counter = ProgressCounter(total: work.count)
        let run = CustomerRun(
            executor: executor,
            plan: plan,
            notWork: notWork,
            journal: options.journal,
            journaled: journaled,
            progress: options.progress,
            counter: counter,
            shouldStop: options.shouldStop
        )
        let width = options.dryRun ? 1 : max(1, options.parallelism)
        // Customers side by side, at most `width` at a time; each customer's changes follow its dependency graph.
        let finished = await groups.boundedMap(width: width) { domain, changes in
            await run.run(domain: domain, changes: changes)
        }
        var outcomes: [String: ChangeOutcome] = [:]
        for outcome in finished.joined() { outcomes[outcome.address] = outcome }
        return ApplyResult(
            planId: plan.id,
            dryRun: options.dryRun,
            startedAt: startedAt,
            finishedAt: Date(),
            outcomes: work.compactMap { outcomes[$0.address] }
        )
    }
}

/// Counts finished changes across customers for progress.
actor ProgressCounter {
    let total: Int
    private var done = 0

    init(total: Int) { self.total = total }

    func finishOne() -> Int {
        done += 1
        return done
    }
}

/// Works through one customer's changes.
struct CustomerRun: Sendable {
    let executor: ChangeExecutor
    let plan: Plan
    let notWork: [String: Action]
    let journal: ApplyJournal?
    let journaled: [String: ApplyJournal.Entry]
    let progress: (@Sendable (ApplyProgress) -> Void)?
    let counter: ProgressCounter
    let shouldStop: @Sendable () -> Bool

    /// Runs the customer's changes as a dependency graph: a change starts as soon as every change it depends on
    /// is applied (independent ones, such as three purchases after the agreement, run side by side); the client's
    /// pacing and concurrency limit still bound what is in flight. A dry run goes one change at a time.
    func run(domain: String, changes: [Change]) async -> [ChangeOutcome] {
        var state = CustomerState(domain: domain, customerID: plan.customerIds[domain.lowercased()])
        state.touchedBefore = changes.contains { journaled[$0.address] != nil }
        let local = Set(changes.map(\.address))
        var finished: [String: ChangeOutcome.Status] = [:]
        var outcomes: [ChangeOutcome] = []
        var pending = Self.ordered(changes)
        let width = executor.dryRun ? 1 : pending.count

        func report(_ outcome: ChangeOutcome) async {
            finished[outcome.address] = outcome.status
            outcomes.append(outcome)
            let done = await counter.finishOne()
            progress?(
                ApplyProgress(
                    customer: domain,
                    customerDone: outcomes.count,
                    customerTotal: changes.count,
                    done: done,
                    total: counter.total,
                    outcome: outcome
                )
            )
        }

        await withTaskGroup(of: (ChangeOutcome, CustomerState).self) { group in
            var running = 0
            while !pending.isEmpty || running > 0 {
                // Start what is ready; settle at once what can never run (a prerequisite failed or was skipped).
                var index = 0
                // Stopped (a signal): start nothing more; what runs finishes; the rest keeps no outcome.
                while index < pending.count, running < width, !shouldStop() {
                    let change = pending[index]
                    let prerequisites = change.dependsOn.filter(local.contains)
                    if let refusal = refusal(change, finished: finished) {
                        pending.remove(at: index)
                        await report(refusal)
                        index = 0
                        continue
                    }
                    guard prerequisites.allSatisfy({ finished[$0] == .applied || finished[$0] == .planned }) else {
                        index += 1
                        continue
                    }
                    pending.remove(at: index)
                    running += 1
                    let snapshot = state
                    group.addTask {
                        var mine = snapshot
                        let outcome = await self.outcome(of: change, state: &mine)
                        return (outcome, mine)
                    }
                }
                guard let (outcome, after) = await group.next() else { break }
                running -= 1
                state.merge(after)
                await report(outcome)
            }
        }
        // Only a dependency cycle (or a stop) could leave anything here; the planner makes no cycle. Never drop a
        // change silently: a stopped run reports what it never started as interrupted.
        for change in pending where !shouldStop() {
            await report(skipped(change, because: "its prerequisites never completed (a dependency cycle)"))
        }
        return outcomes
    }

    /// Why `change` must be skipped, given what has finished; nil when it may run (or must wait).
    private func refusal(_ change: Change, finished: [String: ChangeOutcome.Status]) -> ChangeOutcome? {
        for dependency in change.dependsOn {
            if let action = notWork[dependency] {
                return skipped(change, because: "it depends on \(dependency), which is \(action.rawValue)")
            }
            if let status = finished[dependency], status == .failed || status == .skipped {
                return skipped(
                    change,
                    because: "its prerequisite \(dependency) \(status == .failed ? "failed" : "was skipped")"
                )
            }
        }
        return nil
    }

    private func outcome(of change: Change, state: inout CustomerState) async -> ChangeOutcome {
        if let entry = journaled[change.address], entry.event == .applied, !executor.dryRun {
            restore(entry.createdIds, for: change, into: &state)
            return ChangeOutcome(
                address: change.address,
                action: change.action,
                status: .applied,
                verified: true,
                message: "applied and verified by an earlier run of this plan",
                requestIds: entry.requestIds,
                createdIds: entry.createdIds,
                approvalLink: entry.approvalLink
            )
        }
        let createsCustomer = change.requests.contains { $0.operation == .createCustomer } ? true : nil
        if !executor.dryRun {
            await journal?.record(.init(address: change.address, event: .started, createsCustomer: createsCustomer))
        }
        let outcome = await executor.run(change, state: &state)
        if !executor.dryRun {
            await journal?.record(
                .init(
                    address: change.address,
                    event: outcome.status == .applied ? .applied : .failed,
                    requestIds: outcome.requestIds,
                    createdIds: outcome.createdIds,
                    approvalLink: outcome.approvalLink,
                    createsCustomer: createsCustomer,
                    credentialsRecorded: createsCustomer == nil
                        ? nil : executor.credentials?.hasRecorded(domain: change.customer) ?? false,
                    createdNothing: createsCustomer == nil ? nil : Self.createdNothing(outcome)
                )
            )
        }
        return outcome
    }

    /// A failed customer creation that certainly created nothing: the service refused it (4xx), or the customer
    /// appeared since the plan (another run made it). Anything else (no answer, 5xx) may have created it.
    static func createdNothing(_ outcome: ChangeOutcome) -> Bool? {
        guard outcome.status == .failed else { return nil }
        if let status = outcome.failure?.status, (400..<500).contains(status) { return true }
        return outcome.message.hasPrefix(ChangeExecutor.appearedCustomerPrefix) ? true : nil
    }

    private func restore(_ ids: [String: String], for change: Change, into state: inout CustomerState) {
        if let id = ids["customerId"] { state.customerID = id }
        if let id = ids["relationshipId"] { state.relationshipIDs[change.address] = id }
    }

    private func skipped(_ change: Change, because reason: String) -> ChangeOutcome {
        ChangeOutcome(address: change.address, action: change.action, status: .skipped, message: "skipped: \(reason)")
    }

    /// Dependency order, ties in plan order (a stable topological sort); dependencies outside the list are ignored.
    static func ordered(_ changes: [Change]) -> [Change] {
        let addresses = Set(changes.map(\.address))
        var placed: Set<String> = []
        var remaining = changes
        var result: [Change] = []
        while !remaining.isEmpty {
            let ready = remaining.firstIndex { change in
                change.dependsOn.allSatisfy { !addresses.contains($0) || placed.contains($0) }
            }
            // A cycle cannot come out of the planner; if one did, keep plan order rather than stall.
            let next = remaining.remove(at: ready ?? 0)
            placed.insert(next.address)
            result.append(next)
        }
        return result
    }
}
