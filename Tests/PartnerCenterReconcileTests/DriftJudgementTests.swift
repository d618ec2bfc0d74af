import Foundation
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterTestSupport
import Testing

private typealias F = PlannerFixtures

/// `drift` and `plan --detailed-exitcode` judge blocked and waiting changes differently (issue 14 items 2 and 3,
/// ../shared/spec/cli.md): blocked changes are drift but no work for apply; a change waiting for the customer is
/// drift only once it has waited longer than `--waiting-grace`, counted from the relationship's own dates.
@Suite(.tags(.unit)) struct DriftJudgementTests {
    private static let day: TimeInterval = 86_400

    /// A plan of one relationship pending the customer's approval since `lastModified` (nil: only `created`).
    private func pendingPlan(lastModified: Date?, created: Date? = nil) -> Plan {
        var relationship = F.relationship(status: .approvalPending)
        relationship.lastModifiedDateTime = lastModified
        relationship.createdDateTime = created
        let customer = F.liveCustomer(relationships: .known([relationship]))
        return F.plan(F.desiredCustomer(gdap: F.gdap()), F.live(.found(customer)))
    }

    private func outcome(_ plan: Plan, grace: TimeInterval = DriftJudgement.defaultWaitingGrace) -> PlanOutcome {
        let customer = F.liveCustomer()
        var outcome = PlanOutcome(
            plan: plan,
            live: F.live(.found(customer)),
            desired: DesiredState(
                customers: [F.desiredCustomer()],
                ignores: [],
                manifestDigest: "digest",
                files: ["a.yaml"]
            )
        )
        outcome.waitingGrace = grace
        return outcome
    }

    private func plan(_ changes: [Change], unknowns: [PlanUnknown] = []) -> Plan {
        Plan(
            id: "plan",
            createdAt: F.now,
            observedAt: F.now,
            toolVersion: "0.1.0-test",
            endpoint: "http://127.0.0.1:1",
            sandbox: false,
            manifestDigest: "digest",
            changes: changes,
            unknowns: unknowns
        )
    }

    @Test func aPendingRelationshipWaitsSinceItsLastModificationInWholeSeconds() throws {
        let modified = F.now.addingTimeInterval(-3 * Self.day - 0.75)
        let plan = pendingPlan(lastModified: modified, created: F.now.addingTimeInterval(-9 * Self.day))
        let change = try #require(plan.change(F.gdapAddress))
        #expect(change.action == .waiting)
        #expect(change.waitingSince == F.now.addingTimeInterval(-3 * Self.day - 1))

        let created = F.now.addingTimeInterval(-9 * Self.day)
        let onlyCreated = pendingPlan(lastModified: nil, created: created)
        #expect(onlyCreated.change(F.gdapAddress)?.waitingSince == created)
    }

    @Test func aWaitingChangeIsDriftOnlyOnceItHasWaitedLongerThanTheGrace() throws {
        let plan = pendingPlan(lastModified: F.now.addingTimeInterval(-3 * Self.day))

        let within = outcome(plan).driftJudgement
        #expect(within.verdict == .inSync)
        #expect(within.overdue.isEmpty)
        #expect(within.withinGrace.map(\.address) == [F.gdapAddress])
        #expect(within.withinGrace.first?.waited == 3 * Self.day)

        let past = outcome(plan, grace: 2 * Self.day).driftJudgement
        #expect(past.verdict == .drift)
        #expect(past.overdue.map(\.address) == [F.gdapAddress])
        #expect(past.overdue.first?.waited == 3 * Self.day)
        #expect(outcome(plan, grace: 3 * Self.day).drift == .inSync, "exactly the grace is not longer than it")
        #expect(outcome(plan, grace: 0).drift == .drift)

        // plan --detailed-exitcode: apply has nothing to send, whatever the grace.
        #expect(outcome(plan, grace: 0).detailedVerdict == .inSync)
    }

    @Test func aWaitingChangeWhoseStartIsUnknownIsDriftOnlyWithNoGrace() {
        let waiting = Change(address: F.gdapAddress, action: .waiting, reasons: [.awaitingReplacementActive])
        #expect(outcome(plan([waiting])).drift == .inSync)
        #expect(outcome(plan([waiting]), grace: 0).drift == .drift)
    }

    @Test func blockedChangesAreDriftButNoWorkForPlan() {
        let blocked = Change(
            address: F.subscriptionAddress(),
            action: .blocked,
            reasons: [.quantityOutOfRange]
        )
        let onlyBlocked = outcome(plan([blocked]))
        #expect(onlyBlocked.drift == .drift)
        #expect(onlyBlocked.detailedVerdict == .inSync)

        let unknown = PlanUnknown(address: PlanAddress.subscriptions(F.domain), reason: "HTTP 503")
        let blockedAndUnknown = outcome(plan([blocked], unknowns: [unknown]))
        #expect(blockedAndUnknown.drift == .drift)
        #expect(blockedAndUnknown.detailedVerdict == .someUnknown)

        let create = Change(address: F.customerAddress, action: .create, reasons: [.absentLive])
        #expect(outcome(plan([blocked, create])).detailedVerdict == .drift)
    }
}
