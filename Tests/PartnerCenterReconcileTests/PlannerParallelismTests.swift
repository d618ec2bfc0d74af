import Foundation
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterTestSupport
import Testing

/// The planner plans blocks of customers on all cores and joins them; the plan must not depend on that.
@Suite(.tags(.unit)) struct PlannerParallelismTests {
    /// 500 customers in six situations (absent, drifted, unknown, removed, GDAP pending, unmanaged extra), so every
    /// block holds a mix of changes, notes, unknowns and fingerprints.
    static func scenario() -> (DesiredState, LiveState) {
        let f = PlannerFixtures.self
        var desired: [DesiredCustomer] = []
        var customers: [String: LiveCustomerLookup] = [:]
        for index in 0..<500 {
            let domain = "customer\(index).onmicrosoft.com"
            var want = f.desiredCustomer(
                budget: Decimal(index % 3 == 0 ? 100 : 200),
                gdap: f.gdap(),
                subscriptions: [f.desiredSubscription("sub-a", quantity: 10 + index % 4)]
            )
            want.domain = domain
            want.gdap?.displayName = "customer\(index)-msp"
            var have = f.liveCustomer(
                budget: .known(200),
                subscriptions: .known([
                    f.liveSubscription("sub-a", id: "a-\(index)", quantity: 10),
                    f.liveSubscription("extra", id: "x-\(index)"),
                ]),
                relationships: .known([
                    f.relationship(
                        "customer\(index)-msp",
                        id: "r-\(index)",
                        status: index % 5 == 0 ? .approvalPending : .active
                    )
                ])
            )
            have.domain = domain
            have.tenantId = "tenant-\(index)"
            switch index % 6 {
            case 0: customers[domain] = .notFound
            case 1: customers[domain] = .unknown(UnknownRead(reason: "503 after 4 attempts"))
            case 2: want.state = .absent; customers[domain] = .found(have)
            default: customers[domain] = .found(have)
            }
            desired.append(want)
        }
        let ignores = [
            IgnoreRule(
                customer: "customer3.onmicrosoft.com",
                path: "spendingBudget",
                reason: "finance asked",
                until: nil
            )
        ]
        let state = DesiredState(customers: desired, ignores: ignores, manifestDigest: "d", files: ["a.yaml"])
        var live = f.live(.notFound)
        live.customers = customers
        return (state, live)
    }

    @Test func parallelPlanEqualsSequentialPlan() throws {
        let (desired, live) = Self.scenario()
        let options = PlanningOptions(
            createdAt: PlannerFixtures.now,
            toolVersion: "test",
            endpoint: "http://127.0.0.1:1"
        )
        let sequential = Planner(parallel: false).plan(desired: desired, live: live, options: options)
        let parallel = Planner(parallel: true).plan(desired: desired, live: live, options: options)
        // Every kind of part is present, so the comparison covers each join.
        #expect(sequential.changes.count > 800)
        #expect(!sequential.notes.isEmpty)
        #expect(sequential.unknowns.count >= 80)
        #expect(sequential.fingerprints.count > 1_000)
        #expect(parallel == sequential)
        #expect(parallel.id == sequential.id)
    }
}
