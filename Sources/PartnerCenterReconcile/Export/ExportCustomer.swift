import Foundation
import PartnerCenterModel

/// One customer as the export declares it, before `defaults` are taken out: what the manifest can express exactly
/// as it is live, and a line for everything left out, saying why.
struct ExportCustomer: Sendable {
    var domain: String
    var tenantId: String
    var companyName: String?
    var organizationRegistrationNumber: String?
    var billing: Billing?
    var spendingBudget: String?
    var gdap: ExportedGDAP?
    /// The relationships could not be read: the file turns GDAP off for it, so `defaults.gdap` creates nothing.
    var gdapUnknown = false
    var subscriptions: [Subscription] = []
    /// The indirect reseller's MPN id, when the customer is associated with an active reseller of the provider.
    var reseller: String?
    var leftOut: [String] = []
    var unknown: [String] = []

    struct Billing: Sendable {
        var email: String?
        var culture: String?
        var language: String?
        var address: [(key: String, value: String)] = []
    }

    struct Subscription: Sendable {
        var nickname: String
        var offer: String
        var quantity: Int
        var settings: Settings
        var suspended: Bool
        /// The partner of record's MPN id, when it differs from the customer's `reseller`.
        var partnerOfRecord: String? = nil
    }

    /// What `defaults.subscriptions` shares.
    struct Settings: Hashable, Sendable, Comparable {
        var termDuration: String
        var billingCycle: String
        var autoRenew: Bool

        static func < (lhs: Settings, rhs: Settings) -> Bool {
            (lhs.termDuration, lhs.billingCycle, lhs.autoRenew ? 1 : 0)
                < (rhs.termDuration, rhs.billingCycle, rhs.autoRenew ? 1 : 0)
        }
    }

    init(_ record: ExportRecord, withBilling: Bool, resellers: ExportResellers = ExportResellers()) {
        domain = record.domain
        tenantId = record.tenantId
        describeReseller(resellers)
        describeBudget(record.spendingBudget)
        describeAgreement(record.agreement)
        switch record.relationships {
        case .known(let relationships):
            let choice = ExportGDAPChoice.choose(relationships, domain: domain)
            gdap = choice.managed
            leftOut += choice.leftOut
        case .unknown(let read):
            gdapUnknown = true
            unknown.append("GDAP relationships: \(read.reason)")
        }
        switch record.subscriptions {
        case .known(let subscriptions): describe(subscriptions)
        case .unknown(let read): unknown.append("subscriptions: \(read.reason)")
        }
        if withBilling {
            describeBilling(record)
        } else {
            leftOut.append("company name and billing profile: personal data, exported only with --with-billing")
        }
    }

    /// `reseller`: the MPN id of the customer's associated reseller (what examples/indirect writes), when the
    /// planner resolves it to an active reseller of the provider; else a line saying why it is left out.
    private mutating func describeReseller(_ resellers: ExportResellers) {
        switch resellers.association(of: tenantId) {
        case .known(nil): break
        case .known(let tenant?):
            guard let found = resellers.reseller(tenant: tenant), Self.isMPNId(found.mpnId) else {
                leftOut.append(
                    "indirect reseller \(YAMLText.quoted(tenant)): not one of the provider's indirect resellers "
                        + "(GET /v1/relationships); a manifest names only those"
                )
                return
            }
            guard found.isActive else {
                leftOut.append(
                    "indirect reseller \(YAMLText.quoted(found.name)) (\(found.mpnId)): its relationship is "
                        + "\(YAMLText.quoted(found.state)), not active; plan would block a manifest that names it"
                )
                return
            }
            reseller = found.mpnId
        case .unknown(let read): unknown.append("indirect reseller: \(read.reason)")
        }
    }

    /// An MPN id as a manifest accepts it: 5 to 10 ASCII digits.
    static func isMPNId(_ id: String) -> Bool {
        (5...10).contains(id.utf8.count) && id.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private mutating func describeBudget(_ budget: Observed<String?>) {
        switch budget {
        case .known(let amount?):
            if amount.hasPrefix("-") {
                leftOut.append("spending budget \(amount): a manifest budget is zero or more")
            } else {
                spendingBudget = amount
            }
        case .known(nil): break
        case .unknown(let read): unknown.append("spending budget: \(read.reason)")
        }
    }

    private mutating func describeAgreement(_ agreement: Observed<LiveAgreement?>) {
        switch agreement {
        case .known(let accepted?):
            let day = accepted.dateAgreed.map { " on \(CalendarDate(utcDayOf: $0))" } ?? ""
            leftOut.append(
                "Microsoft Customer Agreement: accepted\(day); `agreement` declares a contact only to accept it"
            )
        case .known(nil):
            leftOut.append(
                "Microsoft Customer Agreement: not accepted; declare `agreement` before a new-commerce purchase"
            )
        case .unknown(let read):
            leftOut.append("Microsoft Customer Agreement: not read (\(read.reason))")
        }
    }

    private mutating func describe(_ subscriptions: [ExportedSubscription]) {
        let live = subscriptions.filter(\.live.isLive)
        let counts = Dictionary(grouping: live, by: \.live.friendlyName).mapValues(\.count)
        for item in live.sorted(by: { ($0.live.friendlyName, $0.live.id) < ($1.live.friendlyName, $1.live.id) }) {
            let subscription = item.live
            let label =
                "subscription \(YAMLText.quoted(subscription.friendlyName)) (\(subscription.offerId) × "
                + "\(subscription.quantity), \(subscription.status.rawValue), id \(subscription.id))"
            if let why = Self.whyLeftOut(item, sharedName: (counts[subscription.friendlyName] ?? 0) > 1) {
                leftOut.append(label + ": " + why)
                continue
            }
            let partner = subscription.partnerId.flatMap { $0.isEmpty ? nil : $0 }
            if let why = whyPartnerLeftOut(partner) {
                leftOut.append(label + ": " + why)
                continue
            }
            let parts = subscription.offerId.split(separator: ":")
            self.subscriptions.append(
                Subscription(
                    nickname: subscription.friendlyName,
                    offer: "\(parts[0]):\(parts[1])".uppercased(),
                    quantity: subscription.quantity,
                    settings: Settings(
                        termDuration: (subscription.termDuration ?? "").uppercased(),
                        billingCycle: subscription.billingCycle.rawValue,
                        autoRenew: subscription.autoRenewEnabled
                    ),
                    suspended: subscription.status == .suspended,
                    partnerOfRecord: partner == reseller ? nil : partner
                )
            )
        }
    }

    /// Why a subscription's partner of record can't be declared: a manifest takes the customer's reseller for a
    /// subscription that names none, and accepts MPN ids only.
    private func whyPartnerLeftOut(_ partner: String?) -> String? {
        if let partner {
            return Self.isMPNId(partner) ? nil : "its partner of record \(YAMLText.quoted(partner)) is not an MPN id"
        }
        guard let reseller else { return nil }
        return "bought with no partner of record, while a manifest's subscription takes its customer's reseller "
            + "(\(reseller)) as partner of record"
    }

    private static let allowedCycles: [String: [String]] = [
        "P1M": ["monthly"], "P1Y": ["monthly", "annual"], "P3Y": ["monthly", "annual", "triennial"],
    ]

    /// Why a live subscription can't be declared as it is; nil when it can.
    private static func whyLeftOut(_ item: ExportedSubscription, sharedName: Bool) -> String? {
        let subscription = item.live
        if subscription.isTrial { return "a trial, which cspctl does not manage" }
        if item.isAddon { return "an add-on, which the manifest language can't declare yet" }
        let parts = subscription.offerId.split(separator: ":")
        let isOffer =
            parts.count >= 2 && parts[0].count == 12 && parts[1].count == 4
            && (parts[0] + parts[1]).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        if subscription.isLegacy || !subscription.isNewCommerce || !isOffer {
            return "legacy (not new commerce); a manifest declares new-commerce subscriptions only"
        }
        if subscription.status != .active, subscription.status != .suspended {
            return "status \(subscription.status.rawValue); a manifest declares active or suspended ones"
        }
        let name = subscription.friendlyName
        if name.trimmingCharacters(in: .whitespaces).isEmpty || name.count > 256 {
            return "its name can't be a manifest nickname (1 to 256 characters)"
        }
        if sharedName { return "another live subscription has the same name; rename one in Partner Center" }
        if subscription.quantity < 1 { return "quantity \(subscription.quantity) is not positive" }
        let term = (subscription.termDuration ?? "").uppercased()
        guard let cycles = allowedCycles[term], cycles.contains(subscription.billingCycle.rawValue) else {
            return "term \(subscription.termDuration ?? "none") billed \(subscription.billingCycle.rawValue) "
                + "is not a combination a manifest accepts"
        }
        return nil
    }
}
