import PartnerCenterModel

/// Partner Center requires `organizationRegistrationNumber` for customers in some countries (see `CountryRules`).
enum OrganizationRegistrationNumberRule {
    static func check(_ customer: RawCustomer, into diagnostics: inout [Diagnostic]) {
        guard !customer.isAbsent, customer.organizationRegistrationNumber == nil,
            let country = customer.billing?.address?["country"],
            CountryRules.requiresOrganizationRegistrationNumber(country: country.value)
        else { return }
        diagnostics.append(
            ManifestMessage.organizationRegistrationNumberRequired(
                country: country.value,
                customer: customer.domain?.value ?? "the customer",
                at: customer.domain?.location ?? customer.location
            )
        )
    }
}
