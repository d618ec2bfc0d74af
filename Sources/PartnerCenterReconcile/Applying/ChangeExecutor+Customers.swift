import Foundation
import PartnerCenterClient
import PartnerCenterModel
import PartnerCenterWire

/// Where a new customer's admin credentials go (never into output): `--credentials-out FILE`.
package protocol CredentialsSink: Sendable {
    func record(domain: String, customerID: String, userName: String?, password: String?) throws
    /// Whether this sink recorded `domain`'s credentials during this run.
    func hasRecorded(domain: String) -> Bool
}

extension CredentialsSink {
    /// A sink that keeps no account of what it recorded says nothing was (the journal then keeps the customer
    /// as "password possibly lost" until the partner resolves it): never a false "recorded".
    package func hasRecorded(domain: String) -> Bool { false }
}

extension ChangeExecutor {
    func createCustomer(
        _ new: NewCustomer,
        requestID: String,
        change: Change,
        state: inout CustomerState,
        record: inout ChangeRecord
    ) async throws {
        let domain = state.domain
        // An earlier run of this plan started this creation: send it again under the same request id, so Partner
        // Center replays its answer (and the admin password in it). Otherwise look right before creating: a
        // customer that appeared since the plan was made by another run (or in Partner Center), never by this one.
        let resumed = session.resumed.contains(change.address)
        if !dryRun, !resumed, let existing = try await findCustomer(domain: domain) {
            throw ApplyStepFailure(Self.appearedCustomer(domain, existing))
        }
        let customer = Self.newCustomer(domain: domain, new)
        let call = try client.createCustomerCall(customer, requestID: requestID)
        let created: Customer
        do {
            created = try await session.send(call, as: Customer.self, record: &record) {
                Customer(id: Placeholder.id(of: change.address))
            }
        } catch let error as PartnerCenterError where error.status == 409 || error.status == 400 {
            // The domain is taken. By this plan's own earlier creation whose answer was lost and is no longer
            // replayed: adopt it, and say its password was not recorded (the journal keeps apply failing until the
            // partner resets it). By anyone else: another run won the race, so this one fails.
            guard let existing = try await findCustomer(domain: domain) else { throw error }
            guard resumed else { throw ApplyStepFailure(Self.appearedCustomer(domain, existing)) }
            state.customerID = existing.tenantID
            record.createdIDs["customerId"] = existing.tenantID
            record.adopted.append(
                "the customer already existed: an earlier run of this plan created it and its answer was lost; "
                    + "its admin password was not recorded"
            )
            return
        }
        guard let customerID = created.tenantID else {
            throw ApplyStepFailure("Partner Center created \(domain) but its answer has no customer id")
        }
        state.customerID = customerID
        state.createdHere = !state.touchedBefore
        record.createdIDs["customerId"] = customerID
        guard !dryRun else { return }
        if let admin = created.userCredentials {
            guard let sink = credentials else {
                throw ApplyStepFailure("\(domain) was created but no --credentials-out file was given for its admin")
            }
            try sink.record(domain: domain, customerID: customerID, userName: admin.userName, password: admin.password)
        }
    }

    static let appearedCustomerPrefix = "customer appeared since the plan"

    static func appearedCustomer(_ domain: String, _ existing: Customer) -> String {
        appearedCustomerPrefix + ": another run (or someone in Partner Center) created \(domain) "
            + "(customer id \(existing.tenantID ?? "unknown")); nothing was created, and its admin password went to "
            + "whoever created it. Plan again."
    }

    /// The `POST /v1/customers` body for a `create_customer` request.
    static func newCustomer(domain: String, _ new: NewCustomer) -> Customer {
        let profile = applying(new.profile, to: CustomerBillingProfile())
        let billing = CustomerBillingProfile(
            firstName: profile.defaultAddress?.firstName,
            lastName: profile.defaultAddress?.lastName,
            email: profile.email,
            culture: profile.culture,
            language: profile.language,
            companyName: profile.companyName,
            defaultAddress: profile.defaultAddress
        )
        let company = CustomerCompanyProfile(
            domain: domain,
            companyName: new.profile[.companyName],
            organizationRegistrationNumber: new.organizationRegistrationNumber
        )
        return Customer(
            companyProfile: company,
            billingProfile: billing,
            associatedPartnerId: new.associatedPartnerId,
            enableGDAPByDefault: new.enableGDAPByDefault
        )
    }

    func findCustomer(domain: String) async throws -> Customer? {
        let matches = try await client.filterCustomers(CustomerFilter(field: .domain, startsWith: domain)).collect()
        return matches.first { $0.companyProfile?.domain?.lowercased() == domain.lowercased() }
    }

    func updateBillingProfile(
        _ values: [BillingAttribute: String],
        _ request: PlannedRequest,
        requestID: String,
        state: CustomerState,
        record: inout ChangeRecord
    ) async throws {
        let customerID = try state.requireCustomerID(request, dryRun: dryRun)
        let current = try await session.send(
            client.getBillingProfileCall(customerID),
            as: CustomerBillingProfile.self,
            record: &record,
            note: "its answer, with the changes below, is the body of the PUT"
        ) { CustomerBillingProfile() }
        if !dryRun, let planned = request.etag, let now = current.etag, planned != now {
            throw ApplyStepFailure(
                "the billing profile changed since the plan (etag \(planned), now \(now)): plan again"
            )
        }
        let profile = Self.applying(values, to: current)
        let call = try client.updateBillingProfileCall(
            customerID,
            profile: profile,
            etag: request.etag ?? current.etag ?? "*",
            requestID: requestID
        )
        try await session.perform(call, record: &record, note: dryRun ? "the profile read above, changed" : nil)
    }

    /// The billing profile with the planned attributes set.
    static func applying(
        _ values: [BillingAttribute: String],
        to profile: CustomerBillingProfile
    ) -> CustomerBillingProfile {
        var profile = profile
        var address = profile.defaultAddress ?? Address()
        for (attribute, text) in values {
            switch attribute {
            case .companyName: profile.companyName = text
            case .email: profile.email = text
            case .culture: profile.culture = text
            case .language: profile.language = text
            case .firstName: address.firstName = text
            case .lastName: address.lastName = text
            case .addressLine1: address.addressLine1 = text
            case .addressLine2: address.addressLine2 = text
            case .addressLine3: address.addressLine3 = text
            case .city: address.city = text
            case .state: address.state = text
            case .postalCode: address.postalCode = text
            case .country: address.country = text
            case .region: address.region = text
            case .district: address.district = text
            case .phoneNumber: address.phoneNumber = text
            }
        }
        profile.defaultAddress = address
        return profile
    }

    func acceptAgreement(
        _ acceptance: AgreementAcceptance,
        _ request: PlannedRequest,
        requestID: String,
        state: CustomerState,
        record: inout ChangeRecord
    ) async throws {
        let customerID = try state.requireCustomerID(request, dryRun: dryRun)
        let type = acceptance.agreementType
        if !dryRun, state.mustLookFirst,
            !(try await client.listCustomerAgreements(customerID, agreementType: type)).isEmpty
        {
            record.adopted.append("the agreement was already confirmed")
            return
        }
        let templateId: String
        if !dryRun, let cached = await session.templates.id(for: type) {
            templateId = cached
        } else {
            let templates = try await session.send(
                client.listAgreementMetadataCall(agreementType: type),
                as: ResourceCollection<AgreementMetadata>.self,
                record: &record,
                note: "its current template id goes into the confirmation"
            ) { ResourceCollection(items: []) }
            let template =
                templates.items.filter { ($0.agreementType ?? type) == type }
                .max { ($0.versionRank ?? 0) < ($1.versionRank ?? 0) }?.templateId
            guard let found = template ?? (dryRun ? "{templateId from the GET above}" : nil) else {
                throw ApplyStepFailure("Partner Center lists no \(type) template to confirm")
            }
            templateId = found
            if !dryRun { await session.templates.remember(found, for: type) }
        }
        let agreement = Agreement(
            primaryContact: AgreementContact(
                firstName: acceptance.firstName,
                lastName: acceptance.lastName,
                email: acceptance.email,
                phoneNumber: acceptance.phoneNumber
            ),
            templateId: templateId,
            dateAgreed: now(),
            type: type
        )
        let call = try client.confirmCustomerAgreementCall(customerID, agreement: agreement, requestID: requestID)
        try await session.perform(call, record: &record)
    }
}
