import Foundation
import PartnerCenterTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `cspctl emulator --seed-estate N` as a user runs it: the estate is seeded at start and said so, kept in the
/// state file across a restart (not seeded twice), and bad values are usage errors.
@Suite(.tags(.endToEnd)) struct SeedEstateCommandTests {
    /// `totalCount` of the first page of `GET /v1/customers`.
    static func customerCount(_ baseURL: String) async throws -> Int {
        let token = try await EmulatorCommandTests.token(baseURL: baseURL)
        var request = URLRequest(url: try #require(URL(string: baseURL + "/v1/customers?size=500")))
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: request)
        let page = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return try #require(page?["totalCount"] as? Int)
    }

    @Test func seedsAtStartAndKeepsTheStateFileOnRestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cspctl-estate-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = [
            "emulator", "--port", "0", "--seed-estate", "25", "--seed", "9",
            "--state", directory.appendingPathComponent("state.json").path,
        ]
        let first = try EmulatorProcess(arguments: arguments)
        let seeded = try await first.waitForBanner()
        #expect(seeded.contains("Seeded an estate of 25 customers"), "\(seeded)")
        #expect(try await Self.customerCount(first.baseURL) == 25)
        first.stop()

        let second = try EmulatorProcess(arguments: arguments)
        defer { second.stop() }
        let kept = try await second.waitForBanner()
        #expect(kept.contains("Estate not seeded: the state already holds customers"), "\(kept)")
        #expect(try await Self.customerCount(second.baseURL) == 25)
    }

    @Test(arguments: [["--seed-estate", "0"], ["--seed-estate", "100001"], ["--seed-estate", "5", "--sandbox"]])
    func badEstatesAreUsageErrors(_ flags: [String]) async throws {
        let result = try await CLIRunner().run(["emulator", "--port", "0"] + flags)
        #expect(result.status == 64, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("--seed-estate: "), "\(result.stderr)")
    }
}
