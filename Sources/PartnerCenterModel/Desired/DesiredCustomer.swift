package import Foundation

/// One customer as the manifests want it, with `defaults` already merged under its own keys.
///
/// Identified by its initial `*.onmicrosoft.com` domain (lower-cased by the loader), never by name.
/// For `state: absent` only `domain` and `location` are meaningful.
package struct DesiredCustomer: Sendable, Hashable, Codable {
    package var domain: String
    package var state: Presence
    package var companyName: String?
    /// Required by Partner Center for some countries (see `CountryRules`), optional elsewhere.
    package var organizationRegistrationNumber: String?
    package var billing: DesiredBilling?
    /// Usage spending budget, in the customer's currency.
    package var spendingBudget: Decimal?
    /// Create-time only: whether Microsoft creates its default GDAP relationship. Has no effect on an
    /// existing customer (a difference is noted, never planned).
    package var enableGDAPByDefault: Bool?
    /// Microsoft Customer Agreement acceptance contact, needed before a new-commerce purchase.
    package var agreement: DesiredAgreementContact?
    /// The managed GDAP relationship, or nil when GDAP is not managed for this customer
    /// (`gdap.enabled: false`, or no `gdap` anywhere).
    package var gdap: DesiredGDAP?
    /// The indirect reseller the customer belongs to (the partner acts as an indirect provider): its MPN id or its
    /// tenant id, as written (`reseller`, or `defaults.reseller`). nil: a direct customer, or not managed.
    package var reseller: String?
    /// Sorted by nickname.
    package var subscriptions: [DesiredSubscription]
    /// Where the customer's entry starts (its `domain:` key).
    package var location: SourceLocation?
    /// Where each attribute was written, keyed by its path relative to the customer as the plan
    /// addresses it (`companyName`, `billing.email`, `spendingBudget`, `gdap.roles`, …); values
    /// inherited from `defaults` point into the defaults block.
    package var locations: [String: SourceLocation]

    package init(
        domain: String,
        state: Presence = .present,
        companyName: String? = nil,
        organizationRegistrationNumber: String? = nil,
        billing: DesiredBilling? = nil,
        spendingBudget: Decimal? = nil,
        enableGDAPByDefault: Bool? = nil,
        agreement: DesiredAgreementContact? = nil,
        gdap: DesiredGDAP? = nil,
        subscriptions: [DesiredSubscription] = [],
        location: SourceLocation? = nil,
        locations: [String: SourceLocation] = [:]
    ) {
        self.domain = domain
        self.state = state
        self.companyName = companyName
        self.organizationRegistrationNumber = organizationRegistrationNumber
        self.billing = billing
        self.spendingBudget = spendingBudget
        self.enableGDAPByDefault = enableGDAPByDefault
        self.agreement = agreement
        self.gdap = gdap
        self.subscriptions = subscriptions
        self.location = location
        self.locations = locations
    }

    /// The part of the domain before `.onmicrosoft.com`: what `{customer}` expands to in templates.
    package var domainPrefix: String {
        let suffix = ".onmicrosoft.com"
        let lower = domain.lowercased()
        return lower.hasSuffix(suffix) ? String(lower.dropLast(suffix.count)) : lower
    }
}

/// The customer's billing profile as Partner Center stores it.
package struct DesiredBilling: Sendable, Hashable, Codable {
    package var email: String?
    /// `ll-CC`, for example `en-US`.
    package var culture: String?
    /// Two-letter language code, for example `en`.
    package var language: String?
    package var address: PostalAddress?

    package init(email: String? = nil, culture: String? = nil, language: String? = nil, address: PostalAddress? = nil) {
        self.email = email
        self.culture = culture
        self.language = language
        self.address = address
    }
}

/// Who accepts the Microsoft Customer Agreement on the customer's behalf.
package struct DesiredAgreementContact: Sendable, Hashable, Codable {
    package var firstName: String
    package var lastName: String
    package var email: String
    package var phoneNumber: String?

    package init(firstName: String, lastName: String, email: String, phoneNumber: String? = nil) {
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phoneNumber = phoneNumber
    }
}
