import PartnerCenterModel

extension BillingAttribute {
    /// The attribute as the manifest gives it; nil when the manifest does not manage it.
    func value(in desired: DesiredCustomer) -> String? {
        switch self {
        case .companyName: return desired.companyName
        case .email: return desired.billing?.email
        case .culture: return desired.billing?.culture
        case .language: return desired.billing?.language
        default: return desired.billing?.address.flatMap(value(in:))
        }
    }

    private func value(in address: PostalAddress) -> String? {
        switch self {
        case .firstName: return address.firstName
        case .lastName: return address.lastName
        case .addressLine1: return address.addressLine1
        case .addressLine2: return address.addressLine2
        case .addressLine3: return address.addressLine3
        case .city: return address.city
        case .state: return address.state
        case .postalCode: return address.postalCode
        case .country: return address.country
        case .region: return address.region
        case .district: return address.district
        case .phoneNumber: return address.phoneNumber
        case .companyName, .email, .culture, .language: return nil
        }
    }

    /// The attribute as Partner Center holds it.
    func value(in live: LiveBillingProfile) -> String? {
        switch self {
        case .companyName: return live.companyName
        case .email: return live.email
        case .culture: return live.culture
        case .language: return live.language
        case .firstName: return live.address?.firstName
        case .lastName: return live.address?.lastName
        case .addressLine1: return live.address?.addressLine1
        case .addressLine2: return live.address?.addressLine2
        case .addressLine3: return live.address?.addressLine3
        case .city: return live.address?.city
        case .state: return live.address?.state
        case .postalCode: return live.address?.postalCode
        case .country: return live.address?.country
        case .region: return live.address?.region
        case .district: return live.address?.district
        case .phoneNumber: return live.address?.phoneNumber
        }
    }

    /// The attributes a billing change's diffs set, with their new values.
    static func values(of diffs: [AttributeDiff]) -> [BillingAttribute: String] {
        var values: [BillingAttribute: String] = [:]
        for diff in diffs {
            if let attribute = BillingAttribute(rawValue: diff.path), case .string(let value)? = diff.after {
                values[attribute] = value
            }
        }
        return values
    }
}
