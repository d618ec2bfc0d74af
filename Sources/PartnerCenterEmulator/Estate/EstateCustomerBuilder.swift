import Foundation

/// Builds one customer of the estate in a state of its own (``scratch``), through the emulator's rules with the
/// clock set to each event's moment: `CustomerCreation` (and the default GDAP relationship it gives),
/// `AgreementConfirmation`, `Purchase`, `SubscriptionRules`, the `GraphState` relationship rules. A scratch state
/// holds one customer, so the rules' checks stay cheap however large the estate grows; ``Estate`` then moves the
/// customer into the real state.
struct EstateCustomerBuilder {
    var scratch: EmulatorState
    let profile: EstateProfile
    let configuration: EmulatorConfiguration
    var customerId = ""

    var seed: UInt64 { configuration.seed }
    var anchor: Date { profile.anchor }

    /// A scratch state that continues `state`'s id counter and GDAP sequence, with its partner and catalog.
    init(profile: EstateProfile, continuing state: EmulatorState, configuration: EmulatorConfiguration) {
        var scratch = EmulatorState()
        scratch.idCounter = state.idCounter
        scratch.partner = state.partner
        scratch.catalog = state.catalog
        scratch.indirectResellers = state.indirectResellers
        scratch.graph.behaviour = state.graph.behaviour
        scratch.graph.sequence = state.graph.sequence
        self.scratch = scratch
        self.profile = profile
        self.configuration = configuration
    }

    /// The moment `fraction` of the way from `start` to the estate's day.
    func moment(after start: Date, _ fraction: Double) -> Date {
        start.addingTimeInterval(anchor.timeIntervalSince(start) * fraction)
    }

    /// The configuration with the emulator clock at `time` (the scratch state's clock offset is 0).
    func clock(at time: Date) -> EmulatorConfiguration {
        var configuration = configuration
        configuration.initialTime = time
        return configuration
    }

    mutating func build() throws {
        try createCustomer()
        if profile.acceptsAgreement { try acceptAgreement() }
        if let budget = profile.budget { scratch.customers[customerId]?.usageBudget = budget }
        try addSubscriptions()
        try addRelationships()
    }

    /// `POST /v1/customers` as the partner sent it on the customer's creation day.
    private mutating func createCustomer() throws {
        let country = profile.country
        var address = Address(
            country: country.code,
            city: profile.place.city,
            state: profile.place.state,
            addressLine1: "\(profile.premises) \(profile.place.street)",
            postalCode: profile.place.postalCode
        )
        address.firstName = profile.contact.given
        address.lastName = profile.contact.family
        address.phoneNumber = country.phone
        let email =
            EstateNames.slug(profile.contact.given) + "." + EstateNames.slug(profile.contact.family) + "@"
            + profile.domain
        let request = CustomersController.CreateRequest(
            companyProfile: CompanyProfile(
                domain: profile.domain,
                organizationRegistrationNumber: country.registration
            ),
            billingProfile: BillingProfile(
                firstName: profile.contact.given,
                lastName: profile.contact.family,
                email: email,
                culture: country.culture,
                language: country.language,
                companyName: profile.company,
                defaultAddress: address
            ),
            enableGDAPByDefault: profile.gdapByDefault ? nil : false,
            associatedPartnerId: nil
        )
        let (record, _) = try CustomerCreation(request).execute(
            in: &scratch,
            configuration: clock(at: profile.created),
            partnerTenant: scratch.partner.tenantId
        )
        customerId = record.id
    }

    /// The customer's Microsoft Customer Agreement acceptance, confirmed by the partner soon after creation.
    private mutating func acceptAgreement() throws {
        let agreed = moment(after: profile.created, 0.01)
        let request = AgreementsController.ConfirmRequest(
            primaryContact: Contact(
                firstName: profile.contact.given,
                lastName: profile.contact.family,
                email: scratch.customers[customerId]?.billingProfile.email
            ),
            templateId: "117a77b0-9360-443b-8795-c6dedc750cf9",
            dateAgreed: EmulatorJSON.format(agreed),
            type: AgreementsController.customerAgreementType
        )
        _ = try AgreementConfirmation(request, templates: AgreementsController.templates)
            .execute(for: customerId, userId: nil, seed: seed, in: &scratch)
    }
}
