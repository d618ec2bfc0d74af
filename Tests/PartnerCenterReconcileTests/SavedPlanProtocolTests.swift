import Foundation
import NIOHTTP1
import PartnerCenterClient
import PartnerCenterEmulator
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterTestSupport
import Synchronization
import Testing

/// The saved-plan protocol of `ApplyWorkflow.applySaved`, driven through the library over loopback against an
/// in-process emulator, on a clock the test moves: a saved plan is applied only while it is the plan a reviewer
/// saw (same endpoint, young enough, nothing it depends on moved, its manifests unchanged), and what an earlier run
/// of the same plan did is not mistaken for someone else's change.
@Suite(.tags(.loopback)) struct SavedPlanProtocolTests {
    static let domain = "protocol.onmicrosoft.com"
    static let address = PlanAddress.customer(domain)

    /// The test's clock: starts at the emulator's fixed start, moves only when told.
    final class TestClock: Sendable {
        private let date = Mutex(EmulatorConfiguration.initialTimeDefault)
        func now() -> Date { date.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { date.withLock { $0 += seconds } }
    }

    /// An emulator, a state folder of its own, and workflows pointed at the emulator.
    struct Fixture {
        let session: ReaderSession
        let folder: URL
        let clock = TestClock()

        var harness: EmulatorHarness { session.harness }

        static func with(_ body: (Fixture) async throws -> Void) async throws {
            try await ReaderSession.with { session in
                let folder = FileManager.default.temporaryDirectory
                    .appendingPathComponent("cspctl-protocol-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: folder) }
                try await body(Fixture(session: session, folder: folder))
            }
        }

        /// A connection to the emulator, recorded in plans as `identity`.
        func connection(identity: String = "emulator:protocol-tests") -> PartnerCenterConnection {
            let store = harness.store
            return PartnerCenterConnection.local(
                base: URL(string: harness.baseURL) ?? URL(fileURLWithPath: "/"),
                identity: identity,
                credentials: .development(
                    tenantID: DevelopmentPartner.tenantId,
                    clientID: DevelopmentPartner.clientId,
                    clientSecret: DevelopmentPartner.clientSecret,
                    refreshToken: DevelopmentPartner.refreshToken
                ),
                settings: ConnectionSettings(parallelism: 4),
                serviceClock: { await store.now },
                onClose: {}
            )
        }

        /// One new customer, planned now and saved with its manifests (as `plan --out` saves it).
        func savedPlan() async throws -> Plan {
            let desired = ReaderSession.desired([ReaderSession.customer(SavedPlanProtocolTests.domain)])
            let clock = self.clock
            return try await connection().using { connection in
                try await PlanSession(connection: connection, parallelism: 4, toolVersion: "test") { clock.now() }
                    .plan(desired).savable
            }
        }

        func workflow(maxAge: TimeInterval = 3600, identity: String = "emulator:protocol-tests") -> ApplyWorkflow {
            let settings = ApplySettings(
                parallelism: 4,
                credentialsOut: folder.appendingPathComponent("admins.jsonl").path,
                maxPlanAge: maxAge,
                stateDirectory: folder.path,
                toolVersion: "test"
            )
            // The saved-plan format is Rendering's; this target does not link it, and what the copy beside the
            // journal holds is not what these tests judge.
            let hooks = ApplyHooks(encodePlan: { _ in Data("{}".utf8) })
            let clock = self.clock
            let connection = self.connection(identity: identity)
            return ApplyWorkflow(settings: settings, hooks: hooks, now: { clock.now() }) { _ in connection }
        }

        /// The partner's customers with this domain, read over HTTP.
        func customers() async throws -> Int {
            let reply = try await harness.send(.GET, "/v1/customers", token: session.appToken)
            let object = try #require(try reply.requireSuccess("customers") as? [String: Any])
            let items = object["items"] as? [[String: Any]] ?? []
            return items.filter {
                (($0["companyProfile"] as? [String: Any])?["domain"] as? String)?.lowercased()
                    == SavedPlanProtocolTests.domain
            }.count
        }

        /// Applies `plan` and returns the refusal, failing the test when it was applied.
        func refusal(_ plan: Plan, _ workflow: ApplyWorkflow) async throws -> SessionError {
            do {
                let report = try await workflow.applySaved(plan, path: "plan.json")
                Issue.record("applied: \(report.result.outcomes.map(\.message))")
                throw CancellationError()
            } catch let error as SessionError {
                return error
            }
        }
    }

    @Test func acceptedWhenNothingMoved() async throws {
        try await Fixture.with { fixture in
            let plan = try await fixture.savedPlan()
            #expect(plan.hasWork)
            fixture.clock.advance(30 * 60)
            let report = try await fixture.workflow(maxAge: 3600).applySaved(plan, path: "plan.json")
            #expect(report.executed)
            #expect(!report.result.hasFailures, "\(report.result.outcomes.map(\.message))")
            #expect(report.result.outcomes.contains { $0.address == Self.address && $0.status == .applied })
            #expect(report.lostCredentials.isEmpty)
            #expect(try await fixture.customers() == 1)
            let journal = ApplyJournal.url(planID: plan.id, directory: fixture.folder)
            #expect(ApplyJournal.read(journal).contains { $0.address == Self.address && $0.event == .applied })
        }
    }

    @Test func refusedWhenOlderThanTheMaximumAge() async throws {
        try await Fixture.with { fixture in
            let plan = try await fixture.savedPlan()
            fixture.clock.advance(2 * 3600)
            let refusal = try await fixture.refusal(plan, fixture.workflow(maxAge: 3600))
            guard case .tooOld(let text) = refusal else {
                Issue.record("not refused for its age: \(refusal)")
                return
            }
            #expect(text.contains("older than --max-plan-age"), "\(text)")
            #expect(try await fixture.customers() == 0, "nothing was sent")
        }
    }

    @Test func refusedAgainstAnotherEndpoint() async throws {
        try await Fixture.with { fixture in
            let plan = try await fixture.savedPlan()
            let refusal = try await fixture.refusal(plan, fixture.workflow(identity: "emulator:elsewhere"))
            #expect(refusal == .otherEndpoint(refusal.message), "\(refusal)")
            #expect(refusal.message.contains("emulator:protocol-tests"), "\(refusal)")
            #expect(try await fixture.customers() == 0, "nothing was sent")
        }
    }

    /// The manifests saved in the plan are what apply plans again: edited after the review (here the customer's
    /// identity, its domain), the changes no longer match and the plan is refused.
    @Test func refusedWhenTheSavedManifestsChangedIdentity() async throws {
        try await Fixture.with { fixture in
            var plan = try await fixture.savedPlan()
            let edited = ReaderSession.customer("someone-else.onmicrosoft.com")
            plan.desired?.customers = [edited]
            let refusal = try await fixture.refusal(plan, fixture.workflow())
            guard case .stale(let moved, _) = refusal else {
                Issue.record("not refused as stale: \(refusal)")
                return
            }
            #expect(moved.contains("\(Self.address): planned to create, now nothing to do"), "\(moved)")
            #expect(try await fixture.customers() == 0, "nothing was sent")
        }
    }

    @Test func refusedWhenLiveStateMoved() async throws {
        try await Fixture.with { fixture in
            let plan = try await fixture.savedPlan()
            _ = try await fixture.session.createCustomer(Self.domain)
            let refusal = try await fixture.refusal(plan, fixture.workflow())
            guard case .stale(let moved, let path) = refusal else {
                Issue.record("not refused as stale: \(refusal)")
                return
            }
            #expect(moved.contains("\(Self.address): was absent, now exists"), "\(moved)")
            #expect(path == "plan.json")
            #expect(refusal.detail?.contains("cspctl plan … --out plan.json") == true)
            #expect(try await fixture.customers() == 1, "created once, by the other party only")
        }
    }

    /// What an earlier run of the same plan started (its journal) moved because of apply itself: exempt from the
    /// staleness check, so the run is resumed, and the customer that run created is adopted. Its admin password
    /// came only in that run's lost answer, so the report names it.
    @Test func anEarlierRunOfTheSamePlanIsExempt() async throws {
        try await Fixture.with { fixture in
            let plan = try await fixture.savedPlan()
            // The earlier run: started creating the customer, and was killed after Partner Center made it.
            let journal = try ApplyJournal(url: ApplyJournal.url(planID: plan.id, directory: fixture.folder))
            await journal.record(.init(address: Self.address, event: .started, createsCustomer: true))
            await journal.close()
            _ = try await fixture.session.createCustomer(Self.domain)

            let report = try await fixture.workflow().applySaved(plan, path: "plan.json")
            #expect(report.executed)
            #expect(!report.result.hasFailures, "\(report.result.outcomes.map(\.message))")
            #expect(try await fixture.customers() == 1, "adopted, not created twice")
            #expect(report.lostCredentials.map(\.domain) == [Self.domain])
            let failure = try #require(report.lostCredentialsFailure(stateDirectory: fixture.folder.path))
            #expect(failure.message.contains("may be lost"), "\(failure)")
        }
    }
}
