import PartnerCenterModel

/// The relationship's name after expanding `{customer}`/`{domain}` is at most 50 characters, and unique across
/// the partner's relationships (Graph answers 409 to a second relationship with one name).
enum DisplayNameRule {
    static let maximumLength = 50

    static func check(_ customers: [RawCustomer], into diagnostics: inout [Diagnostic]) {
        var seen: [String: (domain: String, location: SourceLocation)] = [:]
        for customer in customers where !customer.isAbsent {
            guard let domain = customer.domain?.value, let gdap = customer.gdap, gdap.enabled?.value != false,
                let template = gdap.name
            else { continue }
            let name = DisplayNameTemplate.expand(template.value, domain: domain)
            if name.count > maximumLength {
                diagnostics.append(ManifestMessage.displayNameTooLong(name, customer: domain, at: template.location))
            }
            let key = name.lowercased()
            if let other = seen[key] {
                diagnostics.append(
                    ManifestMessage.duplicateDisplayName(
                        name,
                        customers: (other.domain, domain),
                        at: customer.domain?.location ?? template.location,
                        other: other.location
                    )
                )
            } else {
                seen[key] = (domain, customer.domain?.location ?? template.location)
            }
        }
    }
}
