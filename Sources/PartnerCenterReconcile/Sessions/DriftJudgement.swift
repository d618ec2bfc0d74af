package import Foundation
package import PartnerCenterModel

/// How `drift` judges a plan (../shared/spec/cli.md "Exit codes", issue 14 item 3): a nightly check stays quiet
/// while no human needs to act and is loud when one does. Every change is drift, blocked ones included (a human
/// has to decide what to do instead), except a `waiting` one (a relationship the customer has not approved yet,
/// one being activated, an old generation waiting for its replacement) until it has waited longer than
/// `--waiting-grace`, counted from the relationship's own dates (``Change/waitingSince``) to the plan's
/// `observedAt` (the service's clock). A grace of 0 makes every waiting change drift at once; a waiting change
/// whose start is not known is drift only then.
package struct DriftJudgement: Sendable, Hashable {
    /// The default `--waiting-grace`: 14 days.
    package static let defaultWaitingGrace: TimeInterval = 14 * 86_400

    package var verdict: DriftVerdict
    /// Waiting changes that have waited longer than the grace: drift, each with how long it has waited.
    package var overdue: [Waiting]
    /// Waiting changes still within the grace: listed, not drift.
    package var withinGrace: [Waiting]
    package var waitingGrace: TimeInterval

    /// A waiting change and how long it has waited by the plan's `observedAt` (nil when its start is not known).
    package struct Waiting: Sendable, Hashable {
        package var address: String
        package var since: Date?
        package var waited: TimeInterval?
    }

    /// `readVerdict`: what to say when nothing is drift (in sync, some unknown, nothing read).
    package init(plan: Plan, waitingGrace: TimeInterval, readVerdict: DriftVerdict) {
        self.waitingGrace = max(0, waitingGrace)
        var overdue: [Waiting] = []
        var withinGrace: [Waiting] = []
        var otherDrift = false
        for change in plan.changes {
            guard change.action == .waiting else {
                otherDrift = true
                continue
            }
            let waited = change.waitingSince.map { plan.observedAt.timeIntervalSince($0) }
            let waiting = Waiting(address: change.address, since: change.waitingSince, waited: waited)
            if Self.isOverdue(waited: waited, grace: self.waitingGrace) {
                overdue.append(waiting)
            } else {
                withinGrace.append(waiting)
            }
        }
        self.overdue = overdue
        self.withinGrace = withinGrace
        verdict = otherDrift || !overdue.isEmpty ? .drift : readVerdict
    }

    /// Longer than the grace; with a grace of 0, always.
    static func isOverdue(waited: TimeInterval?, grace: TimeInterval) -> Bool {
        guard grace > 0 else { return true }
        guard let waited else { return false }
        return waited > grace
    }
}
