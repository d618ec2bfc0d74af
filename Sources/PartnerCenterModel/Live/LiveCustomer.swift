package import Foundation

/// A customer of the partner as Partner Center reports it, with the sub-resources the planner compares.
/// Each sub-resource is read separately and may be unknown on its own.
package struct LiveCustomer: Sendable, Hashable, Codable {
    /// The customer's Microsoft Entra tenant id (`id` of the Customer resource).
    package var tenantId: String
    /// The initial `*.onmicrosoft.com` domain (`companyProfile.domain`), lower-cased.
    package var domain: String
    /// `relationshipToPartner` of the Customer resource.
    package var relationshipToPartner: LiveRelationshipToPartner
    /// `GET /v1/customers/{id}/profiles/billing`.
    package var billing: Observed<LiveBillingProfile>
    /// `GET /v1/customers/{id}/usagebudget` → `amount`; `known(nil)` when no budget is set.
    package var spendingBudget: Observed<Decimal?>
    /// `GET /v1/customers/{id}/agreements?agreementType=MicrosoftCustomerAgreement` (App+User only):
    /// `known(nil)` when no acceptance is on record; `unknown` when it could not be read (including when no
    /// App+User credentials are configured).
    package var agreement: Observed<LiveAgreement?>
    /// `GET /v1/customers/{id}/subscriptions`: every subscription, including deleted and expired ones.
    package var subscriptions: Observed<[LiveSubscription]>
    /// Graph `delegatedAdminRelationships` with `customer/tenantId eq '{tenantId}'`, every status.
    package var relationships: Observed<[LiveRelationship]>
    /// `associatedPartnerId` of the Customer resource (`GET /v1/customers/{id}`): the indirect reseller the
    /// customer was created for (its tenant id, lower case), `known(nil)` for none; nil when not read (only
    /// customers whose manifest names a reseller are read).
    package var associatedPartnerId: Observed<String?>?

    package init(
        tenantId: String,
        domain: String,
        relationshipToPartner: LiveRelationshipToPartner = .reseller,
        billing: Observed<LiveBillingProfile>,
        spendingBudget: Observed<Decimal?> = .known(nil),
        agreement: Observed<LiveAgreement?> = .known(nil),
        subscriptions: Observed<[LiveSubscription]> = .known([]),
        relationships: Observed<[LiveRelationship]> = .known([])
    ) {
        self.tenantId = tenantId
        self.domain = domain
        self.relationshipToPartner = relationshipToPartner
        self.billing = billing
        self.spendingBudget = spendingBudget
        self.agreement = agreement
        self.subscriptions = subscriptions
        self.relationships = relationships
    }
}

/// `relationshipToPartner` as Partner Center spells it on the wire (`unknown` for any other value).
package enum LiveRelationshipToPartner: String, Sendable, Hashable, Codable, CaseIterable {
    case none
    case reseller
    case advisor
    case syndication
    case microsoftSupport = "microsoft_support"
    case unknown
}

/// The customer's billing profile (`CustomerBillingProfile`). Strings are as returned; nil when absent.
package struct LiveBillingProfile: Sendable, Hashable, Codable {
    package var email: String?
    package var culture: String?
    package var language: String?
    /// The company name Partner Center keeps on the billing profile (what `companyName` in a manifest means
    /// for an existing customer).
    package var companyName: String?
    /// `defaultAddress`.
    package var address: PostalAddress?
    /// `attributes.etag`: sent as `If-Match` (and in the body) by the billing-profile PUT.
    package var etag: String?

    package init(
        email: String? = nil,
        culture: String? = nil,
        language: String? = nil,
        companyName: String? = nil,
        address: PostalAddress? = nil,
        etag: String? = nil
    ) {
        self.email = email
        self.culture = culture
        self.language = language
        self.companyName = companyName
        self.address = address
        self.etag = etag
    }

    /// The customer's country (`defaultAddress.country`, upper case): the market its purchases are priced in.
    package var country: String? { address?.country?.uppercased() }
}

/// A Microsoft Customer Agreement acceptance on record for the customer.
package struct LiveAgreement: Sendable, Hashable, Codable {
    /// `dateAgreed`.
    package var dateAgreed: Date?
    /// `templateId` of the accepted agreement.
    package var templateId: String?

    package init(dateAgreed: Date? = nil, templateId: String? = nil) {
        self.dateAgreed = dateAgreed
        self.templateId = templateId
    }
}
