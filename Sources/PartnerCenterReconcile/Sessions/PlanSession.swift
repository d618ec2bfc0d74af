package import Foundation
package import PartnerCenterClient
package import PartnerCenterModel

/// `plan` and `drift` (and the planning half of `apply PATH...`): read the live state a desired state names through
/// an open connection, and plan. The connection is the caller's (it closes it); the clock is injected.
package struct PlanSession: Sendable {
    package var connection: PartnerCenterConnection
    /// Customers read concurrently.
    package var parallelism: Int
    /// Recorded in the plan.
    package var toolVersion: String
    /// When the plan is made (its `createdAt`); the live state's time is the service's clock.
    package var now: @Sendable () -> Date
    /// Whether to count the live customers no manifest names (`plan`, `drift`; issue 15 item 4).
    package var unmanaged: UnmanagedCounting = .off
    /// Told as customers' live state is read (see ``ReadProgress``).
    package var progress: (@Sendable (ReadProgress) -> Void)?

    package init(
        connection: PartnerCenterConnection,
        parallelism: Int,
        toolVersion: String,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.connection = connection
        self.parallelism = parallelism
        self.toolVersion = toolVersion
        self.now = now
    }

    /// Reads what `desired` names and plans. Throws only when nothing can be read at all (credentials refused).
    package func plan(_ desired: DesiredState) async throws -> PlanOutcome {
        var reader = LiveStateReader(
            client: connection.client,
            parallelism: parallelism,
            sandbox: connection.sandbox,
            serviceClock: connection.serviceClock
        )
        reader.progress = progress
        let unmanaged = try await countUnmanaged(desired, reader: &reader)
        let live = try await reader.read(desired)
        var plan = Planner().plan(
            desired: desired,
            live: live,
            options: PlanningOptions(
                createdAt: now(),
                toolVersion: toolVersion,
                endpoint: connection.endpointIdentity
            )
        )
        plan.unmanaged = unmanaged
        return PlanOutcome(plan: plan, live: live, desired: desired)
    }

    /// How many domains an unknown `--customer` suggests.
    package static let suggestedDomains = 3

    /// `--customer`: `desired` narrowed to these domains (case-insensitive); all of them when `customers` is empty.
    /// Throws ``SessionError/unknownCustomers(missing:closest:named:)`` when the manifests do not name one, with
    /// the named domains closest to it (not all of them: 3,000 customers made an 81 KB message).
    package static func narrow(_ desired: DesiredState, to customers: [String]) throws -> DesiredState {
        guard !customers.isEmpty else { return desired }
        let wanted = Set(customers.map { $0.lowercased() })
        let named = Set(desired.customers.map { $0.domain.lowercased() })
        let missing = wanted.subtracting(named).sorted()
        guard missing.isEmpty else {
            let closest = EditDistance.nearest(to: missing[0], in: named.sorted(), count: suggestedDomains)
            throw SessionError.unknownCustomers(missing: missing, closest: closest, named: named.count)
        }
        var narrowed = desired
        narrowed.customers = desired.customers.filter { wanted.contains($0.domain.lowercased()) }
        return narrowed
    }
}

/// A plan and what it was made from.
package struct PlanOutcome: Sendable {
    package var plan: Plan
    package var live: LiveState
    package var desired: DesiredState
    /// `--waiting-grace` (seconds): how long a waiting change may wait before ``drift`` counts it; 0: at once.
    package var waitingGrace: TimeInterval = DriftJudgement.defaultWaitingGrace

    package init(plan: Plan, live: LiveState, desired: DesiredState) {
        self.plan = plan
        self.live = live
        self.desired = desired
    }

    /// The plan as `plan --out` saves it: with the manifests it was made from, so apply can plan them again.
    package var savable: Plan {
        var saved = plan
        saved.desired = desired
        return saved
    }

    /// `plan --detailed-exitcode`'s verdict: drift's rule (../shared/spec/cli.md, issue 14 items 2 and 3) with
    /// plan's notion of a change, "apply would send at least one request" (``Plan/hasWork``): 2 when the plan has
    /// work; otherwise (nothing, or only blocked and waiting changes, for which apply sends nothing) 0 when
    /// everything was read, 3 when some live state is unknown, an error when nothing could be read. Unknown is
    /// never "no changes".
    package var detailedVerdict: DriftVerdict {
        plan.hasWork ? .drift : readVerdict
    }

    /// `drift`'s verdict (``driftJudgement``'s).
    package var drift: DriftVerdict { driftJudgement.verdict }

    /// `drift`'s judgement: every change is drift (blocked ones included) except a waiting one that has not yet
    /// waited longer than ``waitingGrace``; with no drift, whether everything was read (see ``DriftJudgement``).
    package var driftJudgement: DriftJudgement {
        DriftJudgement(plan: plan, waitingGrace: waitingGrace, readVerdict: readVerdict)
    }

    /// With nothing to change: whether everything was read, some of it, or nothing at all.
    private var readVerdict: DriftVerdict {
        let lookups = Array(live.customers.values)
        let nothingRead =
            !lookups.isEmpty
            && lookups.allSatisfy {
                if case .unknown = $0 { return true }
                return false
            }
        if nothingRead { return .nothingRead }
        return plan.unknowns.isEmpty ? .inSync : .someUnknown
    }
}

/// Whether live state matches the manifests, as a scheduled check judges it.
package enum DriftVerdict: Sendable, Hashable {
    /// Everything read, nothing to change.
    case inSync
    /// Changes (for drift: blocked ones included, waiting ones once they have waited longer than the grace).
    case drift
    /// Nothing to change as far as could be read, but some live state is unknown.
    case someUnknown
    /// No customer could be read at all: an error, never "in sync".
    case nothingRead
}
