package import Foundation
package import PartnerCenterModel

/// Decides whether a saved plan may still be applied: the same endpoint, young enough, and nothing it depends on
/// moved. "Moved" is judged by planning again from the plan's own `desired` against live state read now:
/// every fingerprint the saved plan recorded must be unchanged, every change it would make must still be the
/// same action, and nothing it read may now be unreadable.
///
/// Objects a previous run of this same plan touched (its journal) and everything under a customer that run
/// created moved because of apply itself; they are exempt, so a run killed half-way can be run again.
package enum StalenessCheck {
    package struct Refusal: Error, CustomStringConvertible {
        package var summary: String
        package var details: [String]

        package var description: String { ([summary] + details.map { "  " + $0 }).joined(separator: "\n") }
    }

    /// Endpoint and age: checked before anything is read.
    package static func checkIdentity(_ plan: Plan, endpoint: String, now: Date, maxAge: TimeInterval) throws {
        guard plan.endpoint == endpoint else {
            throw Refusal(
                summary:
                    "the plan was made against \(plan.endpoint), not \(endpoint): plan again against this endpoint",
                details: []
            )
        }
        let age = now.timeIntervalSince(plan.createdAt)
        guard age <= maxAge else {
            throw Refusal(
                summary: "the plan is \(describe(age)) old, older than --max-plan-age \(describe(maxAge)): plan again",
                details: []
            )
        }
    }

    /// What moved between the saved plan and a fresh plan of the same desired state; empty when nothing did.
    package static func moved(saved: Plan, fresh: Plan, exempt touched: Set<String>) -> [String] {
        let exempt = exemptAddresses(saved, touched: touched)
        func isExempt(_ address: String) -> Bool {
            exempt.contains(address) || exempt.contains(PlanAddress.customer(PlanAddress.customer(of: address)))
        }
        var lines: [String] = []
        let unknown = Set(fresh.unknowns.map(\.address))
        for (address, was) in saved.fingerprints.sorted(by: { PlanAddress.precedes($0.key, $1.key) })
        where !isExempt(address) {
            let now = fresh.fingerprints[address]
            if unknown.contains(address) {
                lines.append("\(address): could not be read again")
            } else if now != was {
                switch (was, now) {
                case ("absent", _): lines.append("\(address): was absent, now exists")
                case (_, nil), (_, "absent"?): lines.append("\(address): no longer exists")
                default: lines.append("\(address): changed since the plan")
                }
            }
        }
        let freshChanges = Dictionary(fresh.changes.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        for change in saved.changes where change.action.isWork && !isExempt(change.address) {
            guard let now = freshChanges[change.address] else {
                lines.append("\(change.address): planned to \(change.action.rawValue), now nothing to do")
                continue
            }
            if now.action != change.action {
                let reasons = now.reasons.map(\.rawValue).joined(separator: ", ")
                lines.append(
                    "\(change.address): planned to \(change.action.rawValue), now \(now.action.rawValue) (\(reasons))"
                )
            }
        }
        var seen: Set<String> = []
        return lines.filter { seen.insert($0).inserted }
    }

    /// Touched addresses, customers the plan created among them, and changes that depend on touched ones.
    static func exemptAddresses(_ plan: Plan, touched: Set<String>) -> Set<String> {
        var exempt = touched
        var grew = true
        while grew {
            grew = false
            for change in plan.changes where !exempt.contains(change.address) {
                if change.dependsOn.contains(where: exempt.contains) {
                    exempt.insert(change.address)
                    grew = true
                }
            }
        }
        return exempt
    }

    /// An age or a maximum age as written honestly: `1 s`, `1.4 s`, `0.001 s`, `45 s`, `1 min 30 s`, `90 min`, `3 h 20 min`,
    /// `2 d 4 h`; never rounded to a unit that says something else (before: `--max-plan-age 1s` printed `0 min`).
    package static func describe(_ interval: TimeInterval) -> String {
        let seconds = max(0, interval)
        if seconds < 10, seconds != seconds.rounded(.down) {
            return String(format: "%.3g s", seconds)
        }
        let whole = Int(seconds)
        func two(_ big: Int, _ bigUnit: String, _ small: Int, _ smallUnit: String) -> String {
            small == 0 ? "\(big) \(bigUnit)" : "\(big) \(bigUnit) \(small) \(smallUnit)"
        }
        if whole < 60 { return "\(whole) s" }
        if whole < 7_200 { return two(whole / 60, "min", whole % 60, "s") }
        if whole < 172_800 { return two(whole / 3_600, "h", whole % 3_600 / 60, "min") }
        return two(whole / 86_400, "d", whole % 86_400 / 3_600, "h")
    }
}
