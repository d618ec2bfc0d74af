import Foundation
import PartnerCenterTestSupport
import Testing

/// One error style from one place: every failure is `error: …` on stderr, whatever raised it (a refused saved
/// plan, a usage error, a file that is not a plan, a session refusal), never ArgumentParser's `Error:` nor
/// `cspctl: error:`, with the README's exit codes (1, and 64 for usage).
@Suite(.tags(.endToEnd)) struct ErrorStyleTests {
    let cli: CLIRunner = {
        var runner = CLIRunner()
        runner.environment = PlanFixtures.developmentEnvironment
        return runner
    }()

    /// The first line of stderr is `error: <message>`, and no line uses another style.
    static func expectOneStyle(_ output: CLIRunner.Output, _ message: String, status: Int32) {
        #expect(output.status == status, "\(output.stderr)")
        #expect(output.stderr.hasPrefix("error: \(message)"), "\(output.stderr)")
        let lines = output.stderr.split(separator: "\n")
        #expect(!lines.contains { $0.hasPrefix("Error:") || $0.hasPrefix("cspctl: error:") }, "\(output.stderr)")
    }

    /// A saved plan made against another endpoint: refused by the saved-plan protocol (it printed `Error:` before).
    @Test func aRefusedSavedPlanIsAnError() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(ApplyFixtures.manifest(customers: 1, prefix: "style"), to: manifest)
        let planFile = folder.appendingPathComponent("plan.json").path
        let state = ["--emulator-state", folder.appendingPathComponent("a.json").path]
        #expect(try await cli.run(["plan", manifest.path, "--out", planFile, "--emulator"] + state).status == 0)

        let elsewhere = try await cli.run(
            ["apply", planFile, "--emulator", "--emulator-state", folder.appendingPathComponent("b.json").path]
        )
        Self.expectOneStyle(elsewhere, "the plan was made against emulator:", status: 1)

        let narrowed = try await cli.run(["apply", planFile, "--customer", "x.onmicrosoft.com", "--emulator"] + state)
        Self.expectOneStyle(narrowed, "--customer narrows manifests; a saved plan is applied whole", status: 1)
        #expect(narrowed.stderr.contains("cspctl plan PATH... --customer DOMAIN --out FILE"), "the detail follows")
    }

    /// Usage errors keep exit 64 and the usage, in the same style (they printed `Error:` before).
    @Test func usageErrorsAreErrorsWithExit64() async throws {
        let output = try await cli.run(["plan", "--parallelism", "99", "examples/quickstart"])
        Self.expectOneStyle(output, "--parallelism must be between 1 and 32.", status: 64)
        #expect(output.stderr.contains("Usage: cspctl plan"), "\(output.stderr)")

        let help = try await cli.run(["plan", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: cspctl plan"), "help stays on stdout")
    }

    @Test func aFileThatIsNotAPlanIsAnError() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("p.json")
        try PlanFixtures.write("{\"formatVersion\": \"9.0\"}", to: file)
        let output = try await cli.run(["show", file.path])
        Self.expectOneStyle(output, "\(file.path) is a plan of format 9.0", status: 1)
    }
}
