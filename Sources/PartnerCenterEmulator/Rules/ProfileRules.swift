import Foundation
import HTTPTypes

/// The rules of a billing profile PUT (billing-and-profile.md): the current etag is required (412) and must match
/// (2055, INDEX.md rule 14); an address must be complete; what the body leaves out keeps its value; every change
/// gets a new etag.
enum ProfileRules {
    static func updateBilling(
        of id: String,
        to body: BillingProfile,
        presentedETag presented: String?,
        seed: UInt64,
        in state: inout EmulatorState
    ) throws -> CustomerRecord {
        var record = try state.customer(id)
        guard let presented, !presented.isEmpty else {
            throw PartnerCenterError(
                status: .preconditionFailed,
                code: 412,
                description: "If-Match header or etag is required"
            )
        }
        guard presented == record.billingProfile.attributes?.etag else { throw PartnerCenterError.staleETag }
        if let address = body.defaultAddress, case .malformed(let field) = AddressValidator.validate(address) {
            throw PartnerCenterError.invalidProperty("DefaultAddress.\(field)")
        }
        var profile = record.billingProfile
        profile.firstName = body.firstName ?? profile.firstName
        profile.lastName = body.lastName ?? profile.lastName
        profile.email = body.email ?? profile.email
        profile.culture = body.culture.map(CustomerCreation.normalizedCulture) ?? profile.culture
        profile.language = body.language?.lowercased() ?? profile.language
        profile.companyName = body.companyName ?? profile.companyName
        profile.defaultAddress = body.defaultAddress ?? profile.defaultAddress
        profile.attributes = ResourceAttributes(
            etag: state.newETag(seed: seed),
            objectType: "CustomerBillingProfile"
        )
        record.billingProfile = profile
        state.customers[id] = record
        return record
    }
}
