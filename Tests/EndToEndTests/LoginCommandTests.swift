import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// `cspctl login` / `logout` (issue 16 item 4): the device-code flow against the emulator, the test playing the
/// signed-in user through the control API while login polls. Polling is 100 times faster than documented:
/// `CSPCTL_RATE_SCALE=100` divides the client's waits and `pollScale` 0.01 makes the emulator expect that spacing.
@Suite(.tags(.endToEnd)) struct LoginCommandTests {
    /// The partner's application and where the token is kept: no CSPCTL_REFRESH_TOKEN.
    static func environment(_ config: URL) -> [String: String] {
        [
            "AZURE_TENANT_ID": DevelopmentPartner.tenantId, "AZURE_CLIENT_ID": DevelopmentPartner.clientId,
            "AZURE_CLIENT_SECRET": DevelopmentPartner.clientSecret, "XDG_CONFIG_HOME": config.path,
            "CSPCTL_RATE_SCALE": "100",
        ]
    }

    /// Starts `cspctl login` and waits for the user code it prints on stderr.
    static func startLogin(
        _ harness: EmulatorHarness,
        environment: [String: String],
        extra: [String] = []
    ) async throws -> (StreamingProcess, String) {
        #expect(try await harness.control(.PUT, "devicecode-settings", json: ["pollScale": 0.01]).status == 200)
        let login = try StreamingProcess(["login", "--endpoint", harness.baseURL] + extra, environment: environment)
        try await login.waitFor("the user code", timeout: .seconds(30)) { _, err in err.contains("Waiting for") }
        let stderr = login.stderrSoFar
        let marker = try #require(stderr.range(of: "enter the code "))
        let code = String(stderr[marker.upperBound...].prefix { $0.isLetter || $0.isNumber })
        #expect(code.count == 8, "\(stderr)")
        return (login, code)
    }

    static func deviceCode(_ harness: EmulatorHarness, _ code: String) async throws -> [String: Any] {
        try #require(try await harness.control(.GET, "devicecodes/\(code)").json() as? [String: Any])
    }

    /// Polls the control API until the device code's record satisfies `condition` (30 s at most).
    static func waitForDeviceCode(
        _ harness: EmulatorHarness,
        _ code: String,
        _ condition: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let session = try await deviceCode(harness, code)
            if condition(session) { return session }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw StreamingProcess.TimedOut(what: "the device code \(code)", stderr: "")
    }

    /// Approved while login polls: the refresh token is stored (folder 0700, file 0600) and nowhere in the
    /// output; a plan then reads the customer's agreements (App+User only) with it, the stored token is replaced by
    /// the one Entra rotated to, and no secret is logged at trace level; `logout` removes it and the plan is back to
    /// app-only.
    @Test func approvedLoginStoresTheTokenAndPlanUsesIt() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("config")
        let environment = Self.environment(config)
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(ApplyFixtures.manifest(customers: 1, prefix: "login"), to: manifest)
        var cli = CLIRunner()
        cli.environment = environment
        try await EmulatorHarness.with { harness in
            // The customer exists, so the plan reads its agreements: App+User only (GET .../agreements).
            _ = try await harness.createCustomer("login0.onmicrosoft.com")
            let plan = ["plan", manifest.path, "--endpoint", harness.baseURL]
            let before = try await cli.run(plan)
            #expect(before.status == 0, "\(before.stderr)")
            #expect(before.stdout.contains("none are configured"), "app-only cannot read agreements: \(before.stdout)")

            let (login, code) = try await Self.startLogin(harness, environment: environment)
            #expect(try await harness.control(.POST, "devicecodes/\(code)/approve").status == 200)
            let finished = try await login.finish(timeout: .seconds(30))
            #expect(finished.status == 0, "\(finished.stderr)")
            #expect(try await Self.deviceCode(harness, code)["status"] as? String == "redeemed")

            let file = config.appendingPathComponent("cspctl/refresh-token.json")
            let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
            #expect(attributes[.posixPermissions] as? Int == 0o600)
            let folderMode = try FileManager.default.attributesOfItem(atPath: file.deletingLastPathComponent().path)
            #expect(folderMode[.posixPermissions] as? Int == 0o700)
            let stored = try PlanFixtures.json(try String(contentsOf: file, encoding: .utf8))
            let token = try #require(stored["refreshToken"] as? String)
            #expect(token.hasPrefix("emu.rt."))

            let after = try await cli.run(plan + ["--log-level", "trace"])
            #expect(after.status == 0, "\(after.stderr)")
            #expect(after.stdout.contains(" 0 unknown"), "the stored token read the agreements: \(after.stdout)")
            #expect(after.stdout.contains("agreement will be created (needs App+User)"), "\(after.stdout)")
            // Entra rotates refresh tokens: the stored one is replaced by the one the plan received.
            let rotated =
                try PlanFixtures.json(try String(contentsOf: file, encoding: .utf8))["refreshToken"] as? String
            #expect(rotated != nil && rotated != token, "the stored token was not replaced by the rotated one")
            #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int == 0o600)
            for text in [finished.stdout, finished.stderr, after.stdout, after.stderr] {
                #expect(!text.contains(token) && !text.contains(rotated ?? token), "the refresh token leaked")
            }
            #expect(finished.stdout.isEmpty)

            let logout = try await cli.run(["logout"])
            #expect(logout.status == 0 && logout.stderr.contains("Removed"), "\(logout.stderr)")
            #expect(!FileManager.default.fileExists(atPath: file.path))
            let gone = try await cli.run(plan)
            #expect(
                gone.stdout.contains("none are configured"),
                "after logout the plan is app-only again: \(gone.stdout)"
            )
        }
    }

    /// `--print` writes the token once on stdout and stores nothing; it works as CSPCTL_REFRESH_TOKEN.
    @Test func printWritesTheTokenOnceAndStoresNothing() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("config")
        let environment = Self.environment(config)
        try await EmulatorHarness.with { harness in
            let (login, code) = try await Self.startLogin(harness, environment: environment, extra: ["--print"])
            #expect(try await harness.control(.POST, "devicecodes/\(code)/approve").status == 200)
            let finished = try await login.finish(timeout: .seconds(30))
            #expect(finished.status == 0, "\(finished.stderr)")
            let token = finished.stdout.trimmingCharacters(in: .newlines)
            #expect(token.hasPrefix("emu.rt.") && !token.contains("\n"), "\(finished.stdout)")
            #expect(finished.stdout.components(separatedBy: token).count == 2, "exactly once")
            #expect(!finished.stderr.contains(token))
            #expect(!FileManager.default.fileExists(atPath: config.path), "nothing stored")
            let grant = try await harness.tokenRequest(
                form: [
                    ("grant_type", "refresh_token"), ("client_id", DevelopmentPartner.clientId),
                    ("client_secret", DevelopmentPartner.clientSecret), ("refresh_token", token),
                    ("scope", "https://api.partnercenter.microsoft.com/.default"),
                ]
            )
            #expect(grant.status == 200, "\(grant.text)")
        }
    }

    /// The user declines (Entra's `authorization_declined`, RFC 8628's `access_denied`): login fails (exit 1)
    /// saying so, and stores nothing.
    @Test(arguments: ["authorization_declined", "access_denied"])
    func aDeclinedSignInFailsAndStoresNothing(_ error: String) async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("config")
        try await EmulatorHarness.with { harness in
            let (login, code) = try await Self.startLogin(harness, environment: Self.environment(config))
            #expect(try await harness.control(.POST, "devicecodes/\(code)/deny", json: ["error": error]).status == 200)
            let finished = try await login.finish(timeout: .seconds(30))
            #expect(finished.status == 1)
            #expect(finished.stderr.contains("declined (\(error))"), "\(finished.stderr)")
            #expect(!FileManager.default.fileExists(atPath: config.path))
        }
    }

    /// Nobody signs in before the code expires (the emulator clock passes `expires_in`): `expired_token`, exit 1.
    @Test func anExpiredCodeFailsAndStoresNothing() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("config")
        try await EmulatorHarness.with { harness in
            let (login, code) = try await Self.startLogin(harness, environment: Self.environment(config))
            try await harness.advanceClock(seconds: 901)
            let finished = try await login.finish(timeout: .seconds(30))
            #expect(finished.status == 1)
            #expect(finished.stderr.contains("expired") && finished.stderr.contains(code), "\(finished.stderr)")
            #expect(try await harness.control(.POST, "devicecodes/\(code)/approve").status == 404)
            #expect(!FileManager.default.fileExists(atPath: config.path))
        }
    }

    /// After `slow_down` the client waits 5 s (scaled) longer between polls: the emulator, which answers
    /// `slow_down` again to any poll sooner than the grown interval, counts only the one it was told to send.
    @Test func slowDownIsHonoured() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("config")
        try await EmulatorHarness.with { harness in
            let (login, code) = try await Self.startLogin(harness, environment: Self.environment(config))
            #expect(try await harness.control(.POST, "devicecodes/\(code)/slow-down").status == 204)
            // Wait for the slow_down, then for two more polls at the grown interval.
            let slowedAt = try await Self.waitForDeviceCode(harness, code) { ($0["slowDowns"] as? Int ?? 0) >= 1 }
            let polled = (slowedAt["polls"] as? Int ?? 0) + 2
            _ = try await Self.waitForDeviceCode(harness, code) { ($0["polls"] as? Int ?? 0) >= polled }
            let session = try await Self.deviceCode(harness, code)
            #expect(session["interval"] as? Int == 10)
            #expect(try await harness.control(.POST, "devicecodes/\(code)/approve").status == 200)
            let finished = try await login.finish(timeout: .seconds(30))
            #expect(finished.status == 0, "\(finished.stderr)")
            let final = try await Self.deviceCode(harness, code)
            #expect(final["slowDowns"] as? Int == 1, "a poll came sooner than the grown interval: \(final)")
        }
    }

    /// A stored token in a folder or file that group or others can read is refused: by plan, and by login before
    /// it asks for a code.
    @Test func aGroupReadableTokenIsRefused() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("config")
        let environment = Self.environment(config)
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(PlanFixtures.inSyncManifest("readable.onmicrosoft.com"), to: manifest)
        var cli = CLIRunner()
        cli.environment = environment
        try await EmulatorHarness.with { harness in
            let (login, code) = try await Self.startLogin(harness, environment: environment)
            #expect(try await harness.control(.POST, "devicecodes/\(code)/approve").status == 200)
            #expect(try await login.finish(timeout: .seconds(30)).status == 0)
            let file = config.appendingPathComponent("cspctl/refresh-token.json").path
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
            let plan = try await cli.run(["plan", manifest.path, "--endpoint", harness.baseURL])
            #expect(plan.status == 1)
            #expect(plan.stderr.contains("can be read by group or others"), "\(plan.stderr)")

            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o755],
                ofItemAtPath: config.appendingPathComponent("cspctl").path
            )
            let refused = try await cli.run(["login", "--endpoint", harness.baseURL])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("can be read by group or others"), "\(refused.stderr)")
            let codes = try #require(try await harness.control(.GET, "devicecodes").json() as? [String: Any])
            #expect((codes["value"] as? [Any])?.count == 1, "no second code was asked for")
        }
    }
}
