/// A postal address (`defaultAddress` of a billing profile, `address` of a company profile).
package struct Address: Codable, Hashable, Sendable {
    package var country: String?
    package var region: String?
    package var city: String?
    package var state: String?
    package var district: String?
    package var addressLine1: String?
    package var addressLine2: String?
    package var addressLine3: String?
    package var postalCode: String?
    package var firstName: String?
    package var middleName: String?
    package var lastName: String?
    package var phoneNumber: String?
    package var emailAddress: String?

    package init(
        country: String? = nil,
        city: String? = nil,
        state: String? = nil,
        addressLine1: String? = nil,
        addressLine2: String? = nil,
        postalCode: String? = nil,
        firstName: String? = nil,
        lastName: String? = nil,
        phoneNumber: String? = nil
    ) {
        self.country = country
        self.city = city
        self.state = state
        self.addressLine1 = addressLine1
        self.addressLine2 = addressLine2
        self.postalCode = postalCode
        self.firstName = firstName
        self.lastName = lastName
        self.phoneNumber = phoneNumber
    }
}
