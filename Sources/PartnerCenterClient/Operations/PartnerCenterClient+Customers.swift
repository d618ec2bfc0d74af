package import Foundation
import HTTPTypes
package import PartnerCenterWire

extension PartnerCenterClient {
    /// `GET /v1/customers?size=`: every customer, page by page.
    package func listCustomers(pageSize: Int = 100) -> PagedSequence<Customer> {
        partnerCenterPages(.listCustomers, path: "/customers", query: [("size", String(pageSize))], of: Customer.self)
    }

    /// `GET /v1/customers?size=&filter=`: customers whose company name or domain starts with a value.
    package func filterCustomers(_ filter: CustomerFilter, pageSize: Int = 100) throws -> PagedSequence<Customer> {
        let text = String(decoding: try json(filter), as: UTF8.self)
        return partnerCenterPages(
            .listCustomers,
            path: "/customers",
            query: [("size", String(pageSize)), ("filter", text)],
            of: Customer.self
        )
    }

    /// `GET /v1/customers/{id}`.
    package func getCustomer(_ customerID: String, requestID: String? = nil) async throws -> Customer {
        try await send(
            Call(
                operation: .getCustomer,
                method: .get,
                path: "/customers/\(customerID.pathEscaped)",
                requestID: requestID
            ),
            as: Customer.self
        )
    }

    /// `POST /v1/customers`. The answer carries the new admin's credentials (once): the caller must store them
    /// safely and never print them. `requestID` makes a repeat return the first result instead of a second
    /// customer.
    package func createCustomer(_ customer: Customer, requestID: String) async throws -> Customer {
        try await send(try createCustomerCall(customer, requestID: requestID), as: Customer.self)
    }

    /// `HEAD /v1/domains/{domain}`: true when the domain is free (404), false when taken (200).
    package func isDomainAvailable(_ domain: String, requestID: String? = nil) async throws -> Bool {
        do {
            _ = try await perform(
                Call(
                    operation: .checkDomainAvailability,
                    method: .head,
                    path: "/domains/\(domain.pathEscaped)",
                    requestID: requestID
                )
            )
            return false
        } catch let error as PartnerCenterError where error.isNotFound {
            return true
        }
    }

    /// `PATCH /v1/customers/{id}` with `relationshipToPartner: none` (App+User). The customer's subscriptions
    /// must all be suspended first.
    package func removeResellerRelationship(_ customerID: String, requestID: String? = nil) async throws -> Customer {
        try await send(try removeResellerRelationshipCall(customerID, requestID: requestID), as: Customer.self)
    }

    /// `DELETE /v1/customers/{id}`: only integration-sandbox accounts may delete a customer.
    package func deleteCustomer(_ customerID: String, requestID: String? = nil) async throws {
        _ = try await perform(deleteCustomerCall(customerID, requestID: requestID))
    }

    /// `GET /v1/customers/relationshiprequests` (App+User): the invitation URL for a new reseller relationship.
    package func getRelationshipRequestLink(requestID: String? = nil) async throws -> RelationshipRequestLink {
        try await send(
            Call(
                operation: .getRelationshipRequestLink,
                method: .get,
                path: "/customers/relationshiprequests",
                requestID: requestID
            ),
            as: RelationshipRequestLink.self
        )
    }

    // MARK: Profiles

    /// `GET /v1/customers/{id}/profiles/billing`.
    package func getBillingProfile(
        _ customerID: String,
        requestID: String? = nil
    ) async throws -> CustomerBillingProfile {
        try await send(getBillingProfileCall(customerID, requestID: requestID), as: CustomerBillingProfile.self)
    }

    /// `PUT /v1/customers/{id}/profiles/billing` with `If-Match` (and `attributes.etag`) set to `etag`, the etag of
    /// the profile the change was planned against; a stale etag fails (`2055` / 412) instead of overwriting.
    package func updateBillingProfile(
        _ customerID: String,
        profile: CustomerBillingProfile,
        etag: String,
        requestID: String? = nil
    ) async throws -> CustomerBillingProfile {
        try await send(
            try updateBillingProfileCall(customerID, profile: profile, etag: etag, requestID: requestID),
            as: CustomerBillingProfile.self
        )
    }

    /// `GET /v1/customers/{id}/profiles/company` (App+User).
    package func getCompanyProfile(
        _ customerID: String,
        requestID: String? = nil
    ) async throws -> CustomerCompanyProfile {
        try await send(
            Call(
                operation: .getCompanyProfile,
                method: .get,
                path: "/customers/\(customerID.pathEscaped)/profiles/company",
                requestID: requestID
            ),
            as: CustomerCompanyProfile.self
        )
    }

    /// `GET /v1/customers/{id}/usagebudget`.
    package func getSpendingBudget(_ customerID: String, requestID: String? = nil) async throws -> SpendingBudget {
        try await send(
            Call(
                operation: .getSpendingBudget,
                method: .get,
                path: "/customers/\(customerID.pathEscaped)/usagebudget",
                requestID: requestID
            ),
            as: SpendingBudget.self
        )
    }

    /// `PATCH /v1/customers/{id}/usagebudget` with `{ "amount": ... }`.
    package func updateSpendingBudget(
        _ customerID: String,
        amount: Decimal,
        requestID: String? = nil
    ) async throws -> SpendingBudget {
        try await send(
            try updateSpendingBudgetCall(customerID, amount: amount, requestID: requestID),
            as: SpendingBudget.self
        )
    }

    // MARK: Agreements

    /// `GET /v1/agreements?agreementType=` (App+User): templates, such as the current Microsoft Customer
    /// Agreement's `templateId`.
    package func listAgreementMetadata(
        agreementType: String = Agreement.microsoftCustomerAgreement,
        requestID: String? = nil
    ) async throws -> [AgreementMetadata] {
        try await send(
            listAgreementMetadataCall(agreementType: agreementType, requestID: requestID),
            as: ResourceCollection<AgreementMetadata>.self
        )
        .items
    }

    /// `GET /v1/customers/{id}/agreements?agreementType=` (App+User): confirmations recorded for the customer.
    package func listCustomerAgreements(
        _ customerID: String,
        agreementType: String = Agreement.microsoftCustomerAgreement,
        requestID: String? = nil
    ) async throws -> [Agreement] {
        try await send(
            Call(
                operation: .listCustomerAgreements,
                method: .get,
                path: "/customers/\(customerID.pathEscaped)/agreements",
                query: [("agreementType", agreementType)],
                requestID: requestID
            ),
            as: ResourceCollection<Agreement>.self
        )
        .items
    }

    /// `POST /v1/customers/{id}/agreements` (App+User): records the customer's acceptance of an agreement.
    package func confirmCustomerAgreement(
        _ customerID: String,
        agreement: Agreement,
        requestID: String
    ) async throws -> Agreement {
        try await send(
            try confirmCustomerAgreementCall(customerID, agreement: agreement, requestID: requestID),
            as: Agreement.self
        )
    }

    /// `"etag"` with quotes, as `If-Match` wants it (weak Graph etags `W/"..."` are already quoted).
    static func quotedETag(_ etag: String) -> String {
        etag.hasPrefix("\"") || etag.hasPrefix("W/") ? etag : "\"\(etag)\""
    }
}
