/// Merges `defaults` under each customer, key by key: a key the customer writes replaces the default for that
/// key only, at every level of nesting (`gdap.roles` on a customer replaces `defaults.gdap.roles` but keeps
/// `defaults.gdap.duration`). Lists are values, never concatenated. Values keep their own locations, so a
/// merged value still points into the defaults block it came from. `defaults.billing` applies only to a customer
/// that writes a `billing` block.
enum DefaultsMerge {
    static func merge(_ customer: RawCustomer, defaults: RawDefaults?) -> RawCustomer {
        guard let defaults, !customer.isAbsent else { return customer }
        var merged = customer
        merged.spendingBudget = customer.spendingBudget ?? defaults.spendingBudget
        merged.enableGDAPByDefault = customer.enableGDAPByDefault ?? defaults.enableGDAPByDefault
        // `defaults.billing` completes a customer's own billing block; it does not make a customer that writes
        // none manage its billing profile (only what a customer declares is managed).
        if let base = defaults.billing, var billing = customer.billing {
            billing.culture = billing.culture ?? base.culture
            billing.language = billing.language ?? base.language
            merged.billing = billing
        }
        merged.gdap = merge(customer.gdap, over: defaults.gdap)
        if let settings = defaults.subscriptions {
            merged.subscriptions = customer.subscriptions.map { subscription in
                guard subscription.state?.value != "absent" else { return subscription }
                var result = subscription
                result.termDuration = result.termDuration ?? settings.termDuration
                result.billingCycle = result.billingCycle ?? settings.billingCycle
                result.autoRenew = result.autoRenew ?? settings.autoRenew
                return result
            }
        }
        return merged
    }

    private static func merge(_ gdap: RawGDAP?, over base: RawGDAP?) -> RawGDAP? {
        guard let base else { return gdap }
        guard var result = gdap else { return base }
        result.enabled = result.enabled ?? base.enabled
        result.name = result.name ?? base.name
        result.duration = result.duration ?? base.duration
        result.autoExtend = result.autoExtend ?? base.autoExtend
        result.roles = result.roles ?? base.roles
        result.assignments = result.assignments ?? base.assignments
        return result
    }
}
