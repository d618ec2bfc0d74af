import Foundation
import PartnerCenterManifest
import PartnerCenterModel
import PartnerCenterTestSupport
import Testing

/// Valid fixtures and every example load without a diagnostic, into the state the manifests describe.
@Suite(.tags(.unit)) struct ValidManifestTests {
    static let validFiles = ManifestFixtures.yamlFiles(in: ManifestFixtures.fixtures.appendingPathComponent("valid"))
        .map(\.lastPathComponent)
    static let exampleFolders = ["quickstart", "gitops", "lifecycle"]

    @Test(arguments: validFiles)
    func validFixtureLoads(name: String) {
        let result = ManifestFixtures.load(relative: "valid/\(name)")
        #expect(result.diagnostics.isEmpty, "\(ManifestFixtures.text(result))")
        #expect(result.state != nil)
    }

    @Test(arguments: exampleFolders)
    func exampleLoads(folder: String) {
        let path = ManifestFixtures.examples.appendingPathComponent(folder).path
        let result = ManifestLoader().load(paths: [path])
        #expect(result.diagnostics.isEmpty, "\(ManifestFixtures.text(result))")
        #expect((result.state?.customers.count ?? 0) >= 2)
    }

    @Test func gitopsTreeMergesDefaultsPerCustomer() throws {
        let path = ManifestFixtures.examples.appendingPathComponent("gitops").path
        let state = try #require(ManifestLoader().load(paths: [path]).state)
        #expect(state.files.count == 4)
        #expect(state.files.first?.hasSuffix("customers/adatum.onmicrosoft.com.yaml") == true)
        let adatum = try #require(state.customer(domain: "adatum.onmicrosoft.com"))
        #expect(adatum.billing?.culture == "en-US")
        #expect(adatum.gdap?.displayName == "adatum managed by Northwind MSP")
        #expect(adatum.gdap?.duration == "P365D")
        #expect(adatum.gdap?.autoExtendDuration == "P180D")
        #expect(adatum.subscriptions.map(\.nickname) == ["business-standard", "m365-basic"])
        #expect(adatum.subscriptions.allSatisfy { $0.termDuration == "P1Y" && $0.billingCycle == .monthly })
        let litware = try #require(state.customer(domain: "litware.onmicrosoft.com"))
        #expect(litware.gdap?.autoExtendDuration == "PT0S")
        #expect(litware.gdap?.roles.count == 3)
        #expect(litware.billing?.culture == "de-DE")
        #expect(litware.subscriptions.first?.billingCycle == .annual)
        #expect(litware.subscriptions.first?.termDuration == "P1Y")
        let tailspin = try #require(state.customer(domain: "tailspin.onmicrosoft.com"))
        #expect(tailspin.gdap == nil)
        #expect(state.manifestDigest.count == 64)
    }

    @Test func lifecycleExampleKeepsTombstonesRenamesAndIgnores() throws {
        let path = ManifestFixtures.examples.appendingPathComponent("lifecycle").path
        let state = try #require(ManifestLoader().load(paths: [path]).state)
        #expect(state.customer(domain: "oldcustomer.onmicrosoft.com")?.state == .absent)
        let northwind = try #require(state.customer(domain: "northwindtraders.onmicrosoft.com"))
        let renamed = try #require(northwind.subscriptions.first { $0.nickname == "m365-basic-staff" })
        #expect(renamed.renamedFrom == "m365-basic")
        #expect(renamed.offer == OfferID(productId: "CFQ7TTC0LH18", skuId: "0001"))
        #expect(northwind.subscriptions.first { $0.nickname == "m365-premium-pilot" }?.state == .absent)
        #expect(state.ignores.count == 2)
        #expect(state.ignores.first?.until == CalendarDate(year: 2027, month: 6, day: 30))
        #expect(state.ignores.last?.until == nil)
    }
}
