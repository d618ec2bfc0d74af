import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// What a CI log shows of an apply, as it happens: the binary with piped stdout and stderr (no terminal) against
/// an emulator slowed by latency on every service request, killed or signalled half-way. Sizes from the
/// environment: `CSPCTL_INTERRUPT_CUSTOMERS` (default 6).
@Suite(.serialized, .tags(.endToEnd, .slow)) struct ApplyInterruptTests {
    static let customers = Int(ProcessInfo.processInfo.environment["CSPCTL_INTERRUPT_CUSTOMERS"] ?? "") ?? 6

    static let environment = PlanFixtures.developmentEnvironment.merging(["CSPCTL_RATE_SCALE": "20"]) { $1 }

    let cli: CLIRunner = {
        var runner = CLIRunner()
        runner.environment = ApplyInterruptTests.environment
        runner.timeout = .seconds(300)
        return runner
    }()

    /// A saved plan of `customers` new customers against `harness`, and the arguments that apply it.
    struct Setup {
        var folder: URL
        var planFile: String
        var arguments: [String]
    }

    func setUp(_ harness: EmulatorHarness, folder: URL, prefix: String, latencyMs: Int) async throws -> Setup {
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(ApplyFixtures.manifest(customers: Self.customers, prefix: prefix), to: manifest)
        let planFile = folder.appendingPathComponent("plan.json").path
        let endpoint = ["--endpoint", harness.baseURL]
        let plan = try await cli.run(["plan", manifest.path, "--out", planFile] + endpoint)
        #expect(plan.status == 0, "\(plan.stderr)")
        // Slow every service request, so the apply is still running when the test acts on its first lines.
        let latency: [String: Any] = ["route": "^/(v1|graph)/", "latencyMs": latencyMs]
        #expect(try await harness.control(.PUT, "faults", json: ["faults": [latency]]).status == 200)
        let arguments = [
            "apply", planFile, "--credentials-out", folder.appendingPathComponent("admins.jsonl").path,
            "--state-dir", folder.path, "--parallelism", "2",
        ]
        return Setup(folder: folder, planFile: planFile, arguments: arguments + endpoint)
    }

    /// The addresses of the outcome lines `✓ address (action): …` in `output`.
    static func appliedLines(_ output: String) -> [String] {
        output.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("✓ "), let open = line.range(of: " (") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 2)..<open.lowerBound])
        }
    }

    /// The journal's entries (every journal in the state folder): address → events in order.
    static func journal(_ folder: URL) throws -> [String: [String]] {
        let directory = folder.appendingPathComponent("applies")
        var events: [String: [String]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".jsonl") {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") {
                guard let entry = try? PlanFixtures.json(String(line)), let address = entry["address"] as? String,
                    let event = entry["event"] as? String
                else { continue }
                events[address, default: []].append(event)
            }
        }
        return events
    }

    /// Killed with SIGKILL after its third change finished, apply has already printed (and flushed, through a
    /// pipe) the outcome line of every change its journal records as applied but the ones finishing in the same
    /// instant; never a line for a change the journal does not record as applied. Before, stdout was empty
    /// until the end.
    @Test func outcomeLinesArePrintedAsEachChangeFinishes() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await EmulatorHarness.with { harness in
            let setup = try await setUp(harness, folder: folder, prefix: "log", latencyMs: 40)
            let apply = try StreamingProcess(setup.arguments, environment: Self.environment)
            // Read what the pipe carries so far: the lines must arrive while the run goes on, not at its end.
            try await apply.waitFor("three outcome lines") { stdout, _ in Self.appliedLines(stdout).count >= 3 }
            #expect(!apply.stdoutSoFar.contains("Apply: "), "apply finished before the kill")
            apply.send(SIGKILL)
            let killed = try await apply.finish()
            #expect(killed.signalled && killed.status == SIGKILL)
            #expect(!killed.stdout.contains("Apply: "), "the kill came after the end: \(killed.stdout)")

            let printed = Self.appliedLines(killed.stdout)
            let journal = try Self.journal(folder)
            let applied = Set(journal.filter { $0.value.contains("applied") }.keys)
            #expect(printed.count >= 3)
            #expect(Set(printed).count == printed.count, "a change printed twice: \(printed)")
            #expect(
                Set(printed).isSubset(of: applied),
                "printed but not journaled: \(Set(printed).subtracting(applied))"
            )
            // A change journaled in the instant before the kill may not have reached its line: at most what was
            // in flight (two customers, each at most its independent changes at once).
            let unprinted = applied.subtracting(printed)
            #expect(unprinted.count <= 2 * 4, "journaled as applied but never printed: \(unprinted.sorted())")
        }
    }

    /// The result ends with what a reviewer must act on: each failure with its address, HTTP status, Partner
    /// Center error code and request id; the changes that were not applied (skipped, blocked, waiting); and a
    /// summary line that counts them all. Before, the blocked purchase appeared nowhere in apply's output and the
    /// summary said only "3 applied, 1 failed, 0 skipped".
    @Test func resultListsFailuresAndWhatWasNotApplied() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(Self.mixedManifest, to: manifest)
        try await EmulatorHarness.with { harness in
            let applied = try await cli.run([
                "apply", manifest.path, "--auto-approve", "--endpoint", harness.baseURL, "--state-dir", folder.path,
                "--credentials-out", folder.appendingPathComponent("admins.jsonl").path,
            ])
            #expect(applied.status == 1, "\(applied.stdout)\n\(applied.stderr)")
            let ending = try #require(applied.stdout.range(of: "\nFailed:\n")).upperBound
            let tail = applied.stdout[ending...].split(separator: "\n").map(String.init)
            let failure = try #require(tail.first { $0.contains("customer[phone1.onmicrosoft.com]") })
            #expect(failure.hasPrefix("  ✗ customer[phone1.onmicrosoft.com] (create): HTTP 400 · error 600051 · "))
            #expect(failure.contains("request id ") && failure.contains("Customer phone number is missing"))
            let notApplied = try #require(tail.firstIndex(of: "Not applied:"))
            #expect(
                tail[notApplied + 1].hasPrefix(
                    "  - customer[blocked2.onmicrosoft.com]/subscription[basic] (blocked): "
                ),
                "\(tail)"
            )
            #expect(tail.last == "Apply: 3 applied, 1 failed, 0 skipped, 1 blocked, 0 waiting.", "\(tail)")
        }
    }

    /// SIGTERM after the first outcome line: no new change starts, the ones in flight finish and are journaled,
    /// apply prints `interrupted: N of M changes done; run the same plan again to resume` and exits 143; the
    /// journal has no change left started without its end; the same plan run again finishes the rest, and
    /// nothing exists twice. Before, SIGTERM ended the process at once (status 15, no message, changes cut
    /// mid-flight).
    @Test func sigtermStopsBetweenChangesAndTheSamePlanResumes() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await EmulatorHarness.with { harness in
            let setup = try await setUp(harness, folder: folder, prefix: "term", latencyMs: 40)
            let apply = try StreamingProcess(setup.arguments, environment: Self.environment)
            try await apply.waitFor("the first outcome line") { stdout, _ in !Self.appliedLines(stdout).isEmpty }
            apply.send(SIGTERM)
            let stopped = try await apply.finish()
            #expect(!stopped.signalled && stopped.status == 143, "\(stopped.status)\n\(stopped.stderr)")

            let total = Self.customers * 5
            let done = Self.appliedLines(stopped.stdout)
            #expect(
                stopped.stderr.contains(
                    "interrupted: \(done.count) of \(total) changes done; run the same plan again to resume\n"
                ),
                "\(stopped.stderr)"
            )
            #expect(done.count < total, "the run finished before the signal: \(stopped.stdout)")
            #expect(stopped.stdout.contains(", \(total - done.count) not started."), "\(stopped.stdout)")
            let journal = try Self.journal(folder)
            let finished = Set(journal.filter { $0.value.last == "applied" }.keys)
            #expect(finished == Set(done), "journal and output disagree")
            #expect(journal.values.allSatisfy { $0.last != "started" }, "a change left started: \(journal)")

            _ = try await harness.control(.DELETE, "faults")
            let resumed = try await cli.run(setup.arguments)
            #expect(resumed.status == 0, "\(resumed.stdout)\n\(resumed.stderr)")
            #expect(Set(Self.appliedLines(resumed.stdout)).count == total, "\(resumed.stdout)")
            #expect(resumed.stdout.contains("Apply: \(total) applied, 0 failed, 0 skipped"))
            let holdings = try await ApplyFixtures.holdings(harness)
            #expect(holdings.duplicates == [])
            #expect(holdings.customers.values.reduce(0, +) == Self.customers)
        }
    }

    /// Three new customers: one Partner Center refuses (UA needs a phone number, which the manifest cannot
    /// give), one whose purchase is blocked (no agreement contact), one applied with its agreement.
    static let mixedManifest = """
        apiVersion: cspctl/v1
        defaults:
          billing: { culture: en-US, language: en }
          subscriptions: { termDuration: P1Y, billingCycle: monthly, autoRenew: true }
        customers:
          - domain: okay0.onmicrosoft.com
            companyName: Company 0
        \(ManifestYAML.billing(email: "billing@okay0.onmicrosoft.com", locale: false, indent: 4))
            agreement: { firstName: Gena, lastName: Soto, email: gena@okay0.onmicrosoft.com }
          - domain: phone1.onmicrosoft.com
            companyName: Company 1
            organizationRegistrationNumber: "12345678"
            billing:
              email: billing@phone1.onmicrosoft.com
              address:
                { firstName: Gena, lastName: Soto, addressLine1: Khreshchatyk 1, city: Kyiv, postalCode: "01001", country: UA }
          - domain: blocked2.onmicrosoft.com
            companyName: Company 2
        \(ManifestYAML.billing(email: "billing@blocked2.onmicrosoft.com", locale: false, indent: 4))
            subscriptions:
              - nickname: basic
                offer: CFQ7TTC0LH18:0001
                quantity: 5

        """
}
