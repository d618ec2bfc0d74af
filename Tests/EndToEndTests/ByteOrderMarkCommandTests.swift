import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// The built binary against an emulator that starts every body with a UTF-8 byte-order mark, as the real service
/// does (issue 11, client item 1): reads, writes, error bodies and the token endpoint.
@Suite(.tags(.endToEnd)) struct ByteOrderMarkCommandTests {
    let cli: CLIRunner = {
        var runner = CLIRunner()
        runner.environment = PlanFixtures.developmentEnvironment
        runner.timeout = .seconds(300)
        return runner
    }()

    static var marked: EmulatorConfiguration {
        var configuration = EmulatorHarness.testConfiguration()
        configuration.faults = [FaultRule(route: "^/(v1|graph|login)/", byteOrderMark: true)]
        return configuration
    }

    static let mark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Apply creates a customer with every kind of change (customer, billing, budget, agreement, purchase, GDAP)
    /// and reports each as applied and verified; the plan after it reads them all back and has nothing to do.
    @Test func applyAndPlanReadEveryMarkedBody() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(ApplyFixtures.manifest(customers: 1, prefix: "bom"), to: manifest)
        let credentials = folder.appendingPathComponent("admins.jsonl")
        try await EmulatorHarness.with(Self.marked) { harness in
            // The switch is on: the token endpoint and Partner Center really send the mark.
            let token = try await harness.tokenRequest(form: [
                ("grant_type", "client_credentials"), ("client_id", DevelopmentPartner.clientId),
                ("client_secret", DevelopmentPartner.clientSecret),
                ("scope", "https://api.partnercenter.microsoft.com/.default"),
            ])
            #expect(token.status == 200)
            #expect(Array(token.body.prefix(3)) == Self.mark)

            let endpoint = ["--endpoint", harness.baseURL]
            let apply = try await cli.run(
                [
                    "apply", manifest.path, "--auto-approve", "--credentials-out", credentials.path, "--state-dir",
                    folder.path,
                ] + endpoint
            )
            #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
            #expect(apply.stdout.contains("0 failed, 0 skipped"), "\(apply.stdout)")
            #expect(!apply.stdout.contains("invalid JSON"), "\(apply.stdout)")

            let again = try await cli.run(["plan", manifest.path, "--format", "json"] + endpoint)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try ApplyFixtures.workActions(again.stdout) == [], "\(again.stdout)")
            let unknowns = try PlanFixtures.json(again.stdout)["unknowns"] as? [Any]
            #expect(unknowns?.isEmpty == true, "every read was understood: \(again.stdout)")
        }
    }

    /// Error bodies with a mark are read: the token endpoint's refusal (a wrong secret) names its OAuth code, and
    /// Partner Center's 401 (a token it does not know) its error code and message.
    @Test func markedErrorBodiesAreRead() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(ApplyFixtures.manifest(customers: 1, prefix: "bomerr"), to: manifest)
        try await EmulatorHarness.with(Self.marked) { harness in
            let endpoint = ["--endpoint", harness.baseURL]
            var wrongSecret = cli
            wrongSecret.environment["AZURE_CLIENT_SECRET"] = "not-the-development-secret"
            let refused = try await wrongSecret.run(["plan", manifest.path] + endpoint)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("the token endpoint refused the client secret"), "\(refused.stderr)")
            #expect(refused.stderr.contains("error invalid_client"), "\(refused.stderr)")

            var unknownToken = cli
            unknownToken.environment = ["CSPCTL_ACCESS_TOKEN": "a-token-the-emulator-never-issued"]
            let unauthorized = try await unknownToken.run(["plan", manifest.path] + endpoint)
            #expect(unauthorized.status == 1)
            let output = unauthorized.stdout + unauthorized.stderr
            #expect(output.contains("HTTP 401, error "), "the 401 body's code was read: \(output)")
            #expect(!output.contains("invalid JSON"), "\(output)")
        }
    }
}
