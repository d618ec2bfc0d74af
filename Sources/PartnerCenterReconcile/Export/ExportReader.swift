import Foundation
import PartnerCenterClient
import PartnerCenterModel
import PartnerCenterWire

/// Reads what an export writes, through the plan's reader (its requests, error handling and retries): the
/// customers to export (one paged list for `--all`, else a look-up per domain), then per customer its budget,
/// agreement, subscriptions (with their partner of record), GDAP relationships with their access assignments and, when asked, its billing profile.
struct ExportReader: Sendable {
    var reader: LiveStateReader
    var withBilling: Bool

    /// A customer the export reads: its domain, tenant and what the customer list already says.
    struct Target: Sendable {
        var domain: String
        var customer: Customer
    }

    /// The customers to read, sorted by domain; `missing` are named domains Partner Center does not have, `unknown`
    /// those whose look-up failed. Throws when the credentials are refused or the list itself can't be read.
    func targets(all: Bool, domains: [String]) async throws -> (found: [Target], missing: [String], unknown: [String]) {
        if all {
            let customers: [Customer]
            do {
                customers = try await reader.client.listCustomers(pageSize: LiveStateReader.listPageSize).collect()
            } catch {
                try LiveStateReader.rethrowIfCredentials(error)
                throw ExportError.listFailed(LiveStateReader.reason(error, request: "GET /v1/customers").reason)
            }
            let index = LiveStateReader.indexByDomain(customers)
            return (index.map { Target(domain: $0.key, customer: $0.value) }.sorted { $0.domain < $1.domain }, [], [])
        }
        let wanted = Array(Set(domains.map { $0.lowercased() })).sorted()
        var found: [Target] = []
        var missing: [String] = []
        var unknown: [String] = []
        for (domain, lookup) in try await reader.lookUpCustomers(wanted) {
            switch lookup {
            case .found(let customer): found.append(Target(domain: domain, customer: customer))
            case .notFound: missing.append(domain)
            case .unknown: unknown.append(domain)
            }
        }
        return (found.sorted { $0.domain < $1.domain }, missing.sorted(), unknown.sorted())
    }

    func read(_ target: Target, appUser: Bool) async -> ExportRecord {
        let id = target.customer.tenantID ?? ""
        let base = "/v1/customers/\(id)"
        var record = ExportRecord(
            domain: target.domain,
            tenantId: id.lowercased(),
            organizationRegistrationNumber: target.customer.companyProfile?.organizationRegistrationNumber
        )
        if withBilling {
            record.billing = await reader.observe("GET \(base)/profiles/billing") {
                WireToLive.billing(try await reader.client.getBillingProfile(id))
            }
        }
        record.spendingBudget = await reader.observe("GET \(base)/usagebudget") {
            do {
                return try await reader.client.getSpendingBudget(id).amount.map { "\($0)" }
            } catch let error as PartnerCenterError where error.isNotFound {
                return nil
            }
        }
        if appUser {
            record.agreement = await reader.observe("GET \(base)/agreements?agreementType=MicrosoftCustomerAgreement") {
                WireToLive.agreement(try await reader.client.listCustomerAgreements(id))
            }
        } else {
            record.agreement = .unknown(
                UnknownRead(reason: "GET \(base)/agreements needs App+User credentials, and none are configured")
            )
        }
        record.subscriptions = await reader.observe("GET \(base)/subscriptions") {
            try await reader.client.listSubscriptions(id).collect().map { subscription in
                ExportedSubscription(
                    live: WireToLive.subscriptionWithPartner(subscription),
                    isAddon: !(subscription.parentSubscriptionId ?? "").isEmpty
                )
            }
        }
        record.relationships = await reader.readRelationships(tenantID: id)
        return record
    }
}

/// Why an export could not run at all.
package enum ExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The partner's customer list could not be read.
    case listFailed(String)
    /// `--out` could not be written.
    case cannotWrite(path: String, reason: String)
    /// Neither `--all` nor `--customer`.
    case nothingSelected

    package var description: String {
        switch self {
        case .listFailed(let reason): return "cannot list the partner's customers: \(reason)"
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        case .nothingSelected:
            return "name the customers to export with --customer DOMAIN, or export them all with --all"
        }
    }
}
