import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// Apply killed at any moment, or fighting throttling and faults, still converges: no duplicate customer,
/// purchase, relationship, assignment or agreement, and nothing lost. Sizes from the environment:
/// `CSPCTL_CRASH_CUSTOMERS` (default 50), `CSPCTL_CRASH_SEEDS` (default 3).
@Suite(.serialized, .tags(.endToEnd, .slow)) struct ApplyCrashTests {
    static let customers = Int(ProcessInfo.processInfo.environment["CSPCTL_CRASH_CUSTOMERS"] ?? "") ?? 50
    static let seeds = Int(ProcessInfo.processInfo.environment["CSPCTL_CRASH_SEEDS"] ?? "") ?? 3

    let cli: CLIRunner = {
        var runner = CLIRunner()
        // The test emulator does not throttle: let the client pace itself 20 times faster than the documented
        // budgets, so a run takes seconds (the pacing itself is covered by the client's tests and benchmarks).
        runner.environment = PlanFixtures.developmentEnvironment.merging(["CSPCTL_RATE_SCALE": "20"]) { $1 }
        runner.timeout = .seconds(600)
        return runner
    }()

    /// Per seed: a persisted emulator, a plan of `customers` new customers, an apply killed with SIGKILL once the
    /// journal holds a seeded number of entries; then even seeds run the same plan again and odd seeds make a
    /// fresh plan and apply it. Either way: converged, zero duplicates.
    @Test func applyKilledAtRandomPointsConvergesWithoutDuplicates() async throws {
        for seed in 0..<Self.seeds {
            let folder = try PlanFixtures.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let manifest = folder.appendingPathComponent("customers.yaml")
            try PlanFixtures.write(ApplyFixtures.manifest(customers: Self.customers, prefix: "k\(seed)x"), to: manifest)
            let planFile = folder.appendingPathComponent("plan.json").path
            let credentials = folder.appendingPathComponent("admins.jsonl").path
            var configuration = EmulatorHarness.testConfiguration()
            configuration.stateFile = folder.appendingPathComponent("emulator.json").path
            try await EmulatorHarness.with(configuration) { harness in
                let endpoint = ["--endpoint", harness.baseURL]
                let plan = try await cli.run(["plan", manifest.path, "--out", planFile] + endpoint)
                #expect(plan.status == 0, "\(plan.stderr)")
                let arguments =
                    ["apply", planFile, "--credentials-out", credentials, "--state-dir", folder.path] + endpoint
                // Changes per customer: customer, agreement, budget, subscription, relationship; two entries each.
                var generator = SplitMix(seed: UInt64(seed) &+ 0x5EED)
                let killAfter = 1 + Int(generator.next() % UInt64(Self.customers * 5 * 2 - 2))
                let killed = try await runKilled(arguments, afterJournalEntries: killAfter, folder: folder)
                #expect(killed, "seed \(seed): apply finished before entry \(killAfter); the kill tested nothing")

                let last: CLIRunner.Output
                if seed % 2 == 0 {
                    last = try await cli.run(arguments)
                    #expect(
                        last.status == 0,
                        "seed \(seed) same plan:\n\(Self.failures(last.stdout))\n\(last.stderr)"
                    )
                } else {
                    last = try await cli.run(
                        [
                            "apply", manifest.path, "--auto-approve", "--credentials-out", credentials, "--state-dir",
                            folder.path,
                        ]
                            + endpoint
                    )
                    // A kill between a customer's creation and the recording of its password leaves the password
                    // only in the creation's answer: a fresh plan cannot get it back, so apply says so and fails.
                    #expect(
                        last.status == 0 || (Self.failures(last.stdout).isEmpty && last.stderr.contains("may be lost")),
                        "seed \(seed) fresh plan:\n\(Self.failures(last.stdout))\n\(last.stderr)"
                    )
                }
                try Self.expectNoPasswordLostSilently(
                    manifest: manifest,
                    credentials: credentials,
                    report: last.stderr,
                    label: "seed \(seed)"
                )
                try await expectConverged(manifest: manifest, harness: harness, label: "seed \(seed)")
            }
        }
    }

    /// The same apply under 429 bursts, 503 streaks, dropped connections and lost responses (answers lost after
    /// the change was committed) converges in one run, with no duplicates.
    @Test func applyUnderFaultsConvergesWithoutDuplicates() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        let count = max(5, Self.customers / 2)
        try PlanFixtures.write(ApplyFixtures.manifest(customers: count, prefix: "fault"), to: manifest)
        try await EmulatorHarness.with { harness in
            let faults: [[String: Any]] = [
                ["route": "^/(v1|graph|login)/", "throttleRate": 0.03, "burstLength": 2, "retryAfterSeconds": 0],
                ["route": "^/(v1|graph|login)/", "error503Rate": 0.05],
                ["route": "^/(v1|graph|login)/", "dropRate": 0.02],
                ["route": "^/(v1|graph|login)/", "method": "POST", "loseResponseRate": 0.15],
                ["route": "^/(v1|graph|login)/", "method": "PATCH", "loseResponseRate": 0.1],
            ]
            let set = try await harness.control(.PUT, "faults", json: ["faults": faults])
            #expect(set.status == 200, "\(set.text)")
            let arguments = [
                "apply", manifest.path, "--auto-approve", "--endpoint", harness.baseURL,
                "--credentials-out", folder.appendingPathComponent("admins.jsonl").path, "--state-dir", folder.path,
            ]
            var applied = try await cli.run(arguments)
            if applied.status != 0 {
                // A request can meet faults on every attempt: its change fails with the service's answer, its
                // dependents are skipped, and running apply again (faults still on) finishes the work.
                let failures = Self.failures(applied.stdout)
                #expect(
                    failures.contains("HTTP 429") || failures.contains("HTTP 503") || failures.contains("connection")
                )
                applied = try await cli.run(arguments)
            }
            // A creation whose answer was lost on every attempt leaves its password unrecoverable by a fresh plan:
            // apply then says so and fails (rare: every attempt must lose its answer).
            #expect(
                applied.status == 0
                    || (Self.failures(applied.stdout).isEmpty && applied.stderr.contains("may be lost")),
                "\(Self.failures(applied.stdout))\n\(applied.stderr)"
            )
            try Self.expectNoPasswordLostSilently(
                manifest: manifest,
                credentials: folder.appendingPathComponent("admins.jsonl").path,
                report: applied.stderr,
                label: "faults"
            )
            let counters = try await ApplyFixtures.serviceRequests(harness)
            #expect(!counters.isEmpty)
            _ = try await harness.control(.DELETE, "faults")
            try await expectConverged(manifest: manifest, harness: harness, label: "faults")
        }
    }

    /// Every customer once with its subscription, agreement and relationship once; a new plan has no work.
    private func expectConverged(manifest: URL, harness: EmulatorHarness, label: String) async throws {
        let holdings = try await ApplyFixtures.holdings(harness)
        #expect(holdings.duplicates == [], "\(label): duplicates")
        let domains = try String(contentsOf: manifest, encoding: .utf8)
            .split(separator: "\n")
            .compactMap { line -> String? in
                let text = line.trimmingCharacters(in: .whitespaces)
                return text.hasPrefix("- domain: ") ? String(text.dropFirst("- domain: ".count)) : nil
            }
        for domain in domains {
            #expect(holdings.customers[domain] == 1, "\(label): \(domain) missing")
            #expect(holdings.subscriptions["\(domain)/basic"] == 1, "\(label): \(domain)/basic missing")
            #expect(holdings.agreements[domain] == 1, "\(label): \(domain) agreement missing")
            let name = String(domain.prefix { $0 != "." }) + "-msp"
            #expect(holdings.relationships[name] == 1, "\(label): relationship \(name) missing")
        }
        let again = try await cli.run(["plan", manifest.path, "--format", "json", "--endpoint", harness.baseURL])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try ApplyFixtures.workActions(again.stdout) == [], "\(label): work left")
    }

    /// Every customer of the manifest has its admin password in the credentials file, or the run's error report
    /// names it as possibly lost: never a password lost without a word.
    static func expectNoPasswordLostSilently(
        manifest: URL,
        credentials: String,
        report: String,
        label: String
    ) throws {
        let recorded = ((try? String(contentsOfFile: credentials, encoding: .utf8)) ?? "").split(separator: "\n")
            .compactMap { line in (try? PlanFixtures.json(String(line)))?["domain"] as? String }
        for line in try String(contentsOf: manifest, encoding: .utf8).split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("- domain: ") else { continue }
            let domain = String(text.dropFirst("- domain: ".count))
            #expect(
                recorded.contains(domain) || report.contains("  \(domain): created by plan"),
                "\(label): \(domain)'s password neither recorded nor reported lost"
            )
        }
    }

    /// The failed and skipped changes of an apply's text output, with their detail lines.
    static func failures(_ output: String) -> String {
        var lines: [Substring] = []
        var keep = false
        for line in output.split(separator: "\n") {
            if line.hasPrefix("✗") || line.hasPrefix("- ") {
                keep = true
            } else if !line.hasPrefix("    ") {
                keep = false
            }
            if keep { lines.append(line) }
        }
        return lines.prefix(40).joined(separator: "\n")
    }

    /// Starts apply and SIGKILLs it once its journal holds `entries` lines; true when the kill came first.
    private func runKilled(_ arguments: [String], afterJournalEntries entries: Int, folder: URL) async throws -> Bool {
        let process = Process()
        process.executableURL = CLIRunner.defaultBinary
        process.arguments = arguments
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"].merging(
            cli.environment
        ) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let journals = folder.appendingPathComponent("applies")
        while process.isRunning {
            // Journals only: the plan saved beside each journal (`<id>.plan.json`) is many lines long and would
            // make every kill land before the first change.
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: journals.path)) ?? [])
                .filter { $0.hasSuffix(".jsonl") }
            let lines = names.reduce(0) { count, name in
                let data = (try? Data(contentsOf: journals.appendingPathComponent(name))) ?? Data()
                return count + data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            }
            if lines >= entries {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return true
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        return false
    }
}
