import Foundation
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// `cspctl plan` driven through the built binary against the embedded emulator (`--emulator`).
@Suite(.tags(.endToEnd)) struct PlanCommandTests {
    let cli = CLIRunner()

    @Test(arguments: PlanFixtures.examples)
    func plansEveryExampleInEveryFormat(example: String) async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state/emulator.json")
        let manifests = PlanFixtures.root.appendingPathComponent(example).path
        for format in ["text", "json", "markdown"] {
            let output = try await cli.run([
                "plan", manifests, "--emulator", "--emulator-state", state.path, "--format", format,
            ])
            #expect(output.status == 0, "\(example) \(format): \(output.stderr)")
            #expect(!output.stdout.isEmpty)
            #expect(!output.stdout.contains("\u{1B}["), "no colour when not on a terminal")
            if format == "json" {
                let plan = try PlanFixtures.json(output.stdout)
                #expect(plan["formatVersion"] as? String == "1.4")
                #expect(plan["endpoint"] as? String == "emulator:\(state.standardizedFileURL.path)")
                let changes = plan["changes"] as? [[String: Any]] ?? []
                #expect(!changes.isEmpty, "every example asks for customers the fresh emulator lacks")
                #expect(changes.contains { $0["action"] as? String == "create" })
            }
        }
        // The state file was created on first use and seeded with the catalog.
        #expect(FileManager.default.fileExists(atPath: state.path))
    }

    @Test func detailedExitCodeIsTwoWithChangesAndZeroWithNone() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = try await PlanFixtures.stateWithCustomer("insync.onmicrosoft.com", in: folder)
        let manifest = folder.appendingPathComponent("insync.yaml")
        try PlanFixtures.write(PlanFixtures.inSyncManifest("insync.onmicrosoft.com"), to: manifest)

        let none = try await cli.run([
            "plan", manifest.path, "--emulator", "--emulator-state", state.path, "--detailed-exitcode",
        ])
        #expect(none.status == 0, "\(none.stdout)\n\(none.stderr)")

        let withoutFlag = try await cli.run([
            "plan", PlanFixtures.root.appendingPathComponent("examples/quickstart").path, "--emulator",
            "--emulator-state",
            state.path,
        ])
        #expect(withoutFlag.status == 0, "\(withoutFlag.stderr)")
        let changes = try await cli.run([
            "plan", PlanFixtures.root.appendingPathComponent("examples/quickstart").path, "--emulator",
            "--emulator-state",
            state.path, "--detailed-exitcode",
        ])
        #expect(changes.status == 2, "\(changes.stderr)")
    }

    @Test func customerFilterLimitsTheRun() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("emulator.json")
        let quickstart = PlanFixtures.root.appendingPathComponent("examples/quickstart").path
        let output = try await cli.run([
            "plan", quickstart, "--emulator", "--emulator-state", state.path, "--format", "json",
            "--customer", "contosopl.onmicrosoft.com",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let changes = try PlanFixtures.json(output.stdout)["changes"] as? [[String: Any]] ?? []
        #expect(!changes.isEmpty)
        #expect(changes.allSatisfy { ($0["address"] as? String ?? "").contains("contosopl") }, "\(changes)")

        let unknown = try await cli.run([
            "plan", quickstart, "--emulator", "--emulator-state", state.path, "--customer", "nobody.onmicrosoft.com",
        ])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("nobody.onmicrosoft.com"))
    }

    /// The embedded emulator runs on the wall clock, as `cspctl emulator` does: a rehearsal sees today, not the
    /// fixed date the in-process test emulators start at.
    @Test func embeddedEmulatorFollowsTheWallClock() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("emulator.json")
        let quickstart = PlanFixtures.root.appendingPathComponent("examples/quickstart").path
        let before = Date()
        let output = try await cli.run([
            "plan", quickstart, "--emulator", "--emulator-state", state.path, "--format", "json",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let observed = try PlanFixtures.json(output.stdout)["observedAt"] as? String ?? ""
        let observedAt = try Date(observed, strategy: .iso8601)
        // Seconds apart at most; an hour's margin for a loaded CI machine.
        #expect(abs(observedAt.timeIntervalSince(before)) < 3600, "observedAt \(observed)")
    }

    @Test func invalidManifestsStopBeforeAnythingIsSent() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("bad.yaml")
        try PlanFixtures.write("apiVersion: cspctl/v1\ncustomers:\n  - domain: 42\n", to: manifest)
        let state = folder.appendingPathComponent("emulator.json")
        let output = try await cli.run(["plan", manifest.path, "--emulator", "--emulator-state", state.path])
        #expect(output.status == 1)
        #expect(output.stderr.contains("bad.yaml:"))
        #expect(!FileManager.default.fileExists(atPath: state.path), "the emulator was never started")
    }

    @Test func withoutCredentialsTheErrorNamesTheVariables() async throws {
        let output = try await cli.run([
            "plan", PlanFixtures.root.appendingPathComponent("examples/quickstart").path, "--endpoint",
            "http://127.0.0.1:9",
        ])
        #expect(output.status == 1)
        #expect(output.stderr.contains("AZURE_TENANT_ID"), "\(output.stderr)")
        #expect(output.stderr.contains("AZURE_CLIENT_SECRET"))
    }

    @Test func savedPlanHoldsNoSecret() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("emulator.json")
        let saved = folder.appendingPathComponent("plan.json")
        let output = try await cli.run([
            "plan", PlanFixtures.root.appendingPathComponent("examples/quickstart").path, "--emulator",
            "--emulator-state",
            state.path, "--out", saved.path,
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let text = try String(contentsOf: saved, encoding: .utf8)
        let plan = try PlanFixtures.json(text)
        for key in [
            "formatVersion", "toolVersion", "createdAt", "manifestDigest", "endpoint", "changes", "fingerprints",
        ] {
            #expect(plan[key] != nil, "saved plan lacks \(key)")
        }
        for secret in [
            DevelopmentPartner.clientSecret, DevelopmentPartner.refreshToken, "emu.at.", "emu.rt.", "Bearer",
        ] {
            #expect(!text.contains(secret), "saved plan contains \(secret)")
            #expect(!output.stdout.contains(secret))
            #expect(!output.stderr.contains(secret))
        }
        // Every access token the emulator issued during the run (they are in its state) is absent too.
        let stateText = try String(contentsOf: state, encoding: .utf8)
        let issued = stateText.matches(of: /emu\.[a-z]+\.[A-Za-z0-9_\-]+/).map { String($0.output) }
        for token in issued { #expect(!text.contains(token)) }
    }
}
