package import Foundation

/// A customer as stored. Responses are built from it in the documented shapes (`CustomerResponses`).
package struct CustomerRecord: Codable, Sendable, Equatable {
    package var id: String
    package var commerceId: String
    package var companyProfile: CompanyProfile
    package var billingProfile: BillingProfile
    package var relationshipToPartner: String
    package var allowDelegatedAccess: Bool
    package var customDomains: [String]
    package var enableGDAPByDefault: Bool?
    package var associatedPartnerId: String?
    package var createdAt: Date
    /// Created with an address that does not validate (sandbox: such a customer cannot be deleted).
    package var invalidAddress: Bool
    package var usageBudget: Double?
    package var qualifications: [QualificationRecord]
}

/// CustomerCompanyProfile.
package struct CompanyProfile: Codable, Sendable, Equatable {
    package var tenantId: String?
    package var domain: String?
    package var companyName: String?
    package var address: Address?
    package var email: String?
    package var organizationRegistrationNumber: String?
    package var links: [String: Link]?
    package var attributes: ResourceAttributes?
}

/// CustomerBillingProfile.
package struct BillingProfile: Codable, Sendable, Equatable {
    package var id: String?
    package var firstName: String?
    package var lastName: String?
    package var email: String?
    package var culture: String?
    package var language: String?
    package var companyName: String?
    package var defaultAddress: Address?
    package var links: [String: Link]?
    package var attributes: ResourceAttributes?
}

package struct QualificationRecord: Codable, Sendable, Equatable {
    package var qualification: String
    package var vettingStatus: String
    package var vettingCreatedDate: Date
}

/// A confirmed customer agreement (MCA acceptance).
package struct AgreementRecord: Codable, Sendable, Equatable {
    package var primaryContact: Contact
    package var templateId: String
    package var dateAgreed: String
    package var type: String
    package var agreementLink: String?
    package var userId: String?
}

/// Contact (utility-resources.md).
package struct Contact: Codable, Sendable, Equatable {
    package var firstName: String?
    package var lastName: String?
    package var email: String?
    package var phoneNumber: String?
}
