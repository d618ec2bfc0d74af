import Foundation
import PartnerCenterManifest
import PartnerCenterModel
import PartnerCenterTestSupport
import Testing

/// `defaults` merge under each customer key by key, at every level.
@Suite(.tags(.unit)) struct DefaultsMergeTests {
    static let defaults = """
        apiVersion: cspctl/v1
        defaults:
          billing: { culture: en-US, language: en }
          spendingBudget: 100
          gdap:
            name: "{customer}-msp"
            duration: P1Y
            autoExtend: P180D
            roles: [Global Reader, Helpdesk Administrator]
            assignments:
              - group: 5e4f2f7c-1b0a-4e5e-9d53-2b1f6f1d0c11
                roles: [Helpdesk Administrator]
          subscriptions: { termDuration: P1Y, billingCycle: annual, autoRenew: false }

        """

    static func customer(_ body: String) -> String {
        """
        apiVersion: cspctl/v1
        customers:
          - domain: contoso.onmicrosoft.com
            companyName: Contoso
            billing:
              email: ap@contoso.com
              address: { addressLine1: 1 Main St, city: Redmond, country: US }
        \(body)
        """
    }

    func load(_ body: String) throws -> DesiredCustomer {
        let result = ManifestLoader().load(sources: [
            ManifestSource(path: "defaults.yaml", text: Self.defaults),
            ManifestSource(path: "contoso.yaml", text: Self.customer(body)),
        ])
        #expect(!result.hasErrors, "\(ManifestFixtures.text(result))")
        return try #require(result.state?.customers.first)
    }

    @Test func customerRolesReplaceDefaultRolesButKeepDuration() throws {
        let customer = try load(
            """
                gdap:
                  roles: [Global Reader, Helpdesk Administrator, User Administrator]
            """
        )
        #expect(
            customer.gdap?.roles.map(\.name).sorted() == [
                "Global Reader", "Helpdesk Administrator", "User Administrator",
            ]
        )
        #expect(customer.gdap?.duration == "P365D")
        #expect(customer.gdap?.autoExtendDuration == "P180D")
        #expect(customer.gdap?.displayName == "contoso-msp")
        #expect(customer.gdap?.assignments.count == 1)
        #expect(customer.locations["gdap.roles"]?.file == "contoso.yaml")
        #expect(customer.locations["gdap.duration"]?.file == "defaults.yaml")
    }

    @Test func billingCultureKeptWhenCustomerGivesEmail() throws {
        let customer = try load("")
        #expect(customer.billing?.email == "ap@contoso.com")
        #expect(customer.billing?.culture == "en-US")
        #expect(customer.billing?.language == "en")
        #expect(customer.spendingBudget == 100)
        #expect(customer.locations["billing.culture"]?.file == "defaults.yaml")
    }

    @Test func subscriptionsInheritTermBillingAndAutoRenew() throws {
        let customer = try load(
            """
                subscriptions:
                  - nickname: basic
                    offer: CFQ7TTC0LH18:0001
                    quantity: 3
                  - nickname: monthly
                    offer: CFQ7TTC0LH18:0001
                    quantity: 1
                    termDuration: P1M
                    billingCycle: monthly
                    autoRenew: true
            """
        )
        let basic = try #require(customer.subscriptions.first { $0.nickname == "basic" })
        #expect(basic.termDuration == "P1Y")
        #expect(basic.billingCycle == .annual)
        #expect(basic.autoRenew == false)
        let monthly = try #require(customer.subscriptions.first { $0.nickname == "monthly" })
        #expect(monthly.termDuration == "P1M")
        #expect(monthly.billingCycle == .monthly)
        #expect(monthly.autoRenew == true)
    }

    @Test func gdapDisabledPerCustomer() throws {
        let customer = try load("    gdap: { enabled: false }")
        #expect(customer.gdap == nil)
    }

    @Test func digestChangesWithContent() {
        func digest(_ body: String) -> String? {
            ManifestLoader().load(sources: [
                ManifestSource(path: "defaults.yaml", text: Self.defaults),
                ManifestSource(path: "a.yaml", text: Self.customer(body)),
            ]).state?.manifestDigest
        }
        #expect(digest("")?.count == 64)
        #expect(digest("") != digest("    spendingBudget: 5"))
        #expect(digest("") == digest(""))
    }
}
