import Foundation
import NIOHTTP1
import PartnerCenterClient
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterTestSupport
import Testing

/// A subscription update is bound to what the plan saw: when the subscription is changed in the portal after the
/// plan (here after planning and before the applier runs, the window a reviewed plan or an interactive
/// confirmation leaves), the update fails with "moved since the plan" and the portal's value stays.
@Suite(.tags(.loopback)) struct ApplyBindingTests {
    static let domain = "bindlib.onmicrosoft.com"

    static func desired(seats: Int) -> DesiredState {
        var subscription = ReaderSession.subscription("basic")
        subscription.quantity = seats
        return ReaderSession.desired([ReaderSession.customer(domain, subscriptions: [subscription])])
    }

    /// Plans 5 → 8 seats against the emulator, lets `between` run, applies the subscription change alone.
    static func planAndApply(
        _ session: ReaderSession,
        between: (String, String) async throws -> Void
    ) async throws -> (ChangeOutcome, Int?) {
        let customerID = try await session.createCustomer(domain)
        try await session.purchase(customerID, nickname: "basic", quantity: 5)
        let desired = desired(seats: 8)
        let live = try await session.read(desired)
        var plan = Planner().plan(
            desired: desired,
            live: live,
            options: PlanningOptions(createdAt: Date(), toolVersion: "test", endpoint: session.harness.baseURL)
        )
        let address = PlanAddress.subscription(domain, "basic")
        plan.changes = plan.changes.filter { $0.address == address }
        let change = try #require(plan.changes.first)
        #expect(change.action == .update)
        let subscriptionID = try #require(change.requests.first?.target)
        try await between(customerID, subscriptionID)

        let (client, transport) = session.client()
        let result = await Applier(client: client).apply(plan, options: ApplyOptions(parallelism: 1))
        try? await transport.shutdown()
        let outcome = try #require(result.outcomes.first)
        let read = try await session.harness.send(
            .GET,
            "/v1/customers/\(customerID)/subscriptions/\(subscriptionID)",
            token: session.appToken
        )
        let quantity = (try read.json() as? [String: Any])?["quantity"] as? Int
        return (outcome, quantity)
    }

    @Test func portalChangeAfterThePlanIsNotOverwritten() async throws {
        try await ReaderSession.with { session in
            let (outcome, quantity) = try await Self.planAndApply(session) { customerID, subscriptionID in
                let portal = try await session.harness.control(
                    .PATCH,
                    "customers/\(customerID)/subscriptions/\(subscriptionID)",
                    json: ["quantity": 12]
                )
                #expect(portal.status == 200, "\(portal.text)")
            }
            #expect(outcome.status == .failed)
            #expect(outcome.message.contains("moved since the plan"), "\(outcome.message)")
            #expect(outcome.requestIds.isEmpty, "nothing was sent")
            #expect(quantity == 12)
        }
    }

    /// A change to an attribute the update does not set moves the subscription too (the PATCH sends the whole
    /// resource the plan was reviewed against).
    @Test func portalChangeToAnotherAttributeIsRefusedToo() async throws {
        try await ReaderSession.with { session in
            let (outcome, quantity) = try await Self.planAndApply(session) { customerID, subscriptionID in
                _ = try await session.harness.control(
                    .PATCH,
                    "customers/\(customerID)/subscriptions/\(subscriptionID)",
                    json: ["autoRenewEnabled": false]
                )
            }
            #expect(outcome.status == .failed)
            #expect(outcome.message.contains("moved since the plan"), "\(outcome.message)")
            #expect(quantity == 5)
        }
    }

    @Test func unmovedSubscriptionIsUpdated() async throws {
        try await ReaderSession.with { session in
            let (outcome, quantity) = try await Self.planAndApply(session) { _, _ in }
            #expect(outcome.status == .applied, "\(outcome.message)")
            #expect(quantity == 8)
        }
    }

    /// The portal set exactly what the plan sets: nothing to send, and the change is applied.
    @Test func portalChangeToThePlannedValueIsAlreadyDone() async throws {
        try await ReaderSession.with { session in
            let (outcome, quantity) = try await Self.planAndApply(session) { customerID, subscriptionID in
                _ = try await session.harness.control(
                    .PATCH,
                    "customers/\(customerID)/subscriptions/\(subscriptionID)",
                    json: ["quantity": 8]
                )
            }
            #expect(outcome.status == .applied, "\(outcome.message)")
            #expect(outcome.requestIds.isEmpty)
            #expect(quantity == 8)
        }
    }
}
