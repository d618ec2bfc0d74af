import Foundation
package import PartnerCenterModel

/// What `cspctl export` read of one customer: everything its manifest file is made from, and one line of the
/// `--resume` journal. Amounts are kept as the service wrote them (text), so a resumed export writes the same bytes.
package struct ExportRecord: Sendable, Hashable, Codable {
    package var domain: String
    package var tenantId: String
    /// From the customer list (not personal data); written only with the billing profile.
    package var organizationRegistrationNumber: String?
    /// Read only with `--with-billing`.
    package var billing: Observed<LiveBillingProfile>?
    package var spendingBudget: Observed<String?>
    package var agreement: Observed<LiveAgreement?>
    package var subscriptions: Observed<[ExportedSubscription]>
    package var relationships: Observed<[LiveRelationship]>

    package init(
        domain: String,
        tenantId: String,
        organizationRegistrationNumber: String? = nil,
        billing: Observed<LiveBillingProfile>? = nil,
        spendingBudget: Observed<String?> = .known(nil),
        agreement: Observed<LiveAgreement?> = .known(nil),
        subscriptions: Observed<[ExportedSubscription]> = .known([]),
        relationships: Observed<[LiveRelationship]> = .known([])
    ) {
        self.domain = domain
        self.tenantId = tenantId
        self.organizationRegistrationNumber = organizationRegistrationNumber
        self.billing = billing
        self.spendingBudget = spendingBudget
        self.agreement = agreement
        self.subscriptions = subscriptions
        self.relationships = relationships
    }

    /// Whether some read failed (the record is read again on `--resume`).
    package var isComplete: Bool {
        var unknown = [spendingBudget.isUnknown, subscriptions.isUnknown, relationships.isUnknown]
        if let billing { unknown.append(billing.isUnknown) }
        if case .unknown = agreement, agreementWasReadable { unknown.append(true) }
        return !unknown.contains(true)
    }

    /// The agreement read needs App+User credentials; without them it is unknown by design, not by failure.
    package var agreementWasReadable: Bool {
        if case .unknown(let read) = agreement { return !read.reason.contains("needs App+User credentials") }
        return true
    }
}

/// A live subscription as the export sees it: whether it is an add-on (it has a parent subscription).
package struct ExportedSubscription: Sendable, Hashable, Codable {
    package var live: LiveSubscription
    package var isAddon: Bool

    package init(live: LiveSubscription, isAddon: Bool = false) {
        self.live = live
        self.isAddon = isAddon
    }
}

extension Observed {
    var isUnknown: Bool {
        if case .unknown = self { return true }
        return false
    }
}
