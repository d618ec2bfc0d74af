import Foundation
import PartnerCenterModel
import PartnerCenterTestSupport
import Testing

@testable import PartnerCenterReconcile

/// What export writes of the indirect model (issue 17 item 3) for attributions the binary test's emulator estate
/// does not hold: a shared reseller goes to defaults, and what the planner would block (an inactive or unlisted
/// reseller, a subscription with no partner of record under a reseller) is left out with its reason.
@Suite(.tags(.unit)) struct ExportResellerTests {
    static let active = LiveIndirectReseller(
        tenantId: "A0000000-0000-0000-0000-000000000001",
        mpnId: "5357564",
        name: "Fabrikam",
        state: "active"
    )
    static let inactive = LiveIndirectReseller(
        tenantId: "a0000000-0000-0000-0000-000000000002",
        mpnId: "873452",
        name: "Tailspin",
        state: "suspended"
    )

    static func record(_ domain: String, tenant: String, partners: [String?]) -> ExportRecord {
        let subscriptions = partners.enumerated().map { index, partner in
            var live = LiveSubscription(
                id: "s\(index)",
                offerId: "CFQ7TTC0LH18:0001:0001",
                friendlyName: "sub\(index)",
                quantity: 1
            )
            live.partnerId = partner
            return ExportedSubscription(live: live)
        }
        return ExportRecord(domain: domain, tenantId: tenant, subscriptions: .known(subscriptions))
    }

    static func files(_ records: [ExportRecord], associated: [String: String?]) -> [String: String] {
        let resellers = ExportResellers(
            list: .known([active, inactive]),
            associated: associated.mapValues { Observed<String?>.known($0) }
        )
        let files = ExportComposer(withBilling: false).compose(records, resellers: resellers)
        return Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) })
    }

    @Test func aResellerEveryCustomerSharesGoesToDefaultsAndOnlyADifferentPartnerIsWritten() {
        let files = Self.files(
            [
                Self.record("one.onmicrosoft.com", tenant: "t1", partners: ["5357564", "873452"]),
                Self.record("two.onmicrosoft.com", tenant: "t2", partners: ["5357564"]),
            ],
            associated: ["t1": Self.active.tenantId, "t2": Self.active.tenantId]
        )
        #expect(files["defaults.yaml"]?.contains("  reseller: \"5357564\"\n") == true)
        let one = files["customers/one.onmicrosoft.com.yaml"] ?? ""
        #expect(!one.contains("reseller:"), "\(one)")
        #expect(one.contains("partnerOfRecord: \"873452\"\n"), "\(one)")
        #expect(one.components(separatedBy: "partnerOfRecord").count == 2, "only the one that differs: \(one)")
    }

    @Test func whatThePlannerWouldBlockIsLeftOutWithItsReason() {
        let files = Self.files(
            [
                Self.record("direct.onmicrosoft.com", tenant: "t0", partners: [nil]),
                Self.record("gone.onmicrosoft.com", tenant: "t1", partners: []),
                Self.record("inactive.onmicrosoft.com", tenant: "t2", partners: []),
                Self.record("sold.onmicrosoft.com", tenant: "t3", partners: [nil, "5357564"]),
            ],
            associated: [
                "t0": nil, "t1": "b0000000-0000-0000-0000-000000000009", "t2": Self.inactive.tenantId,
                "t3": Self.active.tenantId,
            ]
        )
        #expect(!(files["defaults.yaml"] ?? "").contains("reseller"))
        #expect(!(files["customers/direct.onmicrosoft.com.yaml"] ?? "").contains("reseller"))
        let gone = files["customers/gone.onmicrosoft.com.yaml"] ?? ""
        #expect(gone.contains("not one of the provider's indirect resellers") && !gone.contains("reseller:"))
        let inactive = files["customers/inactive.onmicrosoft.com.yaml"] ?? ""
        #expect(inactive.contains("\"suspended\", not active") && !inactive.contains("reseller:"), "\(inactive)")
        let sold = files["customers/sold.onmicrosoft.com.yaml"] ?? ""
        #expect(sold.contains("reseller: \"5357564\"\n"), "\(sold)")
        #expect(sold.contains("bought with no partner of record"), "\(sold)")
        #expect(sold.contains("nickname: sub1") && !sold.contains("nickname: sub0"), "\(sold)")
    }
}
