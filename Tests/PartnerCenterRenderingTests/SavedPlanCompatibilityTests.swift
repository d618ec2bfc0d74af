import Foundation
import PartnerCenterModel
import PartnerCenterRendering
import PartnerCenterTestSupport
import Testing

/// Plans saved by `cspctl plan --out` before the plan's requests became typed (format 1.3, written by the binary
/// of commit 275ed8c against the emulator: the quickstart from nothing, then the lifecycle edits of
/// `Snapshots/saved-plans/README.md`) still load, and written again they are byte-for-byte the file: the typed
/// requests encode exactly the parameters the string-keyed ones did.
@Suite(.tags(.unit)) struct SavedPlanCompatibilityTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots/saved-plans")

    static let names = ["quickstart-create", "lifecycle-update", "lifecycle-suspend"]

    static func load(_ name: String) throws -> (Data, Plan) {
        let data = try Data(contentsOf: folder.appendingPathComponent("\(name).json"))
        return (data, try JSONPlanRenderer.decode(data))
    }

    @Test(arguments: names)
    func savedPlanLoadsAndWritesBackByteForByte(name: String) throws {
        let (data, plan) = try Self.load(name)
        #expect(plan.formatVersion == "1.3")
        #expect(!plan.changes.flatMap(\.requests).isEmpty)
        let written = JSONPlanRenderer.encode(plan)
        if written != data {
            Issue.record(
                Comment(
                    rawValue: "\(name).json written back differs:\n"
                        + lineDiff(String(decoding: data, as: UTF8.self), String(decoding: written, as: UTF8.self))
                )
            )
        }
        #expect(try JSONPlanRenderer.decode(written) == plan)
    }

    /// A saved request must carry what its typed payload needs: a plan whose purchase lost its `friendlyName` (or
    /// whose quantity became text) is refused when it is read, naming the request and the parameter, instead of
    /// failing that change half-way through an apply.
    @Test(arguments: [
        ("\"friendlyName\": \"m365-basic-hq\",", "", "has no friendlyName"),
        ("\"quantity\": 25,", "\"quantity\": \"25\",", "has a non-integer quantity"),
    ])
    func requestWithoutItsPayloadIsRefusedOnLoad(find: String, replace: String, problem: String) throws {
        let (data, _) = try Self.load("quickstart-create")
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(find))
        let broken = Data(text.replacingOccurrences(of: find, with: replace).utf8)
        do {
            _ = try JSONPlanRenderer.decode(broken)
            Issue.record("a plan whose purchase \(problem) loaded")
        } catch {
            #expect(String(describing: error).contains("purchase_subscription request \(problem)"), "\(error)")
        }
    }

    /// Between them the fixtures hold most operations a plan can ask for, so a request kind whose coding drifts
    /// from the saved format fails above.
    @Test func fixturesCoverTheOperations() throws {
        var seen = Set<String>()
        for name in Self.names {
            seen.formUnion(try Self.load(name).1.changes.flatMap(\.requests).map(\.operation.rawValue))
        }
        let expected: Set<String> = [
            "create_customer", "update_billing_profile", "update_spending_budget", "accept_customer_agreement",
            "remove_reseller_relationship", "purchase_subscription", "update_subscription", "suspend_subscription",
            "cancel_subscription", "create_gdap_relationship", "update_gdap_relationship",
            "lock_gdap_relationship_for_approval", "terminate_gdap_relationship", "create_access_assignment",
            "update_access_assignment", "delete_access_assignment",
        ]
        #expect(expected.isSubset(of: seen), "missing: \(expected.subtracting(seen).sorted())")
    }
}
