import Foundation
import PartnerCenterTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `cspctl emulator` as a user runs it: a server process on a free loopback port, its banner, and the fault and
/// latency options.
@Suite(.tags(.endToEnd)) struct EmulatorCommandTests {
    /// The development partner's documented credentials (docs/emulator.md).
    static let tenant = "72f988bf-0000-4000-8000-00000000e001"
    static let clientID = "0a0e0000-0000-4000-8000-00000000c1d0"
    static let clientSecret = "emulator-development-secret"

    @Test func servesWithFaultsFromAFileAndPrintsHowToConnect() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cspctl-emu-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let faults = directory.appendingPathComponent("faults.json")
        try Data(#"{"faults": [{"route": "^/v1/customers$", "method": "GET", "error503Rate": 1.0}]}"#.utf8)
            .write(to: faults)

        let server = try EmulatorProcess(arguments: [
            "emulator", "--port", "0", "--faults", faults.path, "--latency", "1",
            "--state", directory.appendingPathComponent("state.json").path,
        ])
        defer { server.stop() }
        let banner = try await server.waitForBanner()
        #expect(banner.contains("--endpoint \(server.baseURL)"))
        #expect(banner.contains("AZURE_CLIENT_ID=\(Self.clientID)"))
        // Every variable a client needs, App+User's refresh token included, and the endpoint without /v1.
        for variable in ["AZURE_TENANT_ID=", "AZURE_CLIENT_SECRET=", "CSPCTL_REFRESH_TOKEN=", "CSPCTL_ENDPOINT="] {
            #expect(banner.contains(variable), "\(banner)")
        }
        #expect(banner.contains("CSPCTL_ENDPOINT=\(server.baseURL) "))

        let token = try await Self.token(baseURL: server.baseURL)
        let faulted = try await Self.get(server.baseURL + "/v1/customers", token: token)
        #expect(faulted == 503)
        // A route no rule names is served normally (only the catch-all latency applies).
        let served = try await Self.get(
            server.baseURL + "/v1/customers/00000000-0000-0000-0000-000000000000",
            token: token
        )
        #expect(served == 404)
    }

    @Test func unreadableFaultFileIsAClearError() async throws {
        let output = try await CLIRunner().run(["emulator", "--port", "0", "--faults", "/nonexistent/faults.json"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("--faults: cannot read /nonexistent/faults.json"))
    }

    /// The banner prints the control token (here the one given with --control-token); the control API refuses
    /// requests without it, and a state change made with it is in the state file, mode 0600, after Ctrl-C.
    @Test func controlTokenGuardsTheControlAPIAndStateIsPrivateAfterCtrlC() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cspctl-emu-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let state = directory.appendingPathComponent("state.json")
        let secret = "test-control-token-0123456789abcdef"
        let server = try EmulatorProcess(arguments: [
            "emulator", "--port", "0", "--state", state.path, "--control-token", secret,
        ])
        defer { server.stop() }
        let banner = try await server.waitForBanner()
        #expect(banner.contains("X-Emulator-Control-Token: \(secret)"))

        #expect(try await Self.control(server.baseURL + "/_emulator/state", token: nil) == 401)
        #expect(try await Self.control(server.baseURL + "/_emulator/state", token: "not-the-token") == 401)
        #expect(try await Self.control(server.baseURL + "/_emulator/state", token: secret) == 200)
        let advanced = try await Self.control(
            server.baseURL + "/_emulator/clock/advance",
            token: secret,
            body: #"{"seconds": 60}"#
        )
        #expect(advanced == 200)
        let refused = try await Self.control(
            server.baseURL + "/_emulator/clock/advance",
            token: secret,
            body: #"{"seconds": 1e308}"#
        )
        #expect(refused == 400)
        server.stop()

        let attributes = try FileManager.default.attributesOfItem(atPath: state.path)
        #expect((attributes[.posixPermissions] as? Int ?? 0) & 0o777 == 0o600)
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: state)) as? [String: Any]
        #expect(saved?["clockOffset"] as? Double == 60)
    }

    /// A --state file that cannot be written stops the emulator at start with a clear error (before, it started
    /// and every change then failed with 500). Running as root, /proc is what cannot be written.
    @Test func unwritableStateFileIsRefusedAtStart() async throws {
        let cli = CLIRunner(timeout: .seconds(20))
        let output = try await cli.run(["emulator", "--port", "0", "--state", "/proc/cspctl-emulator-state.json"])
        #expect(!output.timedOut)
        #expect(output.status != 0)
        #expect(output.stderr.contains("cannot write the state file /proc/cspctl-emulator-state.json"))
    }

    /// The same for the emulator `--emulator` embeds: the command says what is wrong with the state file instead
    /// of blaming the token endpoint.
    @Test func unwritableEmbeddedStateFileIsNamed() async throws {
        let manifest = CLIRunner.packageRoot.appendingPathComponent("examples/quickstart").path
        let cli = CLIRunner(timeout: .seconds(30))
        let output = try await cli.run([
            "plan", manifest, "--emulator", "--emulator-state", "/proc/cspctl-embedded-state.json",
        ])
        #expect(output.status != 0)
        #expect(output.stderr.contains("cannot write the state file /proc/cspctl-embedded-state.json"))
        #expect(!output.stderr.contains("refused the client secret"))
    }

    /// A fault rule whose route the linear-time matcher cannot take is refused at start, with the reason.
    @Test func unsafeFaultRouteIsRefusedAtStart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cspctl-emu-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let faults = directory.appendingPathComponent("faults.json")
        try Data(#"{"faults": [{"route": "^/v1/customers/(a)\\1$", "error500Rate": 1}]}"#.utf8).write(to: faults)
        let output = try await CLIRunner(timeout: .seconds(20)).run([
            "emulator", "--port", "0", "--faults", faults.path,
        ])
        #expect(!output.timedOut)
        #expect(output.status != 0)
        #expect(output.stderr.contains("backreferences are not supported"))
    }

    /// Sends a control API request (GET, or POST with `body`) with `token` in X-Emulator-Control-Token.
    static func control(_ url: String, token: String?, body: String? = nil) async throws -> Int {
        var request = URLRequest(url: try #require(URL(string: url)))
        if let token { request.setValue(token, forHTTPHeaderField: "X-Emulator-Control-Token") }
        if let body {
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
        }
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? -1
    }

    static func token(baseURL: String) async throws -> String {
        var request = URLRequest(url: try #require(URL(string: "\(baseURL)/login/\(tenant)/oauth2/v2.0/token")))
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        let scope = "https%3A%2F%2Fapi.partnercenter.microsoft.com%2F.default"
        request.httpBody = Data(
            "grant_type=client_credentials&client_id=\(clientID)&client_secret=\(clientSecret)&scope=\(scope)".utf8
        )
        let (data, _) = try await URLSession.shared.data(for: request)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return try #require(object?["access_token"] as? String)
    }

    static func get(_ url: String, token: String) async throws -> Int {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? -1
    }
}

/// A `cspctl emulator` child process, stopped with SIGINT like Ctrl-C.
final class EmulatorProcess: @unchecked Sendable {
    private let process = Process()
    private let output = Pipe()
    private(set) var baseURL = ""

    init(arguments: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: CLIRunner.defaultBinary.path) else {
            throw CLIRunner.MissingBinary(path: CLIRunner.defaultBinary.path)
        }
        process.executableURL = CLIRunner.defaultBinary
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Reads stdout until the banner's closing line, within 30 seconds; remembers the base URL it names. The
    /// blocking reads run on a GCD thread: blocking Swift's cooperative pool starves the in-process emulators of
    /// the tests running beside this one.
    func waitForBanner() async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try self.readBanner() })
            }
        }
    }

    private func readBanner() throws -> String {
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while !text.contains("Press Ctrl-C to stop."), Date() < deadline, process.isRunning {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let match = text.firstMatch(of: /listening on (http:\/\/127\.0\.0\.1:\d+)/) else {
            throw BannerMissing(text: text)
        }
        baseURL = String(match.1)
        return text
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGINT)
            process.waitUntilExit()
        }
    }

    struct BannerMissing: Error, CustomStringConvertible {
        var text: String
        var description: String { "cspctl emulator printed no banner: \(text)" }
    }
}
