import Foundation
import PartnerCenterModel
import PartnerCenterTestSupport
import Testing

@testable import PartnerCenterReconcile

/// The rules of apply that need no service: request ids, staleness, ordering, what must be settled first.
@Suite(.tags(.unit)) struct ApplyRulesTests {
    static func plan(id: String = "plan-1", changes: [Change], fingerprints: [String: String] = [:]) -> Plan {
        Plan(
            id: id,
            createdAt: Date(timeIntervalSince1970: 0),
            observedAt: Date(timeIntervalSince1970: 0),
            toolVersion: "test",
            endpoint: "http://127.0.0.1:1",
            sandbox: false,
            manifestDigest: "d",
            changes: changes,
            fingerprints: fingerprints
        )
    }

    static let customer = "customer[a.onmicrosoft.com]"
    static let subscription = customer + "/subscription[basic]"

    @Test func requestIDsAreGUIDsDerivedFromPlanAddressAndStep() {
        let first = ApplySession.requestID(planID: "p1", address: Self.customer, step: "0:create_customer")
        #expect(first == ApplySession.requestID(planID: "p1", address: Self.customer, step: "0:create_customer"))
        #expect(first != ApplySession.requestID(planID: "p2", address: Self.customer, step: "0:create_customer"))
        #expect(first != ApplySession.requestID(planID: "p1", address: Self.subscription, step: "0:create_customer"))
        #expect(first != ApplySession.requestID(planID: "p1", address: Self.customer, step: "1:create_customer"))
        #expect(UUID(uuidString: first) != nil, "\(first) is a GUID")
        #expect(first == first.lowercased())
    }

    @Test func movedNamesWhatAppearedChangedOrDisappeared() {
        let saved = Self.plan(
            changes: [Change(address: Self.subscription, action: .update, reasons: [.attributeDiffers])],
            fingerprints: [Self.customer: "absent", Self.subscription: "etag:1", customerB: "sha256:aa"]
        )
        let fresh = Self.plan(
            changes: [Change(address: Self.subscription, action: .blocked, reasons: [.attributeDiffers])],
            fingerprints: [Self.customer: "sha256:bb", Self.subscription: "etag:2"]
        )
        let moved = StalenessCheck.moved(saved: saved, fresh: fresh, exempt: [])
        #expect(moved.contains("\(Self.customer): was absent, now exists"))
        #expect(moved.contains("\(Self.subscription): changed since the plan"))
        #expect(moved.contains("\(customerB): no longer exists"))
        #expect(moved.contains { $0.hasPrefix("\(Self.subscription): planned to update, now blocked") })
        #expect(StalenessCheck.moved(saved: saved, fresh: saved, exempt: []) == [])
    }

    let customerB = "customer[b.onmicrosoft.com]"

    /// What an earlier run of the same plan touched moved because of apply: a created customer exempts everything
    /// under it, and changes depending on a touched one are exempt too.
    @Test func objectsTouchedByAnEarlierRunOfThePlanAreExempt() {
        let saved = Self.plan(
            changes: [
                Change(address: Self.customer, action: .create, reasons: [.absentLive]),
                Change(
                    address: Self.customer + "/budget",
                    action: .create,
                    reasons: [.absentLive],
                    dependsOn: [Self.customer]
                ),
            ],
            fingerprints: [Self.customer: "absent"]
        )
        let fresh = Self.plan(
            changes: [Change(address: Self.customer + "/budget", action: .update, reasons: [.attributeDiffers])],
            fingerprints: [Self.customer: "sha256:bb", Self.subscription: "etag:2"]
        )
        #expect(!StalenessCheck.moved(saved: saved, fresh: fresh, exempt: []).isEmpty)
        #expect(StalenessCheck.moved(saved: saved, fresh: fresh, exempt: [Self.customer]) == [])
    }

    @Test func identityChecksEndpointAndAge() throws {
        let plan = Self.plan(changes: [])
        try StalenessCheck.checkIdentity(plan, endpoint: plan.endpoint, now: plan.createdAt, maxAge: 60)
        #expect(throws: StalenessCheck.Refusal.self) {
            try StalenessCheck.checkIdentity(plan, endpoint: "https://elsewhere", now: plan.createdAt, maxAge: 60)
        }
        #expect(throws: StalenessCheck.Refusal.self) {
            try StalenessCheck.checkIdentity(
                plan,
                endpoint: plan.endpoint,
                now: plan.createdAt.addingTimeInterval(61),
                maxAge: 60
            )
        }
    }

    @Test func changesRunAfterWhatTheyDependOnWhateverTheirOrder() {
        let assignment = Change(
            address: Self.customer + "/gdap[x]/assignment[g]",
            action: .create,
            reasons: [.absentLive],
            dependsOn: [Self.customer + "/gdap[x]"]
        )
        let relationship = Change(
            address: Self.customer + "/gdap[x]",
            action: .create,
            reasons: [.absentLive],
            dependsOn: [Self.customer]
        )
        let customer = Change(address: Self.customer, action: .create, reasons: [.absentLive])
        let ordered = CustomerRun.ordered([assignment, relationship, customer]).map(\.address)
        #expect(ordered == [customer.address, relationship.address, assignment.address])
    }

    @Test func creatingCustomersNeedsACredentialsFile() {
        let plan = Self.plan(changes: [
            Change(
                address: Self.customer,
                action: .create,
                reasons: [.absentLive],
                requests: [PlannedRequest(.createCustomer(NewCustomer(domainPrefix: "wingtiptoys")))]
            )
        ])
        #expect(Applier.preflight(plan, credentialsGiven: false).count == 1)
        #expect(Applier.preflight(plan, credentialsGiven: true).isEmpty)
        var blocked = plan
        blocked.changes[0].action = .blocked
        #expect(Applier.preflight(blocked, credentialsGiven: false).isEmpty, "blocked work is not done")
    }
}
