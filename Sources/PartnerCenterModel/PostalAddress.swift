/// A postal address: Partner Center's `defaultAddress`, as the manifest asks for it (`billing.address`) and as
/// the service returns it. One type for both sides, so the planner compares them field by field.
///
/// Every field is optional because the service may omit any; the manifest's required fields (`addressLine1`,
/// `city`, `country`) are enforced where the manifest is validated (`RequiredKeysRule`), and the desired state is
/// only built with them. The wire shape (`Address` in PartnerCenterWire) stays a separate type: it is the JSON
/// mapping; the emulator keeps its own, since it must not share wire types with the client.
package struct PostalAddress: Sendable, Hashable, Codable {
    package var firstName: String?
    package var lastName: String?
    package var addressLine1: String?
    package var addressLine2: String?
    package var addressLine3: String?
    package var city: String?
    package var state: String?
    package var postalCode: String?
    /// ISO 3166-1 alpha-2; upper case in the desired state, as sent by the service in the live state.
    package var country: String?
    package var region: String?
    package var district: String?
    package var phoneNumber: String?

    package init(
        firstName: String? = nil,
        lastName: String? = nil,
        addressLine1: String? = nil,
        addressLine2: String? = nil,
        addressLine3: String? = nil,
        city: String? = nil,
        state: String? = nil,
        postalCode: String? = nil,
        country: String? = nil,
        region: String? = nil,
        district: String? = nil,
        phoneNumber: String? = nil
    ) {
        self.firstName = firstName
        self.lastName = lastName
        self.addressLine1 = addressLine1
        self.addressLine2 = addressLine2
        self.addressLine3 = addressLine3
        self.city = city
        self.state = state
        self.postalCode = postalCode
        self.country = country
        self.region = region
        self.district = district
        self.phoneNumber = phoneNumber
    }
}
