import Foundation
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// Issue 15 item 3, through the built binary: a customer that exists is declared by its domain alone (plus what the
/// partner wants to manage); billing is needed only to create one, and the plan, not validate, says so.
@Suite(.tags(.endToEnd)) struct AdoptExistingCustomerTests {
    let cli = CLIRunner()

    static let manifest = """
        apiVersion: cspctl/v1
        defaults:
          billing: { culture: fr-FR, language: fr }
        customers:
          - domain: adopted.onmicrosoft.com
            spendingBudget: 250
          - domain: missing.onmicrosoft.com

        """

    @Test func domainAloneValidatesAndPlansOnlyWhatItDeclares() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = try await PlanFixtures.stateWithCustomer("adopted.onmicrosoft.com", in: folder)
        let manifest = folder.appendingPathComponent("adopt.yaml")
        try PlanFixtures.write(Self.manifest, to: manifest)

        let validate = try await cli.run(["validate", manifest.path])
        #expect(validate.status == 0, "\(validate.stdout)\n\(validate.stderr)")

        let output = try await cli.run([
            "plan", manifest.path, "--emulator", "--emulator-state", state.path, "--format", "json",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let plan = try PlanFixtures.json(output.stdout)
        let changes = plan["changes"] as? [[String: Any]] ?? []
        let addresses = changes.compactMap { $0["address"] as? String }
        // The existing customer: its budget is managed; its billing profile (en-US live, fr-FR in defaults.billing,
        // which completes only a customer's own billing block) and company name are not.
        #expect(addresses.contains("customer[adopted.onmicrosoft.com]/budget"))
        #expect(!addresses.contains("customer[adopted.onmicrosoft.com]/billing"))
        #expect(!addresses.contains("customer[adopted.onmicrosoft.com]"))

        let missing = changes.first { $0["address"] as? String == "customer[missing.onmicrosoft.com]" }
        #expect(missing?["action"] as? String == "blocked")
        #expect((missing?["reasons"] as? [String])?.contains("create_fields_missing") == true)
        let message = (missing?["messages"] as? [String])?.first ?? ""
        #expect(message.contains("companyName, billing.email"), "\(message)")
        #expect(message.contains("adopt.yaml:7:"), "the customer's file and line: \(message)")
    }
}
