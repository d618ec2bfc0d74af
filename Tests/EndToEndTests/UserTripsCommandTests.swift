import Foundation
import PartnerCenterTestSupport
import Testing

/// Issue 14 item 10, the small things a user trips on, each through the binary: what `plan --out` says, an unknown
/// `--customer`, `validate -`, drift's title, honest plan ages, apply with nothing to do, apply's formats, and the
/// README's manifest example.
@Suite(.tags(.endToEnd)) struct UserTripsCommandTests {
    let cli = CLIRunner()

    /// The line after "Apply it with:" is a command that applies the saved plan as it stands.
    @Test func planOutSaysWhereItSavedAndTheCommandThatAppliesIt() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(ApplyFixtures.manifest(customers: 1, prefix: "saved"), to: manifest)
        let state = folder.appendingPathComponent("emulator.json").path
        let planned = try await cli.run(
            ["plan", manifest.path, "--emulator", "--emulator-state", state, "--out", "plan.json"],
            in: folder
        )
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(!planned.stdout.contains("Saved the plan"), "stdout keeps the plan only")
        let lines = planned.stderr.components(separatedBy: "\n")
        let said = try #require(
            lines.firstIndex(of: "Saved the plan to plan.json. Apply it with:"),
            "\(planned.stderr)"
        )
        let command = lines[said + 1].trimmingCharacters(in: .whitespaces)
        #expect(
            command
                == "cspctl apply plan.json --emulator --emulator-state \(state) --credentials-out admins.jsonl"
        )

        let applied = try await cli.run(Array(command.split(separator: " ").dropFirst().map(String.init)), in: folder)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("Apply: 5 applied, 0 failed"), "\(applied.stdout)")
    }

    /// 300 customers: the error names the closest three domains, not all 300.
    @Test func anUnknownCustomerSuggestsTheClosestDomains() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        var text = ApplyFixtures.manifest(customers: 300, prefix: "tenant")
        text += "  - domain: wingtiptoys.onmicrosoft.com\n    companyName: Wingtip Toys\n"
        text += ManifestYAML.billing(email: "gena@wingtiptoys.com", locale: false, indent: 4) + "\n"
        try PlanFixtures.write(text, to: manifest)
        let output = try await cli.run([
            "plan", manifest.path, "--customer", "wingtiptoy.onmicrosoft.com", "--emulator",
            "--emulator-state", folder.appendingPathComponent("emulator.json").path,
        ])
        #expect(output.status == 1)
        #expect(
            output.stderr.hasPrefix("error: --customer wingtiptoy.onmicrosoft.com: not named by the manifests\n"),
            "\(output.stderr)"
        )
        #expect(
            output.stderr.contains(
                "The manifests name 301 customer(s); the closest to wingtiptoy.onmicrosoft.com: "
                    + "wingtiptoys.onmicrosoft.com, "
            ),
            "\(output.stderr)"
        )
        #expect(output.stderr.components(separatedBy: "tenant").count - 1 == 2, "two more suggestions, no list")
    }

    @Test func validateDashReadsAManifestFromStandardInput() async throws {
        let quickstart = try String(
            contentsOf: PlanFixtures.root.appendingPathComponent("examples/quickstart/manifest.yaml"),
            encoding: .utf8
        )
        let valid = try await cli.run(["validate", "-"], stdin: quickstart)
        #expect(valid.status == 0, "\(valid.stderr)")
        #expect(valid.stderr.contains("3 customer"), "\(valid.stderr)")

        let broken = try await cli.run(
            ["validate", "-"],
            stdin: "apiVersion: cspctl/v1\ncustomers:\n  - domain: a.onmicrosoft.com\n    colour: red\n"
        )
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("<stdin>:4:5: error: unknown key 'colour'"), "\(broken.stderr)")

        let mixed = try await cli.run(["validate", "-", "examples/quickstart"], in: PlanFixtures.root)
        #expect(mixed.status == 64)
        #expect(mixed.stderr.contains("must be the only path"), "\(mixed.stderr)")
    }

    @Test func driftIsTitledDrift() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let quickstart = PlanFixtures.root.appendingPathComponent("examples/quickstart").path
        let state = folder.appendingPathComponent("emulator.json").path
        let drift = try await cli.run(["drift", quickstart, "--emulator", "--emulator-state", state])
        #expect(drift.status == 2, "\(drift.stderr)")
        #expect(drift.stdout.hasPrefix("cspctl drift against emulator:"), "\(drift.stdout.prefix(200))")
        let comment = try await cli.run([
            "drift", quickstart, "--emulator", "--emulator-state", state, "--format", "markdown",
        ])
        #expect(comment.stdout.contains("\n## cspctl drift\n"), "\(comment.stdout.prefix(300))")
        let plan = try await cli.run(["plan", quickstart, "--emulator", "--emulator-state", state])
        #expect(plan.stdout.hasPrefix("cspctl plan against emulator:"))
    }

    /// `--max-plan-age 1s` is said as `1 s` (it was `0 min`).
    @Test func planAgesAreSaidInTheUnitTheyAreGivenIn() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let quickstart = PlanFixtures.root.appendingPathComponent("examples/quickstart").path
        let connection = ["--emulator", "--emulator-state", folder.appendingPathComponent("emulator.json").path]
        let planFile = folder.appendingPathComponent("plan.json").path
        #expect(try await cli.run(["plan", quickstart, "--out", planFile] + connection).status == 0)
        try await Task.sleep(for: .milliseconds(1_100))  // the plan is then older than 1 s, whatever the machine
        let old = try await cli.run(["apply", planFile, "--max-plan-age", "1s"] + connection)
        #expect(old.status == 1)
        #expect(old.stderr.contains("s old, older than --max-plan-age 1 s: plan again"), "\(old.stderr)")
        #expect(!old.stderr.contains("min"), "\(old.stderr)")
    }

    /// A customer exactly as the emulator holds it: apply says there is nothing to do, and exits 0.
    @Test func applyWithNothingToDoSaysSo() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let domain = "insync.onmicrosoft.com"
        let state = try await PlanFixtures.stateWithCustomer(domain, in: folder)
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(PlanFixtures.inSyncManifest(domain), to: manifest)
        let connection = ["--emulator", "--emulator-state", state.path, "--state-dir", folder.path]

        let text = try await cli.run(["apply", manifest.path, "--auto-approve"] + connection)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasSuffix("Nothing to apply: Partner Center matches the manifests.\n"), "\(text.stdout)")

        let json = try await cli.run(["apply", manifest.path, "--auto-approve", "--format", "json"] + connection)
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stderr.contains("Nothing to apply: Partner Center matches the manifests."), "\(json.stderr)")
        #expect(try PlanFixtures.json(json.stdout)["outcomes"] != nil, "stdout keeps the JSON result")
    }

    @Test func applyOffersOnlyTheFormatsItRenders() async throws {
        let help = try await cli.run(["apply", "--help"])
        #expect(help.status == 0)
        let format = try #require(help.stdout.components(separatedBy: "\n").first { $0.contains("--format") })
        #expect(format.contains("text or json"), "\(format)")
        #expect(!help.stdout.contains("markdown"), "\(help.stdout)")
        let refused = try await cli.run(["apply", "plan.json", "--format", "markdown"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("'markdown'"), "\(refused.stderr)")
    }

    /// The README's manifest example (the ```yaml block of its "Manifests" section) is a valid manifest, read as a
    /// user pastes it, and the new customer it describes is planned whole (billing and agreement given: nothing
    /// blocked).
    @Test func theREADMEManifestExampleValidates() async throws {
        let readme = try String(contentsOf: PlanFixtures.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "\n## Manifests\n").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```yaml\n").dropFirst().first, "no yaml block")
        let example = block.components(separatedBy: "\n```").first ?? ""
        #expect(example.contains("apiVersion: cspctl/v1") && example.contains("customers:"), "\(example)")
        let output = try await cli.run(["validate", "-"], stdin: example + "\n")
        #expect(output.status == 0, "\(output.stderr)")
        #expect(!output.stderr.contains("warning"), "\(output.stderr)")

        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("manifest.yaml")
        try PlanFixtures.write(example + "\n", to: manifest)
        let plan = try await cli.run([
            "plan", manifest.path, "--emulator", "--emulator-state", folder.appendingPathComponent("e.json").path,
        ])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(
            plan.stdout.contains(" to create, 0 to update, 0 to replace, 0 to remove, 0 blocked,"),
            "\(plan.stdout)"
        )
    }
}
