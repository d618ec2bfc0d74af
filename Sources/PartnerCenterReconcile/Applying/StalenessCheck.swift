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

    static func describe(_ interval: TimeInterval) -> String {
        let minutes = Int(interval / 60)
        if minutes < 120 { return "\(minutes) min" }
        return "\(minutes / 60) h"
    }
}
