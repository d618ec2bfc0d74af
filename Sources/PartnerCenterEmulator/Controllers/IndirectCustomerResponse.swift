import Foundation

/// The creation answer for a customer of an indirect reseller, in the shape of
/// create-a-customer-for-an-indirect-reseller.md's example: unlike a direct customer's (seed 001), the company
/// profile has its name and self link, the relationship reads `reseller`, and `allowDelegatedAccess` and
/// `associatedPartnerId` (the reseller's tenant id) are present.
extension CustomerResponses {
    struct IndirectCreated: Encodable, Sendable {
        var id: String
        var commerceId: String
        var companyProfile: CompanyProfile
        var billingProfile: BillingProfile
        var relationshipToPartner: String
        var allowDelegatedAccess: Bool
        var userCredentials: UserCredentials
        var associatedPartnerId: String
        var attributes = ResourceAttributes(objectType: "Customer")
    }

    static func indirectCreated(_ record: CustomerRecord, reseller: String, password: String) -> IndirectCreated {
        // The direct answer's billing profile and credentials; the company profile also has its name and link.
        let direct = created(record, password: password)
        var company = direct.companyProfile
        company.companyName = record.companyProfile.companyName
        company.links = ["self": Link(uri: "/customers/\(record.id)/profiles/company")]
        return IndirectCreated(
            id: record.id,
            commerceId: record.commerceId,
            companyProfile: company,
            billingProfile: direct.billingProfile,
            relationshipToPartner: record.relationshipToPartner,
            allowDelegatedAccess: record.allowDelegatedAccess,
            userCredentials: direct.userCredentials,
            associatedPartnerId: reseller
        )
    }
}
