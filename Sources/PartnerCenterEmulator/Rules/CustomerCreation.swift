import Foundation
import HTTPTypes

/// Creating a customer (create-a-customer.md): the request's checks in the service's order (domain, billing
/// profile, address, registration number and phone by country), then the record with its billing profile, the
/// domain's uniqueness (600011), the sandbox quota (800018, INDEX.md rule 12) and the default GDAP relationship.
struct CustomerCreation {
    var request: CustomersController.CreateRequest
    var company: CompanyProfile
    var domain: String
    var billing: BillingProfile
    var address: Address
    var country: String
    var validation: AddressValidator.Outcome

    /// Countries whose customers need `organizationRegistrationNumber` (create-a-customer.md).
    static let registrationNumberCountries: Set<String> = [
        "AM", "AZ", "BY", "HU", "KZ", "KG", "MD", "RU", "TJ", "UZ", "UA", "BR", "IN", "ZA", "PL", "AE", "SA", "TR",
        "TH", "VN", "MM", "IQ", "SS", "VE", "CN",
    ]

    /// Countries whose customers also need `billingProfile.defaultAddress.phoneNumber` (error 600051 in
    /// error-codes.md names exactly these).
    static let phoneNumberCountries: Set<String> = ["AM", "AZ", "BY", "HU", "KZ", "KG", "MD", "RU", "TJ", "UZ", "UA"]

    /// Checks the request; throws the service's error for the first problem.
    init(_ body: CustomersController.CreateRequest) throws {
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
        try Self.checkRegistration(company.organizationRegistrationNumber ?? "", address: address, country: country)
        self.request = body
        self.company = company
        self.domain = domain
        self.billing = billing
        self.address = address
        self.country = country
        self.validation = validation
    }

    /// Registration number and phone number by country (600049, 600051, 600002).
    private static func checkRegistration(_ registration: String, address: Address, country: String) throws {
        if registrationNumberCountries.contains(country) {
            guard !registration.isEmpty else {
                throw PartnerCenterError.badRequest("Organization registration ID information is missing", code: 600049)
            }
            guard !phoneNumberCountries.contains(country) || !(address.phoneNumber ?? "").isEmpty else {
                throw PartnerCenterError.badRequest("Customer phone number is missing", code: 600051)
            }
        } else if !registration.isEmpty {
            throw PartnerCenterError.badRequest("Organization registration ID value is not supported", code: 600002)
        }
    }

    /// Adds the customer to the state; returns the record and the new admin's password.
    func execute(
        in state: inout EmulatorState,
        configuration: EmulatorConfiguration,
        partnerTenant: String
    ) throws -> (CustomerRecord, String) {
        let seed = configuration.seed
        if state.customers.values.contains(where: { $0.customDomains.contains(domain) }) {
            // Not documented (INDEX.md rule 4 "[derived]"): the emulator answers 409 Conflict.
            throw PartnerCenterError(
                status: .conflict,
                code: 600011,
                description: "The domain \(domain) is not available",
                data: [domain]
            )
        }
        // create-a-customer-for-an-indirect-reseller.md: the reseller "must have a partnership with the indirect
        // provider or the request will fail"; the customer keeps the reseller's tenant id.
        let reseller = try request.associatedPartnerId.map { try IndirectResellers.authorize($0, in: state) }
        if configuration.sandbox && state.customerOrder.count >= 75 {
            throw PartnerCenterError.badRequest("The sandbox limit has been met", code: 800018)
        }
        var record = newRecord(
            in: &state,
            seed: seed,
            now: EmulatorStore.now(configuration: configuration, state: state)
        )
        record.associatedPartnerId = reseller?.tenantId
        state.customers[record.id] = record
        state.customerOrder.append(record.id)
        // default-gdap.md: with `enableGDAPByDefault` true or omitted, Partner Center gives a new customer the
        // default GDAP relationship, active at once. Integration sandboxes have no GDAP, so the emulator skips it
        // there (the references are silent; this is what the real sandbox most likely does).
        if !configuration.sandbox && request.enableGDAPByDefault != false {
            let relationshipGUID = state.newGUID(seed: seed)
            _ = state.graph.createDefaultRelationship(
                customerTenantId: record.id,
                customerName: billing.companyName,
                partnerTenantId: partnerTenant,
                now: record.createdAt,
                newID: { relationshipGUID }
            )
        }
        return (record, state.newPassword(seed: seed))
    }

    /// The new customer's record (its ids drawn in a fixed order: tenant, billing profile, etag, commerce id).
    private func newRecord(in state: inout EmulatorState, seed: UInt64, now: Date) -> CustomerRecord {
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
        return CustomerRecord(
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
            allowDelegatedAccess: !(request.enableGDAPByDefault ?? false),
            customDomains: [domain],
            enableGDAPByDefault: request.enableGDAPByDefault,
            associatedPartnerId: request.associatedPartnerId,
            createdAt: now,
            invalidAddress: Self.isInvalid(validation),
            usageBudget: nil,
            qualifications: []
        )
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
}
