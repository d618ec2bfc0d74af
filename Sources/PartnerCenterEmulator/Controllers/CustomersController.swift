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

    @Sendable func create(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let creation = try CustomerCreation(try await request.decodeBody(CreateRequest.self, context: context))
        // create-a-customer-for-an-indirect-reseller.md: "supports authentication with App+User credentials only".
        if creation.request.associatedPartnerId != nil && context.principal?.appUser != true {
            throw PartnerCenterError.appUserRequired
        }
        let configuration = store.configuration
        let partnerTenant = context.partnerTenant
        let (record, password) = try await store.mutate { state in
            try creation.execute(in: &state, configuration: configuration, partnerTenant: partnerTenant)
        }
        if let reseller = record.associatedPartnerId {
            let body = CustomerResponses.indirectCreated(record, reseller: reseller, password: password)
            return try EmulatorJSON.response(status: .created, body)
        }
        return try EmulatorJSON.response(status: .created, CustomerResponses.created(record, password: password))
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
        try await store.mutate { state in try CustomerRemoval.deleteSandboxCustomer(id, in: &state) }
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
        try await store.mutate { state in try CustomerRemoval.removeRelationship(id, sandbox: sandbox, in: &state) }
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
        // `?indirectResellerId=` (swagger): the link for a customer of that reseller; 800015/800016 otherwise.
        let resellerId = request.uri.queryParameters["indirectResellerId"].map(String.init)
        let url = try await store.read { state in
            IndirectResellers.relationshipRequestURL(
                provider: state.partner,
                reseller: try resellerId.map { try IndirectResellers.authorize($0, in: state) }
            )
        }
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
