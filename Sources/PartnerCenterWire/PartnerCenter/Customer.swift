package import Foundation

/// A customer of the partner (`/v1/customers/{id}`).
package struct Customer: Codable, Hashable, Sendable {
    package var id: String?
    package var commerceId: String?
    package var companyProfile: CustomerCompanyProfile?
    package var billingProfile: CustomerBillingProfile?
    package var relationshipToPartner: CustomerRelationship?
    /// Only on get-by-id, not on lists.
    package var allowDelegatedAccess: Bool?
    /// Returned once, when the customer is created. Never log or print it.
    package var userCredentials: UserCredentials?
    package var customDomains: [String]?
    package var associatedPartnerId: String?
    /// Create only: `true` default GDAP, `false` neither GDAP nor DAP, omitted: the service default.
    package var enableGDAPByDefault: Bool?
    package var links: ResourceLinks?
    package var attributes: ResourceAttributes?

    package init(
        id: String? = nil,
        companyProfile: CustomerCompanyProfile? = nil,
        billingProfile: CustomerBillingProfile? = nil,
        associatedPartnerId: String? = nil,
        enableGDAPByDefault: Bool? = nil
    ) {
        self.id = id
        self.companyProfile = companyProfile
        self.billingProfile = billingProfile
        self.associatedPartnerId = associatedPartnerId
        self.enableGDAPByDefault = enableGDAPByDefault
    }

    /// The customer's tenant id (`id`, or `companyProfile.tenantId`).
    package var tenantID: String? { id ?? companyProfile?.tenantId }
}

/// `relationshipToPartner`.
package enum CustomerRelationship: WireEnum {
    case none, reseller, advisor, syndication, microsoftSupport
    case unknown(String)

    package static let knownCases: [Self] = [.none, .reseller, .advisor, .syndication, .microsoftSupport]

    package var wireValue: String {
        switch self {
        case .none: "none"
        case .reseller: "reseller"
        case .advisor: "advisor"
        case .syndication: "syndication"
        case .microsoftSupport: "microsoft_support"
        case .unknown(let raw): raw
        }
    }
}

/// The customer's company profile (`/profiles/company`, read-only, App+User).
package struct CustomerCompanyProfile: Codable, Hashable, Sendable {
    package var tenantId: String?
    package var domain: String?
    package var companyName: String?
    package var address: Address?
    package var email: String?
    package var organizationRegistrationNumber: String?
    package var links: ResourceLinks?
    package var attributes: ResourceAttributes?

    package init(
        domain: String? = nil,
        companyName: String? = nil,
        organizationRegistrationNumber: String? = nil
    ) {
        self.domain = domain
        self.companyName = companyName
        self.organizationRegistrationNumber = organizationRegistrationNumber
    }
}

/// The customer's billing profile (`/profiles/billing`); updates need its `attributes.etag`.
package struct CustomerBillingProfile: Codable, Hashable, Sendable {
    package var id: String?
    package var firstName: String?
    package var lastName: String?
    package var email: String?
    package var culture: String?
    package var language: String?
    package var companyName: String?
    package var defaultAddress: Address?
    package var links: ResourceLinks?
    package var attributes: ResourceAttributes?

    package init(
        firstName: String? = nil,
        lastName: String? = nil,
        email: String? = nil,
        culture: String? = nil,
        language: String? = nil,
        companyName: String? = nil,
        defaultAddress: Address? = nil
    ) {
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.culture = culture
        self.language = language
        self.companyName = companyName
        self.defaultAddress = defaultAddress
    }

    package var etag: String? { attributes?.etag }
}

/// The new tenant's admin credentials, returned once by create customer. A secret: `description` hides it.
package struct UserCredentials: Codable, Hashable, Sendable, CustomStringConvertible {
    package var userName: String?
    package var password: String?

    package var description: String { "UserCredentials(userName: \(userName ?? "nil"), password: <redacted>)" }
}

/// `GET /v1/customers/relationshiprequests`: the invitation URL a customer opens to accept a reseller.
package struct RelationshipRequestLink: Codable, Hashable, Sendable {
    package var url: String?
    package var attributes: ResourceAttributes?
}

/// A customer's Azure usage spending budget (`/usagebudget`).
///
/// Money is a `Decimal`, read from the number's text and written with its exact digits (`19.99`, never
/// `19.989999999999998`): a round trip through `Double` showed as drift on every plan.
package struct SpendingBudget: Codable, Hashable, Sendable {
    package var amount: Decimal?
    package var usageSpendingBudget: Decimal?
    package var links: ResourceLinks?
    package var attributes: ResourceAttributes?

    package init(amount: Decimal?) { self.amount = amount }
}

/// A customer filter for `GET /v1/customers?filter=`: the service supports only `starts_with`, ignoring case.
package struct CustomerFilter: Codable, Hashable, Sendable {
    package enum Field: String, Codable, Sendable {
        case companyName = "CompanyName"
        case domain = "Domain"
        case indirectReseller = "IndirectReseller"
        case indirectCloudSolutionProvider = "IndirectCloudSolutionProvider"
    }

    package var field: Field
    package var value: String
    package var `operator`: String = "starts_with"

    package init(field: Field, startsWith value: String) {
        self.field = field
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case field = "Field"
        case value = "Value"
        case `operator` = "Operator"
    }
}
