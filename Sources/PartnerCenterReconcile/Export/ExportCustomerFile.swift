import Foundation

/// One customer's file: a comment saying what was left out and why, then the customer with only what differs from
/// `defaults.yaml`. New keys (such as a customer's indirect reseller) are one more entry in ``customerNode(_:_:)``.
enum ExportCustomerFile {
    /// How every customer file starts: an export later removes only files with it (`--all`, the customer gone).
    static let marker = "# Written by cspctl export: customer "

    static func render(_ customer: ExportCustomer, _ defaults: ExportComposer.Defaults) -> String {
        var header = [String(marker.dropFirst(2)) + "\(customer.domain), tenant \(customer.tenantId)."]
        if customer.leftOut.isEmpty {
            header.append("Nothing was left out: everything read is declared below.")
        } else {
            header.append("Left out (plan reports these and never changes them):")
            header += customer.leftOut.map { "  - " + $0 }
        }
        if !customer.unknown.isEmpty {
            header.append("Could not be read, so not declared (export again to complete this file):")
            header += customer.unknown.map { "  - " + $0 }
        }
        let root = [
            YAMLEntry("apiVersion", .string("cspctl/v1")),
            YAMLEntry("customers", .sequence([customerNode(customer, defaults)])),
        ]
        return document(header: header, root: root)
    }

    /// The comment lines, then the document, ending with one newline.
    static func document(header: [String], root: [YAMLEntry]) -> String {
        let lines = header.map(YAMLText.comment) + YAMLNode.mapping(root).lines()
        return lines.joined(separator: "\n") + "\n"
    }

    static func customerNode(_ customer: ExportCustomer, _ defaults: ExportComposer.Defaults) -> YAMLNode {
        var entries = [YAMLEntry("domain", .string(customer.domain))]
        if let name = customer.companyName { entries.append(YAMLEntry("companyName", .string(name))) }
        if let number = customer.organizationRegistrationNumber {
            entries.append(YAMLEntry("organizationRegistrationNumber", .string(number)))
        }
        if let billing = customer.billing { entries.append(YAMLEntry("billing", billingNode(billing, defaults))) }
        if let budget = customer.spendingBudget { entries.append(YAMLEntry("spendingBudget", .literal(budget))) }
        if let gdap = gdapNode(customer, defaults) { entries.append(YAMLEntry("gdap", gdap)) }
        if let reseller = customer.reseller, reseller != defaults.reseller {
            entries.append(YAMLEntry("reseller", .string(reseller)))
        }
        if !customer.subscriptions.isEmpty {
            let items = customer.subscriptions.sorted { $0.nickname < $1.nickname }
                .map { subscriptionNode($0, defaults.subscriptions) }
            entries.append(YAMLEntry("subscriptions", .sequence(items)))
        }
        return .mapping(entries)
    }

    private static func billingNode(_ billing: ExportCustomer.Billing, _ defaults: ExportComposer.Defaults) -> YAMLNode
    {
        var entries: [YAMLEntry] = []
        if let email = billing.email { entries.append(YAMLEntry("email", .string(email))) }
        if let culture = billing.culture, culture != defaults.locale?.culture {
            entries.append(YAMLEntry("culture", .string(culture)))
        }
        if let language = billing.language, language != defaults.locale?.language {
            entries.append(YAMLEntry("language", .string(language)))
        }
        if !billing.address.isEmpty {
            entries.append(YAMLEntry("address", .mapping(billing.address.map { YAMLEntry($0.key, .string($0.value)) })))
        }
        return .mapping(entries)
    }

    /// The customer's `gdap`: nothing when it is the default, the keys that differ from `defaults.gdap`, or
    /// `enabled: false` when the default would otherwise give it a relationship to create.
    private static func gdapNode(_ customer: ExportCustomer, _ defaults: ExportComposer.Defaults) -> YAMLNode? {
        guard let gdap = customer.gdap else {
            return defaults.gdap == nil ? nil : .mapping([YAMLEntry("enabled", .bool(false))])
        }
        guard let base = defaults.gdap else {
            return gdapNode(gdap.shape, name: gdap.name)
        }
        var entries: [YAMLEntry] = []
        if gdap.template != base.template { entries.append(YAMLEntry("name", .string(gdap.name))) }
        if gdap.duration != base.duration { entries.append(YAMLEntry("duration", .string(gdap.duration))) }
        if gdap.autoExtend != base.autoExtend { entries.append(YAMLEntry("autoExtend", .string(gdap.autoExtend))) }
        if gdap.roles != base.roles { entries.append(YAMLEntry("roles", .flowList(gdap.roles))) }
        if gdap.assignments != base.assignments {
            entries.append(YAMLEntry("assignments", assignmentsNode(gdap.assignments)))
        }
        return entries.isEmpty ? nil : .mapping(entries)
    }

    /// A whole `gdap` block: `name` is the customer's own name, or the shape's template in `defaults`.
    static func gdapNode(_ shape: ExportedGDAP.Shape, name: String? = nil) -> YAMLNode {
        .mapping([
            YAMLEntry("name", .string(name ?? shape.template)),
            YAMLEntry("duration", .string(shape.duration)),
            YAMLEntry("autoExtend", .string(shape.autoExtend)),
            YAMLEntry("roles", .flowList(shape.roles)),
            YAMLEntry("assignments", assignmentsNode(shape.assignments)),
        ])
    }

    private static func assignmentsNode(_ assignments: [ExportedGDAP.Assignment]) -> YAMLNode {
        .sequence(
            assignments.map {
                .mapping([YAMLEntry("group", .string($0.group)), YAMLEntry("roles", .flowList($0.roles))])
            }
        )
    }

    private static func subscriptionNode(
        _ subscription: ExportCustomer.Subscription,
        _ defaults: ExportCustomer.Settings?
    ) -> YAMLNode {
        var entries = [
            YAMLEntry("nickname", .string(subscription.nickname)),
            YAMLEntry("offer", .string(subscription.offer)),
            YAMLEntry("quantity", .int(subscription.quantity)),
        ]
        let settings = subscription.settings
        if settings.termDuration != defaults?.termDuration {
            entries.append(YAMLEntry("termDuration", .string(settings.termDuration)))
        }
        if settings.billingCycle != defaults?.billingCycle {
            entries.append(YAMLEntry("billingCycle", .string(settings.billingCycle)))
        }
        if settings.autoRenew != defaults?.autoRenew {
            entries.append(YAMLEntry("autoRenew", .bool(settings.autoRenew)))
        }
        if subscription.suspended { entries.append(YAMLEntry("status", .string("suspended"))) }
        if let partner = subscription.partnerOfRecord {
            entries.append(YAMLEntry("partnerOfRecord", .string(partner)))
        }
        return .mapping(entries)
    }
}
