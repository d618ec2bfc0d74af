import Foundation

/// The documented shapes of the Customer resource: as created (create-a-customer.md), as read by id
/// (get-a-customer-by-id.md) and as a list item (get-a-list-of-customers.md).
enum CustomerResponses {
    struct Created: Encodable, Sendable {
        var id: String
        var commerceId: String
        var companyProfile: CompanyProfile
        var billingProfile: BillingProfile
        var enableGDAPByDefault: Bool?
        var relationshipToPartner: String
        var userCredentials: UserCredentials
        var attributes = ResourceAttributes(objectType: "Customer")
    }

    struct UserCredentials: Encodable, Sendable {
        var userName: String
        var password: String
    }

    struct Full: Encodable, Sendable {
        var id: String
        var commerceId: String
        var companyProfile: CompanyProfile
        var billingProfile: BillingProfile
        var relationshipToPartner: String
        var allowDelegatedAccess: Bool
        var customDomains: [String]
        var associatedPartnerId: String?
        var links: [String: Link]
        var attributes = ResourceAttributes(objectType: "Customer")
    }

    struct ListItem: Encodable, Sendable {
        var id: String
        var companyProfile: CompanyProfile
        var relationshipToPartner: String
        var attributes = ResourceAttributes(objectType: "Customer")
    }

    static func created(_ record: CustomerRecord, password: String) -> Created {
        var company = CompanyProfile(tenantId: record.id, domain: record.companyProfile.domain)
        company.attributes = ResourceAttributes(objectType: "CustomerCompanyProfile")
        var billing = record.billingProfile
        // As documented, the creation answer has no links and no profile-level contact names, and shows the
        // relationship as "none".
        billing.links = nil
        billing.firstName = nil
        billing.lastName = nil
        return Created(
            id: record.id,
            commerceId: record.commerceId,
            companyProfile: company,
            billingProfile: billing,
            enableGDAPByDefault: record.enableGDAPByDefault,
            relationshipToPartner: "none",
            userCredentials: UserCredentials(userName: "admin", password: password)
        )
    }

    static func full(_ record: CustomerRecord) -> Full {
        Full(
            id: record.id,
            commerceId: record.commerceId,
            companyProfile: companyProfile(record),
            billingProfile: record.billingProfile,
            relationshipToPartner: record.relationshipToPartner,
            allowDelegatedAccess: record.allowDelegatedAccess,
            customDomains: record.customDomains,
            associatedPartnerId: record.associatedPartnerId,
            links: ["self": Link(uri: "/customers/\(record.id)")]
        )
    }

    static func listItem(_ record: CustomerRecord) -> ListItem {
        var company = CompanyProfile(
            tenantId: record.id,
            domain: record.companyProfile.domain,
            companyName: record.companyProfile.companyName
        )
        company.attributes = ResourceAttributes(objectType: "CustomerCompanyProfile")
        return ListItem(id: record.id, companyProfile: company, relationshipToPartner: record.relationshipToPartner)
    }

    /// The company profile as `GET .../profiles/company` and get-by-id show it.
    static func companyProfile(_ record: CustomerRecord) -> CompanyProfile {
        var profile = record.companyProfile
        profile.tenantId = record.id
        profile.links = ["self": Link(uri: "/customers/\(record.id)/profiles/company")]
        profile.attributes = ResourceAttributes(objectType: "CustomerCompanyProfile")
        return profile
    }
}

extension CompanyProfile {
    init(tenantId: String?, domain: String?, companyName: String? = nil) {
        self.init(
            tenantId: tenantId,
            domain: domain,
            companyName: companyName,
            address: nil,
            email: nil,
            organizationRegistrationNumber: nil,
            links: nil,
            attributes: nil
        )
    }
}
