import Foundation
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterTestSupport
import Testing

/// A saved plan is executed exactly, or refused (issue 14 item 8), through `ApplyWorkflow.applySaved` over
/// loopback: its id is the digest of its content, and every field of every change must be what its own manifests
/// plan now. The binary's side (a quantity edited in the saved JSON) is `SavedPlanEditTests` in EndToEndTests.
@Suite(.tags(.loopback)) struct SavedPlanExactnessTests {
    typealias Fixture = SavedPlanProtocolTests.Fixture

    /// `plan` with the first `create_customer` request's `companyName` set to `value`, as a hand edit of the
    /// saved JSON would make it (encoded, edited, decoded).
    static func editingCompanyName(_ plan: Plan, to value: String) throws -> Plan {
        var json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(plan)) as? [String: Any])
        var changes = try #require(json["changes"] as? [[String: Any]])
        let index = try #require(changes.firstIndex { ($0["requests"] as? [[String: Any]])?.isEmpty == false })
        var requests = try #require(changes[index]["requests"] as? [[String: Any]])
        var parameters = try #require(requests[0]["parameters"] as? [String: Any])
        #expect(parameters["companyName"] as? String == "Company")
        parameters["companyName"] = value
        requests[0]["parameters"] = parameters
        changes[index]["requests"] = requests
        json["changes"] = changes
        return try JSONDecoder().decode(Plan.self, from: JSONSerialization.data(withJSONObject: json))
    }

    @Test func theIdIsTheDigestOfTheContent() async throws {
        try await Fixture.with { fixture in
            let plan = try await fixture.savedPlan()
            #expect(PlanDigest.matches(plan))
            #expect(plan.id == PlanDigest.id(of: plan))
            let edited = try Self.editingCompanyName(plan, to: "Company Evil")
            #expect(edited.id == plan.id)
            #expect(!PlanDigest.matches(edited))
        }
    }

    @Test func anEditedChangeIsRefusedByItsId() async throws {
        try await Fixture.with { fixture in
            let edited = try Self.editingCompanyName(try await fixture.savedPlan(), to: "Company Evil")
            let refusal = try await fixture.refusal(edited, fixture.workflow())
            #expect(refusal == .contentDoesNotMatchID(path: "plan.json"))
            #expect(refusal.message.hasPrefix("the plan's content does not match its id"))
            #expect(try await fixture.customers() == 0)
        }
    }

    /// The id made to match again: planning the saved manifests again names the edited field and both values.
    @Test func anEditedChangeWithItsIdRecomputedIsRefusedNamingTheField() async throws {
        try await Fixture.with { fixture in
            var edited = try Self.editingCompanyName(try await fixture.savedPlan(), to: "Company Evil")
            edited.id = PlanDigest.id(of: edited)
            let refusal = try await fixture.refusal(edited, fixture.workflow())
            guard case .differsFromPlanAgain = refusal else {
                Issue.record("\(refusal)")
                return
            }
            #expect(
                refusal.message
                    == "the saved plan differs from what its manifests plan now: "
                    + "customer[\(SavedPlanProtocolTests.domain)] request 1 companyName is \"Company Evil\" in the "
                    + "saved plan, \"Company\" when planned again; plan again",
                "\(refusal.message)"
            )
            #expect(try await fixture.customers() == 0)
        }
    }
}
