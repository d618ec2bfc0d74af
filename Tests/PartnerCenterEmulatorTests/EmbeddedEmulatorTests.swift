import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// The emulator as `cspctl … --emulator` embeds it (`EmbeddedEmulator`) and as `cspctl emulator` configures it
/// (`StandaloneEmulator`).
@Suite(.tags(.loopback)) struct EmbeddedEmulatorTests {
    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("cspctl-embedded-\(UUID().uuidString)")
    }

    /// First use creates the state file's folders and writes the seeded state at once; the identity a plan
    /// records is the state file, not the port; the server answers on its base URL; a second start reads the file.
    @Test func firstUseCreatesAndSeedsTheStateFile() async throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("nested/state.json").path
        let emulator = try await EmbeddedEmulator.start(stateFile: state)
        #expect(FileManager.default.fileExists(atPath: state), "written before any request")
        #expect(emulator.identity == "emulator:\(state)")
        #expect(emulator.baseURL.host == "127.0.0.1")
        let answer = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: emulator.baseURL.absoluteString + "/v1/customers"),
            timeout: .seconds(10)
        )
        #expect(answer.status == .unauthorized, "it answers, and wants a token")
        let clock = await emulator.now()
        #expect(abs(clock.timeIntervalSinceNow) < 3600, "the wall clock, as `cspctl emulator` runs")
        await emulator.shutdown()

        let again = try await EmbeddedEmulator.start(stateFile: state)
        #expect(again.identity == emulator.identity)
        await again.shutdown()
    }

    @Test func anUnusableStateFolderIsAnEmbeddingError() async throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let blocker = folder.appendingPathComponent("file")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data().write(to: blocker)
        await #expect(throws: EmbeddingError.self) {
            _ = try await EmbeddedEmulator.start(stateFile: blocker.appendingPathComponent("state.json").path)
        }
    }

    /// Options → configuration: the control token from the environment when none is given (and checked), budgets
    /// scaled (at least 1 a minute), fault rules from the file followed by the catch-all latency rule.
    @Test func standaloneOptionsMakeTheConfiguration() throws {
        let folder = Self.temporaryFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let faults = folder.appendingPathComponent("faults.json")
        try Data(#"{"faults": [{"route": "^/v1/customers$", "error503Rate": 1}]}"#.utf8).write(to: faults)
        let token = String(repeating: "a", count: 40)
        var options = StandaloneEmulatorOptions(rateScale: 0.001, latency: 5, faultsFile: faults.path)
        let configuration = try StandaloneEmulator.configuration(
            options,
            environment: ["CSPCTL_EMULATOR_CONTROL_TOKEN": token]
        )
        #expect(configuration.controlToken == token)
        #expect(configuration.rateLimits.perMinute.values.allSatisfy { $0 == 1 })
        #expect(configuration.faults.map(\.route) == ["^/v1/customers$", ".*"])
        #expect(configuration.initialTime == nil)

        #expect(throws: StandaloneEmulatorError.self) {
            _ = try StandaloneEmulator.configuration(options, environment: ["CSPCTL_EMULATOR_CONTROL_TOKEN": "short"])
        }
        options.faultsFile = folder.appendingPathComponent("missing.json").path
        do {
            _ = try StandaloneEmulator.configuration(options, environment: [:])
            Issue.record("a missing faults file was accepted")
        } catch let error as StandaloneEmulatorError {
            #expect(error.message.hasPrefix("--faults: cannot read"), "\(error)")
        }
    }
}
