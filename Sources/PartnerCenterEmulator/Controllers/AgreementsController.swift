import Foundation
import HTTPTypes
import Hummingbird

/// Agreement metadata, MCA acceptance confirmation and lookup, direct-sign status (billing-and-profile.md).
struct AgreementsController {
    let store: EmulatorStore

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.get("agreements", use: metadata)
        group.post("customers/{customerId}/agreements", use: confirm)
        group.get("customers/{customerId}/agreements", use: list)
        group.get("customers/{customerId}/directSignedMicrosoftCustomerAgreementStatus", use: directSignStatus)
    }

    struct Metadata: Encodable {
        var templateId: String
        var agreementType: String
        var agreementLink: String
        var versionRank: Int
    }

    /// The documented templates (get-agreement-metadata.md, get-customer-agreement-metadata.md).
    static let templates = [
        Metadata(
            templateId: "998b88de-aa99-4388-a42c-1b3517d49490",
            agreementType: "MicrosoftCloudAgreement",
            agreementLink: "https://docs.microsoft.com/partner-center/agreements",
            versionRank: 0
        ),
        Metadata(
            templateId: "117a77b0-9360-443b-8795-c6dedc750cf9",
            agreementType: "MicrosoftCustomerAgreement",
            agreementLink: "https://aka.ms/customeragreement",
            versionRank: 0
        ),
    ]

    static let customerAgreementType = "MicrosoftCustomerAgreement"

    @Sendable func metadata(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let type = request.uri.queryParameters["agreementType"].map(String.init)
        let items = Self.templates.filter { template in
            guard let type, type != "*" else { return true }
            return template.agreementType.caseInsensitiveCompare(type) == .orderedSame
        }
        return try EmulatorJSON.response(
            status: .ok,
            ResourceCollection(items: items, links: ["self": Link(uri: "/agreements")])
        )
    }

    struct ConfirmRequest: Decodable {
        var primaryContact: Contact?
        var templateId: String?
        var dateAgreed: String?
        var type: String?
    }

    struct Confirmed: Encodable {
        var userId: String?
        var primaryContact: Contact
        var templateId: String
        var dateAgreed: String
        var type: String
    }

    struct Listed: Encodable {
        var primaryContact: Contact
        var templateId: String
        var dateAgreed: String
        var type: String
        var agreementLink: String?
    }

    /// 201 with the Agreement. A second confirmation with the same contact is a duplicate: 409 / 600061
    /// (billing-and-profile.md; announcement of 16 Nov 2020).
    @Sendable func confirm(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let confirmation = try AgreementConfirmation(
            try await request.decodeBody(ConfirmRequest.self, context: context),
            templates: Self.templates
        )
        let id = context.customerId
        let userId = context.principal?.userPrincipalName
        let seed = store.configuration.seed
        let record = try await store.mutate { state in
            try confirmation.execute(for: id, userId: userId, seed: seed, in: &state)
        }
        let body201 = Confirmed(
            userId: record.userId,
            primaryContact: record.primaryContact,
            templateId: record.templateId,
            dateAgreed: record.dateAgreed,
            type: record.type
        )
        return try EmulatorJSON.response(status: .created, body201)
    }

    /// Without `agreementType` the service returns MicrosoftCloudAgreement confirmations; `*` returns all.
    @Sendable func list(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let type = request.uri.queryParameters["agreementType"].map(String.init) ?? "MicrosoftCloudAgreement"
        let id = context.customerId
        let records = try await store.read { state in
            _ = try state.customer(id)
            return state.agreements[id] ?? []
        }
        let items = records.filter { type == "*" || $0.type.caseInsensitiveCompare(type) == .orderedSame }
            .map {
                Listed(
                    primaryContact: $0.primaryContact,
                    templateId: $0.templateId,
                    dateAgreed: $0.dateAgreed,
                    type: $0.type,
                    agreementLink: $0.agreementLink
                )
            }
        return try EmulatorJSON.response(status: .ok, ResourceCollection(items: items))
    }

    struct DirectSignStatus: Encodable {
        var isSigned: Bool
    }

    /// The emulated customers never sign directly in the admin center: always false.
    @Sendable func directSignStatus(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        _ = try await store.read { try $0.customer(context.customerId) }
        return try EmulatorJSON.response(status: .ok, DirectSignStatus(isSigned: false))
    }
}

/// The documented duplicate-confirmation error (its body has more keys than the usual error shape).
struct AgreementConflictError: HTTPResponseError {
    var status: HTTPResponse.Status { .conflict }

    private struct Body: Encodable {
        var code = 600061
        var message = "A partner confirmed agreement already exists for the customer."
        var description = "A partner confirmed agreement already exists for the customer."
        var errorName = "PartnerConfirmedAgreementAlreadyExists"
        var isRetryable = false
        var parameters: [String: String] = [:]
        var errorMessageExtended = "InternalErrorCode=600061"
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try EmulatorJSON.response(status: .conflict, Body())
    }
}

extension EmulatorState {
    /// Whether the customer's MCA acceptance has been confirmed (needed for NCE purchases, INDEX.md rule 19).
    func hasCustomerAgreement(_ customerId: String) -> Bool {
        (agreements[customerId] ?? []).contains { $0.type == AgreementsController.customerAgreementType }
    }
}
