import Foundation
import PartnerCenterManifest
import PartnerCenterModel
import PartnerCenterTestSupport
import Testing

/// `reseller` (customer and `defaults`) and `partnerOfRecord` (subscription), issue 17 item 1.
@Suite(.tags(.unit)) struct ResellerManifestTests {
    static func manifest(defaults: String = "", reseller: String = "", partner: String = "") -> String {
        """
        apiVersion: cspctl/v1
        defaults:
          subscriptions: { termDuration: P1Y, billingCycle: monthly }
        \(defaults)
        customers:
          - domain: one.onmicrosoft.com
        \(reseller)
            subscriptions:
              - nickname: basic
                offer: CFQ7TTC0LH18:0001
                quantity: 1
        \(partner)
              - nickname: premium
                offer: CFQ7TTC0LCHC:0002
                quantity: 1
          - domain: two.onmicrosoft.com

        """
    }

    static func load(_ text: String) -> ManifestLoadResult {
        ManifestLoader().load(sources: [ManifestSource(path: "tree.yaml", text: text)])
    }

    @Test func defaultsResellerIsEveryCustomersAndEverySubscriptionsPartnerOfRecord() throws {
        let result = Self.load(Self.manifest(defaults: "  reseller: \"5357564\""))
        #expect(!result.hasErrors, "\(ManifestFixtures.text(result))")
        let customers = try #require(result.state?.customers)
        #expect(customers.map(\.reseller) == ["5357564", "5357564"])
        #expect(customers[0].subscriptions.map(\.partnerOfRecord) == ["5357564", "5357564"])
        #expect(customers[0].locations["reseller"]?.line == 4)
    }

    @Test func customerResellerAndSubscriptionPartnerOverrideTheDefault() throws {
        let tenant = "6e1d3f0a-8b2c-4d5e-9f60-7a8b9c0d1e21"
        let result = Self.load(
            Self.manifest(
                defaults: "  reseller: \"5357564\"",
                reseller: "    reseller: \(tenant)",
                partner: "        partnerOfRecord: \"873452\""
            )
        )
        #expect(!result.hasErrors, "\(ManifestFixtures.text(result))")
        let customers = try #require(result.state?.customers)
        #expect(customers.map(\.reseller) == [tenant, "5357564"])
        #expect(customers[0].subscriptions.map(\.partnerOfRecord) == ["873452", tenant])
    }

    @Test(arguments: [
        ("  reseller: \"12ab\"", "", "", "tree.yaml:4:13"),
        ("", "    reseller: \"1234\"", "", "tree.yaml:7:15"),
        ("", "", "        partnerOfRecord: not-a-guid", "tree.yaml:12:26"),
    ])
    func malformedIdsAreLocatedErrors(defaults: String, reseller: String, partner: String, at place: String) {
        let result = Self.load(Self.manifest(defaults: defaults, reseller: reseller, partner: partner))
        let text = ManifestFixtures.text(result)
        #expect(result.hasErrors)
        #expect(text.contains("\(place): error:"), "\(text)")
        #expect(text.contains("MPN id"), "\(text)")
    }

    @Test func additionalPartnersOfRecordAreMPNIdsAndAtMostFive() throws {
        let five =
            "        additionalPartnersOfRecord: [\"517285\", \"5357563\", \"6121212\", \"1000001\", \"1000002\"]"
        let valid = Self.load(Self.manifest(defaults: "  reseller: \"5357564\"", partner: five))
        #expect(!valid.hasErrors, "\(ManifestFixtures.text(valid))")
        let subscription = try #require(valid.state?.customers.first?.subscriptions.first)
        #expect(subscription.additionalPartnersOfRecord.count == 5)
        let six = String(five.dropLast()) + ", \"1000003\"]"
        #expect(ManifestFixtures.text(Self.load(Self.manifest(partner: six))).contains("at most 5"))
        let tenant = "        additionalPartnersOfRecord: [6e1d3f0a-8b2c-4d5e-9f60-7a8b9c0d1e21]"
        #expect(ManifestFixtures.text(Self.load(Self.manifest(partner: tenant))).contains("tree.yaml:12:38: error:"))
    }

    @Test func anUnknownKeyNextToResellerGetsASuggestion() {
        let result = Self.load(Self.manifest(reseller: "    resseller: \"5357564\""))
        #expect(ManifestFixtures.text(result).contains("reseller"))
        #expect(result.hasErrors)
    }
}
