import Foundation
import PartnerCenterClient
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterTestSupport
import Synchronization
import Testing

/// A plan saved by an earlier cspctl (format 1.3, before requests were typed: the quickstart planned against an
/// empty emulator, `Tests/PartnerCenterRenderingTests/Snapshots/saved-plans/quickstart-create.json`) applies
/// against a fresh emulator over loopback, and afterwards the same manifests plan no more work for what it made.
@Suite(.tags(.loopback)) struct SavedPlanApplyTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PartnerCenterRenderingTests/Snapshots/saved-plans/quickstart-create.json")

    final class Credentials: CredentialsSink, Sendable {
        let domains = Mutex<[String]>([])

        func record(domain: String, customerID: String, userName: String?, password: String?) throws {
            domains.withLock { $0.append(domain) }
        }
    }

    @Test func planSavedBeforeTypedRequestsApplies() async throws {
        // As `JSONPlanRenderer.decode` reads a saved plan.
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let plan = try decoder.decode(Plan.self, from: Data(contentsOf: Self.file))
        let desired = try #require(plan.desired)
        try await ReaderSession.with { session in
            let (client, transport) = session.client()
            let credentials = Credentials()
            let result = await Applier(client: client).apply(
                plan,
                options: ApplyOptions(parallelism: 2, credentials: credentials)
            )
            try? await transport.shutdown()
            let work = plan.changes.filter(\.action.isWork)
            #expect(work.count == 10)
            #expect(result.outcomes.count == work.count)
            for outcome in result.outcomes {
                #expect(outcome.status == .applied && outcome.verified, "\(outcome.address): \(outcome.message)")
            }
            #expect(credentials.domains.withLock { Set($0) }.count == 3)

            // What the plan asked for is there: planning the same manifests again finds nothing to create or
            // update but the relationships' approval and the purchases that wait for an MCA acceptance.
            let live = try await session.read(desired)
            let again = Planner().plan(
                desired: desired,
                live: live,
                options: PlanningOptions(createdAt: Date(), toolVersion: "test", endpoint: session.harness.baseURL)
            )
            let left = again.changes.filter(\.action.isWork).map(\.address)
            #expect(left.isEmpty, "still to do: \(left)")
            let purchased = again.changes.filter { $0.address.contains("/subscription[") }.map(\.action)
            #expect(purchased.allSatisfy { $0 == .blocked })
        }
    }
}
