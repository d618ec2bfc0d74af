import Foundation
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// A saved plan is executed exactly, or refused (issue 14 item 8), through the binary against the emulator:
/// `requests[].parameters.quantity` edited from 25 to 250 in the saved JSON made apply buy 250 seats. Now the
/// edited plan no longer matches its id (a digest of its content) and apply refuses it, exit 1 like the other
/// saved-plan refusals, sending nothing; the unedited plan still applies. With the id recomputed, planning the
/// saved manifests again names the field: `SavedPlanExactnessTests` (the id's digest is not the binary's to show).
@Suite(.tags(.endToEnd, .slow)) struct SavedPlanEditTests {
    let cli: CLIRunner = {
        var runner = CLIRunner()
        runner.environment = PlanFixtures.developmentEnvironment.merging(["CSPCTL_RATE_SCALE": "20"]) { $1 }
        runner.timeout = .seconds(300)
        return runner
    }()

    /// The saved plan's text with the `quantity` parameter of its requests changed from `from` to `to` (the
    /// diffs' `after` values are left as they are, as a hand edit of the request would).
    static func editingRequestQuantity(_ text: String, from: Int, to: Int) throws -> String {
        let pattern = try Regex("(\"parameters\"\\s*:\\s*\\{[^{}]*\"quantity\"\\s*:\\s*)\(from)\\b")
        #expect(text.contains(pattern), "no request with quantity \(from):\n\(text)")
        return text.replacing(pattern) { match in "\(match.output[1].substring ?? "")\(to)" }
    }

    @Test func anEditedQuantityIsRefusedAndTheUneditedPlanApplies() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let domain = "edited.onmicrosoft.com"
        let manifest = folder.appendingPathComponent("customers.yaml")
        let planFile = folder.appendingPathComponent("plan.json")
        let editedFile = folder.appendingPathComponent("edited.json")
        try await EmulatorHarness.with { harness in
            let endpoint = ["--endpoint", harness.baseURL, "--state-dir", folder.path]
            try PlanFixtures.write(ApplySafetyTests.manifest(domain), to: manifest)
            let created = try await cli.run(
                [
                    "apply", manifest.path, "--auto-approve", "--credentials-out",
                    folder.appendingPathComponent("admins.jsonl").path,
                ] + endpoint
            )
            #expect(created.status == 0, "\(created.stdout)\n\(created.stderr)")
            try PlanFixtures.write(ApplySafetyTests.manifest(domain, seats: 25), to: manifest)
            let plan = try await cli.run(["plan", manifest.path, "--out", planFile.path] + endpoint.prefix(2))
            #expect(plan.status == 0, "\(plan.stderr)")

            let saved = try String(contentsOf: planFile, encoding: .utf8)
            try Self.editingRequestQuantity(saved, from: 25, to: 250).write(
                to: editedFile,
                atomically: true,
                encoding: .utf8
            )
            let refused = try await cli.run(["apply", editedFile.path] + endpoint)
            #expect(refused.status == 1, "\(refused.stdout)\n\(refused.stderr)")
            #expect(
                refused.stderr.contains("error: the plan's content does not match its id"),
                "\(refused.stdout)\n\(refused.stderr)"
            )
            #expect(try await ApplySafetyTests.quantity(domain, "basic", on: harness) == 5, "nothing was sent")

            let applied = try await cli.run(["apply", planFile.path] + endpoint)
            #expect(applied.status == 0, "\(applied.stdout)\n\(applied.stderr)")
            #expect(try await ApplySafetyTests.quantity(domain, "basic", on: harness) == 25)
        }
    }
}
