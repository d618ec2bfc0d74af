import PartnerCenterModel

/// Runs every rule: field formats once where values are written, then the rules that need `defaults` merged,
/// then the rules across files. Returns the merged customers for the state builder.
enum ManifestValidator {
    static func validate(_ files: [RawFile], into diagnostics: inout [Diagnostic]) -> [RawCustomer] {
        DuplicatesRule.checkDefaults(files, into: &diagnostics)
        let defaults = files.lazy.compactMap(\.defaults).first
        if let defaults {
            if let billing = defaults.billing { CustomerFieldsRule.checkBilling(billing, into: &diagnostics) }
            if let budget = defaults.spendingBudget { CustomerFieldsRule.checkBudget(budget, into: &diagnostics) }
            if let gdap = defaults.gdap { GDAPFieldsRule.check(gdap, path: "defaults.gdap", into: &diagnostics) }
            if let settings = defaults.subscriptions { SubscriptionFieldsRule.check(settings, into: &diagnostics) }
        }
        var customers: [RawCustomer] = []
        customers.reserveCapacity(files.reduce(0) { $0 + $1.customers.count })
        for file in files {
            for customer in file.customers {
                CustomerFieldsRule.check(customer, into: &diagnostics)
                if let gdap = customer.gdap { GDAPFieldsRule.check(gdap, path: "gdap", into: &diagnostics) }
                for subscription in customer.subscriptions {
                    SubscriptionFieldsRule.check(subscription, into: &diagnostics)
                }
                customers.append(customer)
            }
            for entry in file.ignores {
                RequiredKeysRule.check(entry, into: &diagnostics)
                IgnoreFieldsRule.check(entry, into: &diagnostics)
            }
        }
        DuplicatesRule.checkCustomers(customers, into: &diagnostics)
        let merged = customers.map { DefaultsMerge.merge($0, defaults: defaults) }
        for customer in merged {
            RequiredKeysRule.check(customer, into: &diagnostics)
            GlobalAdministratorAutoExtendRule.check(customer, into: &diagnostics)
            AccessAssignmentRule.check(customer, into: &diagnostics)
            TermBillingRule.check(customer, into: &diagnostics)
            OrganizationRegistrationNumberRule.check(customer, into: &diagnostics)
        }
        DisplayNameRule.check(merged, into: &diagnostics)
        var byDomain: [String: RawCustomer] = [:]
        byDomain.reserveCapacity(merged.count)
        for customer in merged { if let key = customer.key, byDomain[key] == nil { byDomain[key] = customer } }
        IgnoreReferenceRule.check(files.flatMap(\.ignores), customers: byDomain, into: &diagnostics)
        return merged
    }
}
