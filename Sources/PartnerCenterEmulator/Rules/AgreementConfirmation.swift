import Foundation

/// Confirming a customer's acceptance of an agreement (billing-and-profile.md): a primary contact with first and
/// last name and email, a documented agreement type and its template id, an ISO-8601 date; a second confirmation
/// with the same contact is a duplicate (409 / 600061, announcement of 16 Nov 2020).
struct AgreementConfirmation {
    var contact: Contact
    var template: AgreementsController.Metadata
    var dateAgreed: String

    /// Checks the request; throws the service's error for the first problem.
    init(_ body: AgreementsController.ConfirmRequest, templates: [AgreementsController.Metadata]) throws {
        guard let contact = body.primaryContact, !(contact.firstName ?? "").isEmpty, !(contact.lastName ?? "").isEmpty,
            !(contact.email ?? "").isEmpty
        else {
            throw PartnerCenterError.invalidProperty("PrimaryContact")
        }
        guard let type = body.type,
            let template = templates.first(where: {
                $0.agreementType.caseInsensitiveCompare(type) == .orderedSame
            })
        else {
            throw PartnerCenterError.invalidProperty("Type")
        }
        guard body.templateId?.lowercased() == template.templateId else {
            throw PartnerCenterError.invalidProperty("TemplateId")
        }
        guard let dateAgreed = body.dateAgreed, EmulatorJSON.parse(dateAgreed) != nil else {
            throw PartnerCenterError.invalidProperty("DateAgreed")
        }
        self.contact = contact
        self.template = template
        self.dateAgreed = dateAgreed
    }

    /// Records the confirmation for customer `id`; `userId` (an App+User caller) gets the record a user id.
    func execute(for id: String, userId: String?, seed: UInt64, in state: inout EmulatorState) throws -> AgreementRecord
    {
        _ = try state.customer(id)
        let existing = state.agreements[id] ?? []
        if existing.contains(where: { $0.type == template.agreementType && $0.primaryContact == contact }) {
            throw AgreementConflictError()
        }
        let record = AgreementRecord(
            primaryContact: contact,
            templateId: template.templateId,
            dateAgreed: dateAgreed,
            type: template.agreementType,
            agreementLink: template.agreementLink,
            userId: userId.map { _ in state.newGUID(seed: seed) }
        )
        state.agreements[id, default: []].append(record)
        return record
    }
}
