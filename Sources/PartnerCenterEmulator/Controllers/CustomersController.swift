import Foundation
import HTTPTypes
import Hummingbird

/// Customers (customers.md): create, get, list with paging and filter, sandbox delete, reseller relationship
/// removal and request link, domain availability, address validation.
struct CustomersController {
    let store: EmulatorStore
    var seed: UInt64 { store.configuration.seed }

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.post("customers", use: create)
        group.get("customers", use: list)
        group.get("customers/relationshiprequests", use: relationshipRequest)
        group.get("customers/{customerId}", use: get)
        group.delete("customers/{customerId}", use: delete)
        group.patch("customers/{customerId}", use: removeRelationship)
        group.head("domains/{domain}", use: domainExists)
        group.post("validations/address", use: validateAddress)
    }

    struct CreateRequest: Decodable {
        var companyProfile: CompanyProfile?
        var billingProfile: BillingProfile?
        var enableGDAPByDefault: Bool?
        var associatedPartnerId: String?
    }

    /// Countries whose customers need `organizationRegistrationNumber` (create-a-customer.md).
    static let registrationNumberCountries: Set<String> = [
        "AM", "AZ", "BY", "HU", "KZ", "KG", "MD", "RU", "TJ", "UZ", "UA", "BR", "IN", "ZA", "PL", "AE", "SA", "TR",
        "TH", "VN", "MM", "IQ", "SS", "VE", "CN",
    ]

    /// Countries whose customers also need `billingProfile.defaultAddress.phoneNumber` (error 600051 in
    /// error-codes.md names exactly these).
    static let phoneNumberCountries: Set<String> = ["AM", "AZ", "BY", "HU", "KZ", "KG", "MD", "RU", "TJ", "UZ", "UA"]

    @Sendable func create(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeBody(CreateRequest.self, context: context)
        guard let company = body.companyProfile, let domain = company.domain?.lowercased(), !domain.isEmpty else {
            throw PartnerCenterError.invalidProperty("CompanyProfile.Domain")
        }
        guard let billing = body.billingProfile, let address = billing.defaultAddress else {
            throw PartnerCenterError.invalidProperty("BillingProfile.DefaultAddress")
        }
        for (name, value) in [
            ("Email", billing.email), ("Culture", billing.culture), ("Language", billing.language),
            ("CompanyName", billing.companyName),
        ]
        where (value ?? "").isEmpty {
            throw PartnerCenterError.invalidProperty("BillingProfile.\(name)")
        }
        guard domain.wholeMatch(of: /[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+/) != nil else {
            throw PartnerCenterError.invalidProperty("CompanyProfile.Domain")
        }
        let validation = AddressValidator.validate(address)
        if case .malformed(let field) = validation {
            throw PartnerCenterError.invalidProperty("BillingProfile.DefaultAddress.\(field)")
        }
        let country = (address.country ?? "").uppercased()
        let registration = company.organizationRegistrationNumber ?? ""
        if Self.registrationNumberCountries.contains(country) {
            guard !registration.isEmpty else {
                throw PartnerCenterError.badRequest("Organization registration ID information is missing", code: 600049)
            }
            guard !Self.phoneNumberCountries.contains(country) || !(address.phoneNumber ?? "").isEmpty else {
                throw PartnerCenterError.badRequest("Customer phone number is missing", code: 600051)
            }
        } else if !registration.isEmpty {
            throw PartnerCenterError.badRequest("Organization registration ID value is not supported", code: 600002)
        }
        let sandbox = store.configuration.sandbox
        let partnerTenant = context.partnerTenant
        let (record, password) = try await store.mutate { state -> (CustomerRecord, String) in
            if state.customers.values.contains(where: { $0.customDomains.contains(domain) }) {
                // Not documented (INDEX.md rule 4 "[derived]"): the emulator answers 409 Conflict.
                throw PartnerCenterError(
                    status: .conflict,
                    code: 600011,
                    description: "The domain \(domain) is not available",
                    data: [domain]
                )
            }
            if sandbox && state.customerOrder.count >= 75 {
                throw PartnerCenterError.badRequest("The sandbox limit has been met", code: 800018)
            }
            let id = state.newGUID(seed: seed)
            var normalizedAddress = address
            normalizedAddress.country = country
            // The documented creation answer shows an empty phone number when none was given.
            normalizedAddress.phoneNumber = address.phoneNumber ?? ""
            var billingProfile = BillingProfile(
                id: state.newGUID(seed: seed),
                firstName: billing.firstName ?? address.firstName,
                lastName: billing.lastName ?? address.lastName,
                email: billing.email,
                culture: Self.normalizedCulture(billing.culture ?? "en-US"),
                language: (billing.language ?? "en").lowercased(),
                companyName: billing.companyName,
                defaultAddress: normalizedAddress,
                links: nil,
                attributes: ResourceAttributes(etag: state.newETag(seed: seed), objectType: "CustomerBillingProfile")
            )
            billingProfile.links = ["self": Link(uri: "/customers/\(id)/profiles/billing")]
            let record = CustomerRecord(
                id: id,
                commerceId: state.newGUID(seed: seed),
                companyProfile: CompanyProfile(
                    tenantId: id,
                    domain: domain,
                    companyName: billing.companyName,
                    address: Self.companyAddress(normalizedAddress),
                    email: billing.email,
                    organizationRegistrationNumber: company.organizationRegistrationNumber,
                    links: nil,
                    attributes: nil
                ),
                billingProfile: billingProfile,
                relationshipToPartner: "reseller",
                allowDelegatedAccess: !(body.enableGDAPByDefault ?? false),
                customDomains: [domain],
                enableGDAPByDefault: body.enableGDAPByDefault,
                associatedPartnerId: body.associatedPartnerId,
                createdAt: EmulatorStore.now(configuration: store.configuration, state: state),
                invalidAddress: Self.isInvalid(validation),
                usageBudget: nil,
                qualifications: []
            )
            state.customers[id] = record
            state.customerOrder.append(id)
            // default-gdap.md: with `enableGDAPByDefault` true or omitted, Partner Center gives a new customer the
            // default GDAP relationship, active at once. Integration sandboxes have no GDAP, so the emulator skips it
            // there (the references are silent; this is what the real sandbox most likely does).
            if !sandbox && body.enableGDAPByDefault != false {
                let relationshipGUID = state.newGUID(seed: seed)
                _ = state.graph.createDefaultRelationship(
                    customerTenantId: id,
                    customerName: billing.companyName,
                    partnerTenantId: partnerTenant,
                    now: record.createdAt,
                    newID: { relationshipGUID }
                )
            }
            return (record, state.newPassword(seed: seed))
        }
        return try EmulatorJSON.response(status: .created, CustomerResponses.created(record, password: password))
    }

    /// The company profile's address as get-a-customer-by-id shows it: region instead of state, no contact names.
    static func companyAddress(_ address: Address) -> Address {
        var company = Address(
            country: address.country,
            city: address.city,
            state: nil,
            addressLine1: address.addressLine1,
            addressLine2: address.addressLine2,
            postalCode: address.postalCode
        )
        company.region = address.state?.lowercased() ?? address.region
        company.phoneNumber = address.phoneNumber
        return company
    }

    private static func isInvalid(_ outcome: AddressValidator.Outcome) -> Bool {
        if case .verified = outcome { return false }
        return true
    }

    /// `EN-US` -> `en-US`.
    static func normalizedCulture(_ culture: String) -> String {
        let parts = culture.split(separator: "-")
        guard parts.count == 2 else { return culture }
        return parts[0].lowercased() + "-" + parts[1].uppercased()
    }

    @Sendable func get(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let record = try await store.read { try $0.customer(context.customerId) }
        return try EmulatorJSON.response(status: .ok, CustomerResponses.full(record))
    }

    @Sendable func list(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let query = CustomerQuery(request: request)
        let page = try await store.read { state in try query.page(state: state) }
        return try EmulatorJSON.response(status: .ok, page)
    }

    @Sendable func delete(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        guard store.configuration.sandbox else {
            // Deletion exists only for integration-sandbox (TiP) accounts; the production error is not documented.
            throw PartnerCenterError(
                status: .forbidden,
                code: 600006,
                description: "The requested action is not allowed",
                data: ["Customer deletion is only supported in the integration sandbox"]
            )
        }
        let id = context.customerId
        try await store.mutate { state in
            let record = try state.customer(id)
            if record.invalidAddress {
                throw PartnerCenterError(
                    status: .forbidden,
                    code: 600006,
                    description: "The requested action is not allowed",
                    data: ["A customer created with an invalid address cannot be deleted"]
                )
            }
            state.purgeCustomer(id)
        }
        return Response(status: .noContent)
    }

    struct RelationshipPatch: Decodable {
        var relationshipToPartner: String?
    }

    /// PATCH relationshipToPartner: none (App+User). Every subscription must be suspended first; in the sandbox
    /// the removal deletes the customer tenant (sandbox-scenario.md).
    @Sendable func removeRelationship(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeBody(RelationshipPatch.self, context: context)
        guard body.relationshipToPartner?.lowercased() == "none" else {
            throw PartnerCenterError.invalidProperty("RelationshipToPartner")
        }
        let id = context.customerId
        let sandbox = store.configuration.sandbox
        try await store.mutate { state in
            _ = try state.customer(id)
            let active = (state.subscriptions[id] ?? [:]).values.filter { $0.resource.status == "active" }
            guard active.isEmpty else {
                throw PartnerCenterError(
                    status: .forbidden,
                    code: 600006,
                    description: "The requested action is not allowed",
                    data: ["All subscriptions must be suspended before the reseller relationship is removed"]
                )
            }
            if sandbox {
                state.purgeCustomer(id)
            } else {
                state.customers[id]?.relationshipToPartner = "none"
                state.customerOrder.removeAll { $0 == id }
            }
        }
        return try EmulatorJSON.response(status: .ok, RemovedRelationship())
    }

    /// The documented response of the relationship removal, PascalCase and nulls included.
    struct RemovedRelationship: Encodable {
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: AnyKey.self)
            for key in ["Id", "CommerceId", "CompanyProfile", "BillingProfile"] {
                try container.encodeNil(forKey: AnyKey(key))
            }
            try container.encode("none", forKey: AnyKey("RelationshipToPartner"))
            for key in ["AllowDelegatedAccess", "UserCredentials", "CustomDomains", "AssociatedPartnerId"] {
                try container.encodeNil(forKey: AnyKey(key))
            }
            try container.encode(["ObjectType": "Customer"], forKey: AnyKey("Attributes"))
        }
    }

    struct RelationshipRequestBody: Encodable {
        var url: String
        var attributes = ResourceAttributes(objectType: "RelationshipRequest")
    }

    @Sendable func relationshipRequest(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let partnerId = await store.read { $0.partner.partnerId }
        let url =
            "https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId=\(partnerId)"
            + "&msppId=0&DAP=false#/BillingAccounts/partner-invitation"
        return try EmulatorJSON.response(status: .ok, RelationshipRequestBody(url: url))
    }

    /// 200 when the domain is taken, 404 when it is available; no body either way.
    @Sendable func domainExists(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let domain = (context.parameters.get("domain") ?? "").lowercased()
        let taken = await store.read { state in
            state.customers.values.contains { $0.customDomains.contains(domain) }
        }
        return Response(status: taken ? .ok : .notFound)
    }

    struct AddressValidationResponse: Encodable {
        var originalAddress: Address
        var suggestedAddresses: [Address]
        var status: String
        var validationMessage: String?
    }

    @Sendable func validateAddress(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let address = try await request.decodeBody(Address.self, context: context)
        let body: AddressValidationResponse
        switch AddressValidator.validate(address) {
        case .malformed(let field):
            throw PartnerCenterError.invalidProperty(field)
        case .verified(let suggestion):
            body = .init(originalAddress: address, suggestedAddresses: [suggestion], status: "VerifiedShippable")
        case .partial(let status, let suggestion, let message):
            body = .init(
                originalAddress: address,
                suggestedAddresses: [suggestion],
                status: status,
                validationMessage: message
            )
        case .none(let message):
            body = .init(originalAddress: address, suggestedAddresses: [], status: "None", validationMessage: message)
        }
        return try EmulatorJSON.response(status: .ok, body)
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { self.stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension EmulatorState {
    /// Removes a customer and everything under it (sandbox deletion).
    mutating func purgeCustomer(_ id: String) {
        customers[id] = nil
        customerOrder.removeAll { $0 == id }
        subscriptions[id] = nil
        orders[id] = nil
        carts[id] = nil
        agreements[id] = nil
    }
}
