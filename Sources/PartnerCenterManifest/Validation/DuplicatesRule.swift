import PartnerCenterModel

/// Keys are unique across all files: one `defaults` block, one customer per domain, one subscription per
/// nickname within a customer, and a `renamedFrom` that no other entry claims.
enum DuplicatesRule {
    static func checkDefaults(_ files: [RawFile], into diagnostics: inout [Diagnostic]) {
        var first: SourceLocation? = nil
        for file in files {
            guard let defaults = file.defaults else { continue }
            if let first {
                diagnostics.append(ManifestMessage.duplicateDefaults(at: defaults.location, first: first))
            } else {
                first = defaults.location
            }
        }
    }

    /// What the rule across customers needs of one customer, computed on its own (on all cores).
    struct CustomerIdentity: Sendable {
        var domain: Located<String>?
        var key: String?
        /// Duplicate nicknames and conflicting renames among the customer's subscriptions.
        var subscriptions: [Diagnostic]
    }

    static func identity(of customer: RawCustomer) -> CustomerIdentity {
        var subscriptions: [Diagnostic] = []
        checkSubscriptions(customer, into: &subscriptions)
        return CustomerIdentity(domain: customer.domain, key: customer.key, subscriptions: subscriptions)
    }

    /// `customers`: `identity(of:)` of each customer, in order (a lazy view: no array of copies).
    static func checkCustomers(
        _ customers: some Collection<CustomerIdentity>,
        into diagnostics: inout [Diagnostic]
    ) {
        var seen: [String: SourceLocation] = [:]
        seen.reserveCapacity(customers.count)
        for customer in customers {
            guard let domain = customer.domain, let key = customer.key else { continue }
            // One lookup for the usual case, a new domain; a repeat puts the first location back.
            if let first = seen.updateValue(domain.location, forKey: key) {
                seen[key] = first
                diagnostics.append(ManifestMessage.duplicateCustomer(domain.value, at: domain.location, first: first))
            }
            diagnostics.append(contentsOf: customer.subscriptions)
        }
    }

    private static func checkSubscriptions(_ customer: RawCustomer, into diagnostics: inout [Diagnostic]) {
        let domain = customer.domain?.value ?? "the customer"
        var nicknames: [String: SourceLocation] = [:]
        for subscription in customer.subscriptions {
            guard let nickname = subscription.nickname else { continue }
            if let first = nicknames[nickname.value] {
                diagnostics.append(
                    ManifestMessage.duplicateSubscription(
                        nickname.value,
                        customer: domain,
                        at: nickname.location,
                        first: first
                    )
                )
            } else {
                nicknames[nickname.value] = nickname.location
            }
        }
        var renamed: [String: SourceLocation] = [:]
        for subscription in customer.subscriptions {
            guard let old = subscription.renamedFrom else { continue }
            if old.value == subscription.nickname?.value {
                diagnostics.append(ManifestMessage.renameToSelf(old.value, at: old.location))
            } else if let other = nicknames[old.value] ?? renamed[old.value] {
                diagnostics.append(ManifestMessage.renameConflict(old.value, at: old.location, other: other))
            }
            renamed[old.value] = renamed[old.value] ?? old.location
        }
    }
}
