import PartnerCenterModel

/// Runs every rule: field formats once where values are written, then the rules that need `defaults` merged,
/// then the rules across files.
///
/// The rules that look at one customer at a time run on all cores (`CustomerChecks`); their diagnostics are
/// appended in the same order as a single pass over the files would append them, so the output never depends
/// on the number of cores. The same pass makes each merged customer's `DesiredCustomer` (unless `buildsState` is
/// false), returned for the state builder (which uses them only when no diagnostic is an error): one pass over the
/// customers, not two, and no copy of the merged customers.
enum ManifestValidator {
    static func validate(
        _ files: [RawFile],
        parallel: Bool = true,
        buildsState: Bool = true,
        into diagnostics: inout [Diagnostic]
    ) -> [DesiredCustomer] {
        DuplicatesRule.checkDefaults(files, into: &diagnostics)
        let defaults = files.lazy.compactMap(\.defaults).first
        if let defaults {
            if let billing = defaults.billing { CustomerFieldsRule.checkBilling(billing, into: &diagnostics) }
            if let budget = defaults.spendingBudget { CustomerFieldsRule.checkBudget(budget, into: &diagnostics) }
            if let gdap = defaults.gdap { GDAPFieldsRule.check(gdap, path: "defaults.gdap", into: &diagnostics) }
            if let settings = defaults.subscriptions { SubscriptionFieldsRule.check(settings, into: &diagnostics) }
            if let reseller = defaults.reseller { ResellerRule.check(reseller, "reseller", into: &diagnostics) }
        }
        // (file, customer) positions rather than a flattened copy of every customer.
        var positions: [(file: Int, customer: Int)] = []
        positions.reserveCapacity(files.reduce(0) { $0 + $1.customers.count })
        for (file, content) in files.enumerated() {
            for customer in content.customers.indices { positions.append((file, customer)) }
        }
        let ignores = files.flatMap(\.ignores)
        let keepMerged = !ignores.isEmpty
        let checks = positions.concurrentMap(parallel: parallel) { position in
            CustomerChecks(
                files[position.file].customers[position.customer],
                defaults: defaults,
                keepMerged: keepMerged,
                buildsState: buildsState
            )
        }
        var next = 0
        for file in files {
            for _ in file.customers {
                diagnostics.append(contentsOf: checks[next].written)
                next += 1
            }
            for entry in file.ignores {
                RequiredKeysRule.check(entry, into: &diagnostics)
                IgnoreFieldsRule.check(entry, into: &diagnostics)
            }
        }
        DuplicatesRule.checkCustomers(checks.lazy.map(\.identity), into: &diagnostics)
        for check in checks { diagnostics.append(contentsOf: check.merged) }
        DisplayNameRule.check(checks.lazy.map(\.displayName), into: &diagnostics)
        if keepMerged {
            var byDomain: [String: RawCustomer] = [:]
            byDomain.reserveCapacity(checks.count)
            for case let customer? in checks.lazy.map(\.customer) {
                if let key = customer.key, byDomain[key] == nil { byDomain[key] = customer }
            }
            IgnoreReferenceRule.check(ignores, customers: byDomain, into: &diagnostics)
        }
        let desired = checks.compactMap(\.desired)
        releaseInBackground(consume checks)
        return desired
    }
}

/// What the rules say about one customer on its own, computed independently of every other customer.
private struct CustomerChecks: Sendable {
    /// Formats of the values written on the customer, its GDAP block and its subscriptions.
    var written: [Diagnostic] = []
    /// The customer's domain and key, with the duplicate nicknames and conflicting renames among its
    /// subscriptions, for the duplicates rule across customers.
    var identity: DuplicatesRule.CustomerIdentity
    /// The customer with `defaults` merged under it, when `ignore` entries need it.
    var customer: RawCustomer? { keptCustomer?.value }
    /// The merged customer as the desired state holds it; nil when the state is not built.
    var desired: DesiredCustomer? { keptDesired?.value }
    /// The rules that need `defaults` merged.
    var merged: [Diagnostic] = []
    /// The expanded relationship name, for the rule across customers.
    var displayName: DisplayNameRule.Name?
    /// `customer` and `desired`, out of line: often not kept, and inline they would be most of each element of
    /// the array of checks (one per customer).
    private var keptCustomer: Boxed<RawCustomer>?
    private var keptDesired: Boxed<DesiredCustomer>?

    init(_ written: RawCustomer, defaults: RawDefaults?, keepMerged: Bool, buildsState: Bool) {
        CustomerFieldsRule.check(written, into: &self.written)
        if let gdap = written.gdap { GDAPFieldsRule.check(gdap, path: "gdap", into: &self.written) }
        for subscription in written.subscriptions {
            SubscriptionFieldsRule.check(subscription, into: &self.written)
        }
        ResellerRule.check(written, into: &self.written)
        identity = DuplicatesRule.identity(of: written)
        var customer = DefaultsMerge.merge(written, defaults: defaults)
        ResellerRule.inherit(&customer, from: defaults)
        RequiredKeysRule.check(customer, into: &merged)
        GlobalAdministratorAutoExtendRule.check(customer, into: &merged)
        AccessAssignmentRule.check(customer, into: &merged)
        TermBillingRule.check(customer, into: &merged)
        OrganizationRegistrationNumberRule.check(customer, into: &merged)
        displayName = DisplayNameRule.name(of: customer)
        if buildsState { keptDesired = DesiredStateBuilder.customer(customer).map(Boxed.init) }
        if keepMerged { keptCustomer = Boxed(customer) }
    }
}
