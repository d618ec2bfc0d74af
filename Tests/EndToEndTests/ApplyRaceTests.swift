import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// Two `cspctl apply --auto-approve` processes started together against one emulator with latency, as when a
/// merge pipeline and a manual run (or two runners) overlap: every declared subscription exists exactly once, and
/// both exits are honest (0 only when everything it reports is applied; otherwise each failure says another run
/// won, or the state folder was locked). From two folders (two machines: only the derived request ids and the look
/// right before each purchase stand between them and a double purchase) and from one folder (the lock).
/// Sizes from the environment: `CSPCTL_RACE_ROUNDS` (default 2), `CSPCTL_RACE_CUSTOMERS` (default 4).
@Suite(.serialized, .tags(.endToEnd, .slow)) struct ApplyRaceTests {
    static let rounds = Int(ProcessInfo.processInfo.environment["CSPCTL_RACE_ROUNDS"] ?? "") ?? 2
    static let customers = Int(ProcessInfo.processInfo.environment["CSPCTL_RACE_CUSTOMERS"] ?? "") ?? 4

    let cli: CLIRunner = {
        var runner = CLIRunner()
        runner.environment = PlanFixtures.developmentEnvironment.merging(["CSPCTL_RATE_SCALE": "20"]) { $1 }
        runner.timeout = .seconds(300)
        return runner
    }()

    /// `count` customers with an MCA contact and, unless `seedOnly`, two subscriptions each.
    static func manifest(round: Int, count: Int, seedOnly: Bool) -> String {
        var text = "apiVersion: cspctl/v1\ncustomers:\n"
        for index in 0..<count {
            let domain = "race\(round)x\(index).onmicrosoft.com"
            text += """
                  - domain: \(domain)
                    companyName: Race \(index)
                    billing:
                      email: billing@\(domain)
                      culture: en-US
                      language: en
                      address: { firstName: Gena, lastName: Soto, addressLine1: One Microsoft Way, city: Redmond, state: WA, postalCode: "98052", country: US }
                    agreement: { firstName: Gena, lastName: Soto, email: gena@\(domain) }

                """
            if !seedOnly {
                text += """
                        subscriptions:
                          - { nickname: basic, offer: "CFQ7TTC0LH18:0001", quantity: 5, termDuration: P1Y, billingCycle: monthly }
                          - { nickname: standard, offer: "CFQ7TTC0LDPB:0001", quantity: 3, termDuration: P1Y, billingCycle: monthly }

                    """
            }
        }
        return text
    }

    @Test func twoRunsFromTwoFoldersBuyEverythingOnce() async throws {
        try await race(sharedFolder: false)
    }

    @Test func twoRunsFromOneFolderBuyEverythingOnce() async throws {
        try await race(sharedFolder: true)
    }

    /// The customers are new: both runs create them. Each customer, agreement and subscription exists once, the
    /// loser of a creation fails with "customer appeared since the plan" (its dependents skipped), and every admin
    /// password is in one of the two credentials files, none reported lost.
    @Test func twoRunsCreatingTheSameNewCustomersCreateEachOnce() async throws {
        try await race(sharedFolder: false, newCustomers: true)
    }

    private func race(sharedFolder: Bool, newCustomers: Bool = false) async throws {
        for round in 0..<Self.rounds {
            let folder = try PlanFixtures.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let seed = folder.appendingPathComponent("seed.yaml")
            let manifest = folder.appendingPathComponent("customers.yaml")
            try PlanFixtures.write(Self.manifest(round: round, count: Self.customers, seedOnly: true), to: seed)
            try PlanFixtures.write(Self.manifest(round: round, count: Self.customers, seedOnly: false), to: manifest)
            try await EmulatorHarness.with { harness in
                if !newCustomers {
                    // Existing customers (with their MCA), as in the report: made by one apply, before the race.
                    let seeded = try await cli.run(
                        [
                            "apply", seed.path, "--auto-approve", "--endpoint", harness.baseURL, "--credentials-out",
                            folder.appendingPathComponent("admins.jsonl").path, "--state-dir",
                            folder.appendingPathComponent("seed").path,
                        ]
                    )
                    #expect(seeded.status == 0, "\(seeded.stdout)\n\(seeded.stderr)")
                }
                let latency: [String: Any] = ["route": "^/v1/", "latencyMs": 5, "latencyMaxMs": 60]
                #expect(try await harness.control(.PUT, "faults", json: ["faults": [latency]]).status == 200)

                let folders = sharedFolder ? ["a", "a"] : ["a", "b"]
                // Each run applies its own checkout of the manifests (as two runners or two machines do): the plan
                // ids differ (they digest the manifests' paths), so only what is bought can tie the runs together.
                func arguments(_ name: String) throws -> [String] {
                    let checkout = folder.appendingPathComponent("checkout-\(name)")
                    try FileManager.default.createDirectory(at: checkout, withIntermediateDirectories: true)
                    let copy = checkout.appendingPathComponent("customers.yaml")
                    if !FileManager.default.fileExists(atPath: copy.path) {
                        try FileManager.default.copyItem(at: manifest, to: copy)
                    }
                    return [
                        "apply", copy.path, "--auto-approve", "--endpoint", harness.baseURL, "--state-dir",
                        folder.appendingPathComponent(name).path, "--credentials-out",
                        folder.appendingPathComponent("admins-\(name).jsonl").path,
                    ]
                }
                let firstArguments = try arguments(folders[0])
                let secondArguments = try arguments(folders[1])
                async let first = cli.run(firstArguments)
                async let second = cli.run(secondArguments)
                let runs = try await [first, second]
                _ = try await harness.control(.DELETE, "faults")

                let holdings = try await ApplyFixtures.holdings(harness)
                let label =
                    "round \(round) \(sharedFolder ? "one folder" : "two folders")\(newCustomers ? ", new customers" : "")"
                #expect(holdings.duplicates == [], "\(label): bought twice")
                var recorded: Set<String> = []
                for name in Set(folders) {
                    let path = folder.appendingPathComponent("admins-\(name).jsonl").path
                    for line in ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n") {
                        if let domain = try PlanFixtures.json(String(line))["domain"] as? String {
                            recorded.insert(domain)
                        }
                    }
                }
                for index in 0..<Self.customers {
                    let domain = "race\(round)x\(index).onmicrosoft.com"
                    #expect(holdings.customers[domain] == 1, "\(label): \(domain)")
                    #expect(holdings.agreements[domain] == 1, "\(label): \(domain) agreement")
                    if newCustomers { #expect(recorded.contains(domain), "\(label): \(domain)'s password") }
                    #expect(holdings.subscriptions["\(domain)/basic"] == 1, "\(label): \(domain)/basic")
                    #expect(holdings.subscriptions["\(domain)/standard"] == 1, "\(label): \(domain)/standard")
                }
                for run in runs {
                    Self.expectHonest(run, label: label)
                    #expect(!run.stderr.contains("may be lost"), "\(label): \(run.stderr)")
                }
                // And nothing is left to do.
                let again = try await cli.run(
                    ["plan", manifest.path, "--format", "json", "--endpoint", harness.baseURL]
                )
                #expect(try ApplyFixtures.workActions(again.stdout) == [], "\(label): work left")
            }
        }
    }

    /// Exit 0 only with no failure; a failing run fails only because another run won (a purchase or customer
    /// that appeared since the plan) or held the state folder.
    static func expectHonest(_ run: CLIRunner.Output, label: String) {
        #expect(!run.timedOut, "\(label): timed out")
        if run.status == 0 {
            #expect(run.stdout.contains(" 0 failed"), "\(label): exit 0 with failures:\n\(run.stdout)")
            return
        }
        #expect(run.status == 1, "\(label): \(run.status)")
        if run.stderr.contains("another cspctl apply") {
            #expect(run.stderr.contains("is locked"), "\(label): \(run.stderr)")
            return
        }
        let failures = run.stdout.split(separator: "\n").filter { $0.hasPrefix("✗") }
        #expect(!failures.isEmpty, "\(label): exit 1 without a failed change:\n\(run.stdout)\n\(run.stderr)")
        let reasons = ApplyCrashTests.failures(run.stdout)
        for line in reasons.split(separator: "\n") where line.hasPrefix("    ") && !line.contains("request id") {
            let lost = line.contains("appeared since the plan") || line.contains("another run")
            #expect(lost || !line.contains("HTTP"), "\(label): a failure that is not a lost race: \(line)")
        }
        #expect(reasons.contains("appeared since the plan"), "\(label): \(reasons)")
    }
}
