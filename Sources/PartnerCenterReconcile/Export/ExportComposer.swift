import Foundation
import PartnerCenterModel

/// One file of an export: its path below `--out` and its bytes.
package struct ExportFile: Sendable, Hashable {
    package var path: String
    package var contents: String
}

/// Turns what was read into the manifest tree, in the layout of `examples/gitops`: `defaults.yaml` with what most
/// customers share (the most common GDAP template, subscription term, billing cycle and auto-renew, and with
/// billing the most common culture and language), and `customers/<domain>.yaml` with only what differs. Pure and
/// deterministic: the same records give the same bytes, whatever order they come in.
package struct ExportComposer: Sendable {
    package var withBilling: Bool

    package init(withBilling: Bool) {
        self.withBilling = withBilling
    }

    /// Shared values written once in `defaults.yaml`.
    struct Defaults {
        var gdap: ExportedGDAP.Shape?
        var gdapShared = 0
        var subscriptions: ExportCustomer.Settings?
        var locale: Locale?
        /// The indirect reseller (MPN id) of every customer, when they all have the same one: a customer can't
        /// say it has none under `defaults.reseller`.
        var reseller: String?

        struct Locale: Hashable, Comparable {
            var culture: String
            var language: String
            static func < (lhs: Locale, rhs: Locale) -> Bool {
                (lhs.culture, lhs.language) < (rhs.culture, rhs.language)
            }
        }
    }

    package func compose(_ records: [ExportRecord]) -> [ExportFile] {
        compose(records, resellers: ExportResellers())
    }

    /// `compose(_:)` with the customers' indirect resellers and their subscriptions' partners of record.
    func compose(_ records: [ExportRecord], resellers: ExportResellers) -> [ExportFile] {
        var skipped: [String] = []
        var customers: [ExportCustomer] = []
        for record in records.sorted(by: { $0.domain < $1.domain }) {
            guard Self.isDomain(record.domain) else {
                skipped.append(YAMLText.quoted(record.domain))
                continue
            }
            customers.append(ExportCustomer(record, withBilling: withBilling, resellers: resellers))
        }
        Self.dropDuplicateNames(&customers)
        let defaults = Self.defaults(of: customers)
        var files = [
            ExportFile(path: "defaults.yaml", contents: defaultsFile(defaults, customers: customers, skipped: skipped))
        ]
        for customer in customers {
            files.append(
                ExportFile(
                    path: "customers/\(customer.domain).yaml",
                    contents: ExportCustomerFile.render(customer, defaults)
                )
            )
        }
        return files
    }

    /// Graph compares relationship names without case across the partner's customers, and so does validate:
    /// the second customer whose managed name repeats another's leaves its relationship unmanaged.
    private static func dropDuplicateNames(_ customers: inout [ExportCustomer]) {
        var seen: Set<String> = []
        for index in customers.indices {
            guard let gdap = customers[index].gdap else { continue }
            if !seen.insert(gdap.name.lowercased()).inserted {
                customers[index].leftOut.append(
                    "GDAP relationship \(YAMLText.quoted(gdap.name)): another customer's managed relationship has "
                        + "this name (without case); a manifest requires unique names"
                )
                customers[index].gdap = nil
            }
        }
    }

    static func defaults(of customers: [ExportCustomer]) -> Defaults {
        var result = Defaults()
        let shapes = customers.compactMap { $0.gdap?.shape }
        if let (shape, count) = mostCommon(shapes) {
            // A shared template costs an `enabled: false` in each customer without a managed relationship.
            let without = customers.count - shapes.count
            if count > without {
                result.gdap = shape
                result.gdapShared = count
            }
        }
        result.subscriptions = mostCommon(customers.flatMap { $0.subscriptions.map(\.settings) })?.0
        let locales = customers.compactMap { customer -> Defaults.Locale? in
            guard let culture = customer.billing?.culture, let language = customer.billing?.language else { return nil }
            return Defaults.Locale(culture: culture, language: language)
        }
        result.locale = mostCommon(locales)?.0
        let resellers = Set(customers.map(\.reseller))
        if resellers.count == 1, let shared = resellers.first { result.reseller = shared }
        return result
    }

    /// The most frequent value and its count; ties go to the smallest value, so the choice is stable.
    static func mostCommon<T: Hashable & Comparable>(_ values: [T]) -> (T, Int)? {
        var counts: [T: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        return counts.min { lhs, rhs in lhs.value != rhs.value ? lhs.value > rhs.value : lhs.key < rhs.key }
            .map { ($0.key, $0.value) }
    }

    private func defaultsFile(_ defaults: Defaults, customers: [ExportCustomer], skipped: [String]) -> String {
        var header = [
            "Written by cspctl export: defaults for every customer in this folder; customers/ holds one file per",
            "customer with only what differs. What a file declares is managed; what it leaves out is read and",
            "reported by plan, never changed. Check it: cspctl validate <folder>, then cspctl plan <folder>.",
        ]
        if let shape = defaults.gdap {
            header.append(
                "gdap: the template of \(defaults.gdapShared) of \(customers.count) customers' managed relationship "
                    + "(\(YAMLText.quoted(shape.template)))."
            )
        } else {
            header.append("gdap: no relationship template is shared by enough customers to be a default.")
        }
        if !withBilling {
            header.append("Company names and billing profiles are personal data: exported only with --with-billing.")
        }
        if !skipped.isEmpty {
            header.append("Customers left out: their domain is not an initial <prefix>.onmicrosoft.com domain:")
            header += skipped.map { "  - \($0)" }
        }
        var entries: [YAMLEntry] = []
        if let locale = defaults.locale {
            entries.append(
                YAMLEntry(
                    "billing",
                    .mapping([
                        YAMLEntry("culture", .string(locale.culture)), YAMLEntry("language", .string(locale.language)),
                    ])
                )
            )
        }
        if let shape = defaults.gdap { entries.append(YAMLEntry("gdap", ExportCustomerFile.gdapNode(shape))) }
        if let settings = defaults.subscriptions {
            entries.append(
                YAMLEntry(
                    "subscriptions",
                    .mapping([
                        YAMLEntry("termDuration", .string(settings.termDuration)),
                        YAMLEntry("billingCycle", .string(settings.billingCycle)),
                        YAMLEntry("autoRenew", .bool(settings.autoRenew)),
                    ])
                )
            )
        }
        if let reseller = defaults.reseller { entries.append(YAMLEntry("reseller", .string(reseller))) }
        var root = [YAMLEntry("apiVersion", .string("cspctl/v1"))]
        if !entries.isEmpty { root.append(YAMLEntry("defaults", .mapping(entries))) }
        return ExportCustomerFile.document(header: header, root: root)
    }

    /// `<prefix>.onmicrosoft.com` with a prefix of 1 to 63 ASCII letters and digits: what a manifest accepts, and
    /// a safe file name.
    static func isDomain(_ domain: String) -> Bool {
        let suffix = ".onmicrosoft.com"
        guard domain.hasSuffix(suffix) else { return false }
        let prefix = domain.utf8.dropLast(suffix.utf8.count)
        return (1...63).contains(prefix.count)
            && prefix.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) }
    }
}
