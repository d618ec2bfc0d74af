import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// `plan` and `drift` say how far a long read has got, without a terminal (a CI log): a progress line on stderr
/// every `CSPCTL_PROGRESS_INTERVAL` seconds (30 by default; 0.2 here) while live state is read from an emulator
/// slowed by latency. `CSPCTL_PROGRESS_CUSTOMERS` (default 8) existing customers are read.
@Suite(.tags(.endToEnd, .slow)) struct ProgressTests {
    static let customers = Int(ProcessInfo.processInfo.environment["CSPCTL_PROGRESS_CUSTOMERS"] ?? "") ?? 8

    let cli: CLIRunner = {
        var runner = CLIRunner()
        runner.environment = PlanFixtures.developmentEnvironment.merging(["CSPCTL_PROGRESS_INTERVAL": "0.2"]) { $1 }
        runner.timeout = .seconds(300)
        return runner
    }()

    /// Before, a read that took minutes printed nothing at all until the plan (0 bytes in the log of a job
    /// killed half-way); now both commands print `read N of M customers; about … left at the current rate` lines,
    /// counting up, and the plan on stdout is unchanged.
    @Test(arguments: ["plan", "drift"])
    func longReadsPrintProgressLines(_ command: String) async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        try await EmulatorHarness.with { harness in
            var text = "apiVersion: cspctl/v1\ncustomers:\n"
            for index in 0..<Self.customers {
                let domain = "slow\(index).onmicrosoft.com"
                try await harness.createCustomer(domain)
                text += PlanFixtures.inSyncManifest(domain).components(separatedBy: "customers:\n")[1]
            }
            try PlanFixtures.write(text, to: manifest)
            // Every customer's reads (profile, budget, agreements, subscriptions, relationships) take 60 ms each.
            let latency: [String: Any] = ["route": "^/(v1|graph)/", "latencyMs": 60]
            #expect(try await harness.control(.PUT, "faults", json: ["faults": [latency]]).status == 200)

            let output = try await cli.run(
                [command, manifest.path, "--endpoint", harness.baseURL, "--parallelism", "2"]
            )
            #expect(output.status == 0, "\(output.stdout)\n\(output.stderr)")
            let lines = output.stderr.split(separator: "\n").filter { $0.hasPrefix("read ") }
            #expect(!lines.isEmpty, "no progress line: \(output.stderr)")
            var counts: [Int] = []
            for line in lines {
                let words = line.split(separator: " ")
                // The printer's three forms: the count alone, the count with the time left, and (once every customer
                // is read, on a tick that lands before planning ends; a loaded machine makes that likely) "; planning".
                let finished = words.count >= 5 && words[1] == words[3]
                #expect(
                    line.hasSuffix(" left at the current rate") || !line.contains(";")
                        || (finished && line.hasSuffix(" customers; planning")),
                    "\(line)"
                )
                #expect(words.count >= 5 && words[2] == "of" && words[3] == "\(Self.customers)", "\(line)")
                counts.append(Int(words[1]) ?? -1)
            }
            #expect(counts == counts.sorted() && counts.allSatisfy { (0...Self.customers).contains($0) }, "\(lines)")
            #expect(!output.stderr.contains("\r"), "a live display without a terminal: \(output.stderr)")
            #expect(output.stdout.contains("No changes. Partner Center matches the manifests."), "\(output.stdout)")
        }
    }
}
