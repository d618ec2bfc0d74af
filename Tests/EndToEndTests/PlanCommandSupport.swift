import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport

/// Shared by the plan, show and drift end-to-end tests: temporary folders, an emulator state with customers
/// created through the emulator's own HTTP API, and the manifest that describes such a customer exactly.
enum PlanFixtures {
    static let root = CLIRunner.packageRoot
    static let examples = ["examples/quickstart", "examples/lifecycle", "examples/gitops"]

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cspctl-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func write(_ text: String, to url: URL) throws {
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// A customer exactly as `createCustomer` creates it: nothing to change.
    static func inSyncManifest(_ domain: String) -> String {
        """
        apiVersion: cspctl/v1
        customers:
          - domain: \(domain)
            companyName: Company \(domain)
        \(ManifestYAML.billing(email: "billing@\(domain)", indent: 4))

        """
    }

    /// An emulator state file holding one customer, created over HTTP by an emulator that then stops.
    static func stateWithCustomer(_ domain: String, in folder: URL) async throws -> URL {
        let state = folder.appendingPathComponent("emulator.json")
        var configuration = EmulatorHarness.testConfiguration()
        configuration.stateFile = state.path
        _ = try await EmulatorHarness.with(configuration) { harness in
            try await harness.createCustomer(domain)
        }
        return state
    }

    /// The development partner's app-only credentials in the environment cspctl reads (plus App+User).
    static let developmentEnvironment = [
        "AZURE_TENANT_ID": DevelopmentPartner.tenantId,
        "AZURE_CLIENT_ID": DevelopmentPartner.clientId,
        "AZURE_CLIENT_SECRET": DevelopmentPartner.clientSecret,
        "CSPCTL_REFRESH_TOKEN": DevelopmentPartner.refreshToken,
    ]

    static func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }
}
