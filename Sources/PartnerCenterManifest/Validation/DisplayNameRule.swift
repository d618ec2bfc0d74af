import PartnerCenterModel

/// The relationship's name after expanding `{customer}`/`{domain}` is at most 50 characters, and unique across
/// the partner's relationships (Graph answers 409 to a second relationship with one name).
enum DisplayNameRule {
    static let maximumLength = 50

    /// A customer's expanded relationship name, with what the rule reports it against.
    struct Name: Sendable {
        var name: String
        var domain: String
        var template: Located<String>
        var domainLocation: SourceLocation?
        /// Longer than `maximumLength` characters.
        var isTooLong: Bool
        /// The name lower-cased: Graph compares names without case.
        var key: String
    }

    /// The expanded name of a merged customer's managed relationship; nil when it has none. One customer at a
    /// time, so it can run on all cores before `check`.
    static func name(of customer: RawCustomer) -> Name? {
        guard !customer.isAbsent, let domain = customer.domain?.value, let gdap = customer.gdap,
            gdap.enabled?.value != false, let template = gdap.name
        else { return nil }
        let name = DisplayNameTemplate.expand(template.value, domain: domain)
        return Name(
            name: name,
            domain: domain,
            template: template,
            domainLocation: customer.domain?.location,
            isTooLong: name.count > maximumLength,
            key: name.lowercased()
        )
    }

    /// `names`: `name(of:)` for each merged customer, in customer order (a lazy view: no array of copies).
    static func check(_ names: some Collection<Name?>, into diagnostics: inout [Diagnostic]) {
        var seen: [String: (domain: String, location: SourceLocation)] = [:]
        seen.reserveCapacity(names.count)
        for case let entry? in names {
            let (name, domain, template) = (entry.name, entry.domain, entry.template)
            if entry.isTooLong {
                diagnostics.append(ManifestMessage.displayNameTooLong(name, customer: domain, at: template.location))
            }
            let key = entry.key
            // One lookup for the usual case, a new name; a repeat puts the first customer back.
            if let other = seen.updateValue((domain, entry.domainLocation ?? template.location), forKey: key) {
                seen[key] = other
                diagnostics.append(
                    ManifestMessage.duplicateDisplayName(
                        name,
                        customers: (other.domain, domain),
                        at: entry.domainLocation ?? template.location,
                        other: other.location
                    )
                )
            }
        }
    }
}
