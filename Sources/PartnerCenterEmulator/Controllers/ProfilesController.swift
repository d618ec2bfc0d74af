import Foundation
import HTTPTypes
import Hummingbird

/// Billing profile (etag), company profile, usage spending budget, qualifications and verified domains
/// (billing-and-profile.md).
struct ProfilesController {
    let store: EmulatorStore
    var seed: UInt64 { store.configuration.seed }

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.get("customers/{customerId}/profiles/billing", use: getBilling)
        group.put("customers/{customerId}/profiles/billing", use: updateBilling)
        group.get("customers/{customerId}/profiles/company", use: getCompany)
        group.get("customers/{customerId}/usagebudget", use: getBudget)
        group.patch("customers/{customerId}/usagebudget", use: updateBudget)
        group.get("customers/{customerId}/qualifications", use: getQualifications)
        group.post("customers/{customerId}/qualifications", use: addQualification)
        group.post("customers/{customerId}/verifieddomain", use: addVerifiedDomain)
        group.get("profiles/mpn", use: getMpnProfile)
    }

    /// The MpnProfile resource (get-partner-by-mpn-id.md): `partnerName, mpnId, profileType, links, attributes`.
    struct MpnProfile: Encodable {
        var partnerName: String
        var mpnId: String
        var profileType = "MpnProfile"
        var links: [String: Link]
        var attributes = ResourceAttributes(objectType: "MpnProfile")
    }

    /// Partner organisations other than the emulator's own partner whose MPN ids resolve: the one in the
    /// documented example (get-partner-by-mpn-id.md, `"mpnId": "4391507"`, `"partnerName": "Microsoft Partner"`).
    static let otherPartners = ["4391507": "Microsoft Partner"]

    /// `GET /v1/profiles/mpn[?mpnId=]` (App+User only): without `mpnId` the signed-in partner's MPN profile; with
    /// it, the profile of that partner, which is how an MPN id is verified. An id no partner organisation has is
    /// the documented 404 / 3000 "Partner Organization with partner_id 9999999 could not be found".
    @Sendable func getMpnProfile(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        // ASP.NET reads query names in any case.
        let asked = request.uri.queryParameters.first { $0.key.lowercased() == "mpnid" }.map { String($0.value) }
        let partner = await store.read { $0.partner }
        guard let mpnId = asked?.trimmingCharacters(in: .whitespaces), !mpnId.isEmpty else {
            return try EmulatorJSON.response(
                status: .ok,
                MpnProfile(
                    partnerName: partner.companyName,
                    mpnId: partner.partnerId,
                    links: ["self": Link(uri: "/profiles/mpn")]
                )
            )
        }
        let name = mpnId == partner.partnerId ? partner.companyName : Self.otherPartners[mpnId]
        guard let name else {
            throw PartnerCenterError(
                status: .notFound,
                code: 3000,
                description: "Partner Organization with partner_id \(mpnId) could not be found"
            )
        }
        let query = mpnId.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? mpnId
        return try EmulatorJSON.response(
            status: .ok,
            MpnProfile(partnerName: name, mpnId: mpnId, links: ["self": Link(uri: "/profiles/mpn?mpnId=\(query)")])
        )
    }

    @Sendable func getBilling(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let record = try await store.read { try $0.customer(context.customerId) }
        return try EmulatorJSON.response(status: .ok, Self.billing(record))
    }

    static func billing(_ record: CustomerRecord) -> BillingProfile {
        var profile = record.billingProfile
        profile.links = ["self": Link(uri: "/v1/customers/\(record.id)/profiles/billing")]
        return profile
    }

    /// PUT of the full billing profile. The current etag must come in `If-Match` or in `attributes.etag` (the
    /// .NET SDK sends only the latter); a stale one gives 2055 (INDEX.md rule 14).
    @Sendable func updateBilling(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeBody(BillingProfile.self, context: context)
        let presented =
            request.headers[.ifMatch]?.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            ?? body.attributes?.etag
        let id = context.customerId
        let updated = try await store.mutate { state in
            try ProfileRules.updateBilling(of: id, to: body, presentedETag: presented, seed: seed, in: &state)
        }
        return try EmulatorJSON.response(status: .ok, Self.billing(updated))
    }

    @Sendable func getCompany(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let record = try await store.read { try $0.customer(context.customerId) }
        return try EmulatorJSON.response(status: .ok, CustomerResponses.companyProfile(record))
    }

    struct SpendingBudget: Codable {
        var amount: Double?
        var usageSpendingBudget: Double?
        var links: [String: Link]?
        var attributes: ResourceAttributes?
    }

    /// A budget that was never set answers 200 with no `amount` (and no `usageSpendingBudget`), not 404. What this
    /// rests on (billing-and-profile.md): the SpendingBudget model's `amount` is `decimal?` (.NET SDK
    /// `SpendingBudget.cs`, "Gets or sets the usage spending budget"), so a budget without an amount is a value
    /// the service has; the GET page documents only the 200 answer, and no error code in the catalogue stands for
    /// "no budget". The client reads an absent amount as "not set" (and would read a 404 the same way).
    @Sendable func getBudget(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let record = try await store.read { try $0.customer(context.customerId) }
        return try EmulatorJSON.response(status: .ok, Self.budget(record))
    }

    static func budget(_ record: CustomerRecord) -> SpendingBudget {
        SpendingBudget(
            amount: record.usageBudget,
            usageSpendingBudget: record.usageBudget,
            links: ["self": Link(uri: "/v1/customers/\(record.id)/usagebudget")],
            attributes: ResourceAttributes(objectType: "SpendingBudget")
        )
    }

    @Sendable func updateBudget(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeBody(SpendingBudget.self, context: context)
        guard let amount = body.amount, amount >= 0 else { throw PartnerCenterError.invalidProperty("Amount") }
        let id = context.customerId
        let record = try await store.mutate { state -> CustomerRecord in
            _ = try state.customer(id)
            state.customers[id]?.usageBudget = amount
            return try state.customer(id)
        }
        return try EmulatorJSON.response(status: .ok, Self.budget(record))
    }

    struct Qualification: Codable {
        var qualification: String
        var vettingStatus: String?
        var vettingCreatedDate: Date?
    }

    @Sendable func getQualifications(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let record = try await store.read { try $0.customer(context.customerId) }
        let items = record.qualifications.map {
            Qualification(
                qualification: $0.qualification,
                vettingStatus: $0.vettingStatus,
                vettingCreatedDate: $0.vettingCreatedDate
            )
        }
        return try EmulatorJSON.response(status: .ok, items)
    }

    /// Only Education or GovernmentCommunityCloud can be set (GCC needs `?code=`); vetting starts InReview.
    @Sendable func addQualification(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeBody(Qualification.self, context: context)
        let allowed = ["education": "Education", "governmentcommunitycloud": "GovernmentCommunityCloud"]
        guard let qualification = allowed[body.qualification.lowercased()] else {
            throw PartnerCenterError.invalidProperty("Qualification")
        }
        if qualification == "GovernmentCommunityCloud" && request.uri.queryParameters["code"] == nil {
            throw PartnerCenterError.invalidProperty("code")
        }
        let id = context.customerId
        let configuration = store.configuration
        let added = try await store.mutate { state -> QualificationRecord in
            _ = try state.customer(id)
            let record = QualificationRecord(
                qualification: qualification,
                vettingStatus: "InReview",
                vettingCreatedDate: EmulatorStore.now(configuration: configuration, state: state)
            )
            state.customers[id]?.qualifications.removeAll { $0.qualification == qualification }
            state.customers[id]?.qualifications.append(record)
            return record
        }
        return try EmulatorJSON.response(
            status: .created,
            Qualification(
                qualification: added.qualification,
                vettingStatus: added.vettingStatus,
                vettingCreatedDate: added.vettingCreatedDate
            )
        )
    }

    struct VerifiedDomainRequest: Decodable {
        var verifiedDomainName: String?
        var domain: DomainBody?
        var domainFederationSettings: [String: String?]?
    }

    struct DomainBody: Codable {
        var authenticationType: String?
        var capability: String?
        var isDefault: Bool?
        var isInitial: Bool?
        var name: String?
        var rootDomain: String?
        var status: String?
        var verificationMethod: String?
    }

    /// Domain registrars only; Federated domains need DomainFederationSettings (INDEX.md rule 20).
    @Sendable func addVerifiedDomain(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeBody(VerifiedDomainRequest.self, context: context)
        guard let name = (body.verifiedDomainName ?? body.domain?.name)?.lowercased(), !name.isEmpty,
            let domain = body.domain
        else {
            throw PartnerCenterError.invalidProperty("VerifiedDomainName")
        }
        let authentication = (domain.authenticationType ?? "").lowercased()
        guard ["managed", "federated"].contains(authentication) else {
            throw PartnerCenterError.invalidProperty("Domain.AuthenticationType")
        }
        if authentication == "federated" && body.domainFederationSettings == nil {
            throw PartnerCenterError.invalidProperty("DomainFederationSettings")
        }
        let id = context.customerId
        try await store.mutate { state in
            _ = try state.customer(id)
            guard state.partner.isDomainRegistrar else {
                throw PartnerCenterError(status: .forbidden, code: 2032, description: "Access denied")
            }
            if state.customers.values.contains(where: { $0.customDomains.contains(name) }) {
                throw PartnerCenterError(
                    status: .conflict,
                    code: 600011,
                    description: "The domain \(name) is not available",
                    data: [name]
                )
            }
            state.customers[id]?.customDomains.append(name)
        }
        let method = (domain.verificationMethod ?? "None").lowercased()
        let created = DomainBody(
            authenticationType: authentication,
            capability: (domain.capability ?? "email").lowercased(),
            isDefault: domain.isDefault ?? false,
            isInitial: domain.isInitial ?? false,
            name: body.verifiedDomainName ?? domain.name,
            rootDomain: nil,
            status: (domain.status ?? "verified").lowercased(),
            // The documented response turns "None" into "dns_record".
            verificationMethod: method == "email" ? "email" : "dns_record"
        )
        return try EmulatorJSON.response(status: .created, created)
    }
}
