package import Foundation

/// A customer's acceptance of an agreement (`/v1/customers/{id}/agreements`), such as the Microsoft Customer
/// Agreement.
package struct Agreement: Codable, Hashable, Sendable {
    package var userId: String?
    package var primaryContact: AgreementContact?
    package var templateId: String?
    package var dateAgreed: Date?
    package var type: String?
    package var agreementLink: String?
    package var attributes: ResourceAttributes?

    package init(primaryContact: AgreementContact, templateId: String, dateAgreed: Date, type: String) {
        self.primaryContact = primaryContact
        self.templateId = templateId
        self.dateAgreed = dateAgreed
        self.type = type
    }

    package static let microsoftCustomerAgreement = "MicrosoftCustomerAgreement"
}

/// The customer's person who accepted the agreement.
package struct AgreementContact: Codable, Hashable, Sendable {
    package var firstName: String?
    package var lastName: String?
    package var email: String?
    package var phoneNumber: String?

    package init(firstName: String, lastName: String, email: String, phoneNumber: String? = nil) {
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phoneNumber = phoneNumber
    }
}

/// `GET /v1/agreements`: an agreement template (`templateId` is what a confirmation must name).
package struct AgreementMetadata: Codable, Hashable, Sendable {
    package var templateId: String?
    package var agreementType: String?
    package var agreementLink: String?
    package var versionRank: Int?
}

/// `GET /v1/customers/{id}/directSignedMicrosoftCustomerAgreementStatus`.
package struct DirectSignedAgreementStatus: Codable, Hashable, Sendable {
    package var isSigned: Bool
}
