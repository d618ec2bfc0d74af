import Foundation
import PartnerCenterTestSupport
import Testing

/// `cspctl show PLANFILE` renders what `plan --out` saved, in every format.
@Suite(.tags(.endToEnd)) struct ShowCommandTests {
    let cli = CLIRunner()

    @Test func showRendersASavedPlanLikePlanDid() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("emulator.json")
        let saved = folder.appendingPathComponent("plan.json")
        let quickstart = PlanFixtures.root.appendingPathComponent("examples/quickstart").path
        let planned = try await cli.run([
            "plan", quickstart, "--emulator", "--emulator-state", state.path, "--out", saved.path,
        ])
        #expect(planned.status == 0, "\(planned.stderr)")

        let text = try await cli.run(["show", saved.path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout == planned.stdout, "show prints the saved plan as plan printed it")

        let json = try await cli.run(["show", saved.path, "--format", "json"])
        #expect(json.status == 0)
        let savedJSON = try String(contentsOf: saved, encoding: .utf8)
        #expect(json.stdout.trimmingCharacters(in: .newlines) == savedJSON.trimmingCharacters(in: .newlines))

        let markdown = try await cli.run(["show", saved.path, "--format", "markdown"])
        #expect(markdown.status == 0)
        #expect(markdown.stdout.contains("wingtiptoys.onmicrosoft.com"))
    }

    @Test func showRefusesAnUnknownMajorFormatVersion() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("future.json")
        try PlanFixtures.write(#"{"formatVersion": "2.0", "changes": []}"#, to: file)
        let output = try await cli.run(["show", file.path])
        #expect(output.status == 1)
        #expect(output.stderr.contains("format 2.0"), "\(output.stderr)")

        let garbage = folder.appendingPathComponent("garbage.json")
        try PlanFixtures.write("not json", to: garbage)
        let refused = try await cli.run(["show", garbage.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("not a saved plan"))
    }
}
