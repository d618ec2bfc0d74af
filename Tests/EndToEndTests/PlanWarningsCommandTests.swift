import Foundation
import PartnerCenterTestSupport
import Testing

/// Issue 14 item 7: validation warnings reach the plan a reviewer and a machine read, through the binary: the JSON
/// plan, the pull-request comment, and a saved plan that `show` renders later, not only the stderr of the run.
@Suite(.tags(.endToEnd)) struct PlanWarningsCommandTests {
    let cli = CLIRunner()

    /// The quickstart plus a file whose ignore entry names a customer no manifest declares (a warning, line 4).
    static func manifests(in folder: URL) throws -> URL {
        let manifests = folder.appendingPathComponent("manifests")
        try FileManager.default.createDirectory(at: manifests, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: PlanFixtures.root.appendingPathComponent("examples/quickstart/manifest.yaml"),
            to: manifests.appendingPathComponent("customers.yaml")
        )
        try PlanFixtures.write(
            """
            apiVersion: cspctl/v1
            ignore:
              - path: companyName
                customer: nobody.onmicrosoft.com
                reason: renamed by the customer
            """,
            to: manifests.appendingPathComponent("ignore.yaml")
        )
        return manifests
    }

    @Test func warningsAreInTheJSONPlanTheCommentAndTheSavedPlan() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifests = try Self.manifests(in: folder)
        let state = folder.appendingPathComponent("emulator.json")
        let saved = folder.appendingPathComponent("plan.json")
        let planned = try await cli.run([
            "plan", manifests.path, "--emulator", "--emulator-state", state.path, "--format", "json",
            "--out", saved.path,
        ])
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(planned.stderr.contains("ignore.yaml:4:15: warning: ignore entry refers to customer"))

        let plan = try PlanFixtures.json(planned.stdout)
        let warnings = try #require(plan["warnings"] as? [[String: Any]], "\(planned.stdout.prefix(400))")
        #expect(warnings.count == 1)
        #expect(warnings.first?["code"] as? String == "ignore_unknown_customer")
        #expect((warnings.first?["file"] as? String)?.hasSuffix("manifests/ignore.yaml") == true)
        #expect(warnings.first?["line"] as? Int == 4)
        #expect(warnings.first?["column"] as? Int == 15)
        #expect((warnings.first?["message"] as? String)?.contains("nobody.onmicrosoft.com") == true)

        let shown = try await cli.run(["show", saved.path])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("Manifest warnings:"), "\(shown.stdout)")
        #expect(shown.stdout.contains("ignore.yaml:4:15: warning: ignore entry refers to customer"))

        let comment = try await cli.run(["show", saved.path, "--format", "markdown"])
        #expect(comment.status == 0, "\(comment.stderr)")
        #expect(comment.stdout.contains("### ⚠️ Manifest warnings: 1"))
        #expect(comment.stdout.contains("(`ignore_unknown_customer`)"))
    }
}
