import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// `--log-level` / `CSPCTL_LOG_LEVEL`: the request log on stderr, run through the built binary against an emulator.
@Suite(.tags(.endToEnd)) struct LoggingCommandTests {
    let cli: CLIRunner = {
        var runner = CLIRunner()
        runner.environment = PlanFixtures.developmentEnvironment
        runner.timeout = .seconds(300)
        return runner
    }()

    /// Lines of the request log: `[info] METHOD URL STATUS N ms ...`.
    static func requestLines(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { $0.hasPrefix("[info] ") }
    }

    /// At info: one line per request with method, URL, status, duration, MS-RequestId and MS-CorrelationId; no
    /// headers or bodies; the plan itself still on stdout. `CSPCTL_LOG_LEVEL` does the same; without either,
    /// stderr stays empty.
    @Test func infoLogsOneLinePerRequest() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(ApplyFixtures.manifest(customers: 1, prefix: "logged"), to: manifest)
        try await EmulatorHarness.with { harness in
            let endpoint = ["--endpoint", harness.baseURL]
            _ = try await harness.control(.DELETE, "counters")
            let plan = try await cli.run(["plan", manifest.path, "--log-level", "info"] + endpoint)
            #expect(plan.status == 0, "\(plan.stderr)")
            #expect(plan.stdout.contains("will be created"), "the plan stays on stdout: \(plan.stdout)")
            let lines = Self.requestLines(plan.stderr)
            #expect(!lines.isEmpty, "\(plan.stderr)")
            #expect(!plan.stderr.contains("headers:") && !plan.stderr.contains("body:"), "\(plan.stderr)")

            let base = NSRegularExpression.escapedPattern(for: harness.baseURL)
            let partnerCenter = try Regex(
                #"^\[info\] GET "# + base
                    + #"/v1/\S+ \d{3} \d+ ms MS-RequestId: [0-9a-f-]{36} MS-CorrelationId: [0-9a-f-]{36}"#
            )
            let token = try Regex(#"^\[info\] POST "# + base + #"/login/\S+/oauth2/v2\.0/token 200 \d+ ms"#)
            #expect(lines.contains { $0.contains(partnerCenter) }, "\(plan.stderr)")
            #expect(lines.contains { $0.contains(token) }, "\(plan.stderr)")
            // One line per request: as many lines as the emulator counted requests.
            let counters = try #require(try await harness.control(.GET, "counters").json() as? [String: Any])
            let services = (counters["counters"] as? [[String: Any]] ?? []).filter { entry in
                !((entry["route"] as? String) ?? "").contains("/_emulator")
            }
            let counted = services.reduce(0) { total, entry in
                total + (entry["statuses"] as? [String: Int] ?? [:]).values.reduce(0, +)
            }
            #expect(lines.count == counted, "\(lines.count) log lines for \(counted) requests\n\(plan.stderr)")

            var environment = cli
            environment.environment["CSPCTL_LOG_LEVEL"] = "info"
            let fromEnvironment = try await environment.run(["plan", manifest.path] + endpoint)
            #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
            #expect(Self.requestLines(fromEnvironment.stderr).count == lines.count, "\(fromEnvironment.stderr)")

            let quiet = try await cli.run(["plan", manifest.path] + endpoint)
            #expect(quiet.status == 0)
            #expect(quiet.stderr.isEmpty, "no log unless asked: \(quiet.stderr)")

            environment.environment["CSPCTL_LOG_LEVEL"] = "chatty"
            let wrong = try await environment.run(["plan", manifest.path] + endpoint)
            #expect(wrong.status != 0)
            #expect(wrong.stderr.contains("CSPCTL_LOG_LEVEL=chatty is not a log level"), "\(wrong.stderr)")
        }
    }

    /// At trace, through a plan and an apply that creates customers (admin passwords), tokens for both audiences
    /// and App+User (refresh tokens, rotated), headers and bodies are logged, and no secret the emulator issued
    /// appears: access tokens, refresh tokens, the client secret, the new admins' passwords.
    @Test func traceLogNeverShowsASecret() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(ApplyFixtures.manifest(customers: 2, prefix: "traced"), to: manifest)
        let credentials = folder.appendingPathComponent("admins.jsonl")
        try await EmulatorHarness.with { harness in
            let endpoint = ["--endpoint", harness.baseURL]
            let plan = try await cli.run(["plan", manifest.path, "--log-level", "trace"] + endpoint)
            #expect(plan.status == 0, "\(plan.stderr)")
            let apply = try await cli.run(
                [
                    "apply", manifest.path, "--auto-approve", "--log-level", "trace", "--credentials-out",
                    credentials.path, "--state-dir", folder.path,
                ] + endpoint
            )
            #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
            let log = plan.stderr + apply.stderr
            #expect(log.contains("[trace] → POST"), "request bodies are logged at trace")
            #expect(log.contains("headers: ") && log.contains("Authorization: Bearer <redacted>"))
            #expect(log.contains("\"password\":\"<redacted>\""), "the created customer's body, redacted")
            #expect(log.contains("token endpoint traffic not logged") || log.contains("form body, not logged"))

            let lines = try String(contentsOf: credentials, encoding: .utf8).split(separator: "\n")
            let passwords = try lines.map { line in
                try #require(try PlanFixtures.json(String(line))["password"] as? String)
            }
            #expect(passwords.count == 2)
            let state = try #require(try await harness.control(.GET, "state").json() as? [String: Any])
            let tokens =
                Array((state["accessTokens"] as? [String: Any] ?? [:]).keys)
                + Array((state["refreshTokens"] as? [String: Any] ?? [:]).keys)
            #expect(tokens.count >= 3, "access tokens and rotated refresh tokens were issued")
            let secrets = passwords + tokens + [DevelopmentPartner.clientSecret, DevelopmentPartner.refreshToken]
            for secret in secrets where !secret.isEmpty {
                #expect(!log.contains(secret), "a secret is in the trace log: \(secret.prefix(6))…")
            }
        }
    }
}
