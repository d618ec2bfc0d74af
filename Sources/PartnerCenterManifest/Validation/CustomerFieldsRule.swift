import Foundation
import PartnerCenterModel

/// Formats of the customer's own fields, checked once where they are written: domain, state, company, billing
/// profile (e-mail, culture, language, address country), spending budget, agreement contact.
enum CustomerFieldsRule {
    static func check(_ customer: RawCustomer, into diagnostics: inout [Diagnostic]) {
        if let domain = customer.domain, !Formats.isDomain(domain.value) {
            diagnostics.append(
                ManifestMessage.invalidFormat(
                    "domain",
                    domain.value,
                    expected:
                        "a <prefix>.onmicrosoft.com domain (prefix: 1-\(Formats.maximumDomainPrefix) letters and digits)",
                    at: domain.location
                )
            )
        }
        if let state = customer.state { checkPresence(state, path: "state", into: &diagnostics) }
        for field in [customer.companyName, customer.organizationRegistrationNumber].compactMap({ $0 })
        where Formats.isBlank(field.value) {
            diagnostics.append(
                ManifestMessage.invalidFormat("value", field.value, expected: "a non-empty text", at: field.location)
            )
        }
        if let billing = customer.billing { checkBilling(billing, into: &diagnostics) }
        if let address = customer.billing?.address, let country = address["country"],
            !CountryRules.isCountryCode(country.value)
        {
            diagnostics.append(
                ManifestMessage.invalidFormat(
                    "billing.address.country",
                    country.value,
                    expected: "an ISO 3166-1 alpha-2 country code in upper case (such as US, GB, DE)",
                    at: country.location
                )
            )
        }
        if let budget = customer.spendingBudget { checkBudget(budget, into: &diagnostics) }
        if let email = customer.agreement?["email"], !Formats.isEmail(email.value) {
            diagnostics.append(
                ManifestMessage.invalidFormat(
                    "agreement.email",
                    email.value,
                    expected: "an e-mail address",
                    at: email.location
                )
            )
        }
    }

    static func checkBilling(_ billing: RawBilling, into diagnostics: inout [Diagnostic]) {
        if let email = billing.email, !Formats.isEmail(email.value) {
            diagnostics.append(
                ManifestMessage.invalidFormat(
                    "billing.email",
                    email.value,
                    expected: "an e-mail address",
                    at: email.location
                )
            )
        }
        if let culture = billing.culture, !Formats.isCulture(culture.value) {
            diagnostics.append(
                ManifestMessage.invalidFormat(
                    "billing.culture",
                    culture.value,
                    expected: "a culture written ll-CC (such as en-US, fr-FR)",
                    at: culture.location
                )
            )
        }
        if let language = billing.language, !Formats.isLanguage(language.value) {
            diagnostics.append(
                ManifestMessage.invalidFormat(
                    "billing.language",
                    language.value,
                    expected: "a two-letter language code in lower case (such as en, fr)",
                    at: language.location
                )
            )
        }
    }

    static func checkBudget(_ budget: Located<Decimal>, into diagnostics: inout [Diagnostic]) {
        if budget.value < 0 {
            diagnostics.append(
                ManifestMessage.outOfRange(
                    "spendingBudget",
                    "\(budget.value)",
                    range: "zero or more",
                    at: budget.location
                )
            )
        }
    }

    static func checkPresence(_ state: Located<String>, path: String, into diagnostics: inout [Diagnostic]) {
        let allowed = Presence.allCases.map(\.rawValue)
        if !allowed.contains(state.value) {
            diagnostics.append(
                ManifestMessage.invalidValue(
                    path,
                    state.value,
                    allowed: allowed,
                    suggestion: EditDistance.closest(to: state.value, in: allowed),
                    at: state.location
                )
            )
        }
    }
}
