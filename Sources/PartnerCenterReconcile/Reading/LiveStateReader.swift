package import Foundation
package import PartnerCenterClient
package import PartnerCenterModel
import PartnerCenterWire

/// Reads the live state the planner needs, and only that: the customers the manifests name (matched by domain),
/// their billing profile, spending budget, Microsoft Customer Agreement acceptance, subscriptions and GDAP
/// relationships (with the access assignments of active ones), and the catalog availabilities of the offers the
/// plan may have to buy.
///
/// ## How customers are matched
/// Partner Center has no "get customer by domain": the customer list can be filtered by `Domain` (`starts_with`,
/// case-insensitive) or paged through. Filtering costs one request per named customer; paging costs one request
/// per `listPageSize` customers of the partner, whatever the manifests name. The reader filters when the
/// manifests name at most ``listThresholdDefault`` customers and pages through the list once otherwise (a
/// partner with thousands of customers and manifests naming a few dozen is the common case, and filtering is
/// the cheaper there; a manifest tree naming hundreds of customers is cheaper to match against one listing).
/// Either way only an exact (lower-cased) match of `companyProfile.domain` counts.
///
/// ## Failures
/// A read that fails after the client's retries makes that object `unknown`, with the request and the failure
/// in the reason (`GET /v1/customers/{id}/subscriptions: … (HTTP 503, error 1234) after 4 attempts`), never
/// absent and never in sync. Credential failures on the customer lookup (nothing can be read at all) are thrown.
///
/// ## Clock
/// `observedAt` is the service's clock, asked through `serviceClock` once before the reads start: the embedded
/// emulator's own clock, the emulator control API's clock for a loopback `--endpoint`, and the local wall clock
/// for the real service (the client does not surface the `Date` response header; the real service's clock and
/// a synchronised local clock agree to within seconds, far inside every window the planner judges).
package struct LiveStateReader: Sendable {
    /// The manifests name at most this many customers → filter the customer list per domain.
    package static let listThresholdDefault = 50
    /// Page size when paging through the customer list.
    package static let listPageSize = 500

    package var client: PartnerCenterClient
    /// Customers read concurrently (each customer's own reads are sequential).
    package var parallelism: Int
    /// Whether the endpoint is an integration sandbox.
    package var sandbox: Bool
    package var listThreshold: Int
    package var serviceClock: @Sendable () async -> Date
    /// The partner's whole customer list, when it was already read (``PlanSession`` counting unmanaged
    /// customers): the customers are matched against it instead of being looked up again.
    var listedCustomers: [Customer]?
    /// Called from any task as customers finish (for `plan` and `drift`'s progress line).
    package var progress: (@Sendable (ReadProgress) -> Void)?

    package init(
        client: PartnerCenterClient,
        parallelism: Int = 8,
        sandbox: Bool = false,
        listThreshold: Int = LiveStateReader.listThresholdDefault,
        serviceClock: @escaping @Sendable () async -> Date = { Date() }
    ) {
        self.client = client
        self.parallelism = max(1, parallelism)
        self.sandbox = sandbox
        self.listThreshold = listThreshold
        self.serviceClock = serviceClock
    }

    /// Reads what `desired` names. Throws only when the credentials do not work at all.
    package func read(_ desired: DesiredState) async throws -> LiveState {
        let observedAt = await serviceClock()
        let domains = Array(Set(desired.customers.map { $0.domain.lowercased() })).sorted()
        let counter = ReadCounter(total: domains.count, report: progress)
        let lookups = try await lookUpCustomers(domains)
        var customers: [String: LiveCustomerLookup] = [:]
        let found = lookups.compactMap { domain, lookup -> (String, Customer)? in
            if case .found(let customer) = lookup { return (domain, customer) }
            return nil
        }
        for (domain, lookup) in lookups {
            switch lookup {
            case .found: break
            case .notFound: customers[domain] = .notFound
            case .unknown(let reason): customers[domain] = .unknown(reason)
            }
        }
        let appUser = client.supportsAppPlusUser
        counter.add(lookups.count - found.count)
        let read = await found.boundedMap(width: parallelism) { domain, customer in
            let live = await self.readCustomer(customer, domain: domain, appUser: appUser)
            counter.add(1)
            return (domain, live)
        }
        for (domain, customer) in read { customers[domain] = .found(customer) }
        let indirect = await readIndirect(desired, customers: &customers)
        let catalog = await readCatalog(
            CatalogNeeds.collect(desired: desired, customers: customers),
            skus: CatalogNeeds.skus(desired: desired, customers: customers)
        )
        var state = LiveState(
            observedAt: observedAt,
            appUserAvailable: appUser,
            sandbox: sandbox,
            customers: customers,
            catalog: catalog
        )
        state.indirectResellers = indirect.resellers
        state.resellerRelationshipLinks = indirect.links
        return state
    }

    // MARK: Customers

    enum Lookup: Sendable {
        case found(Customer)
        case notFound
        case unknown(UnknownRead)
    }

    func lookUpCustomers(_ domains: [String]) async throws -> [(String, Lookup)] {
        if let listedCustomers {
            let byDomain = Self.indexByDomain(listedCustomers)
            return domains.map { domain in (domain, byDomain[domain].map(Lookup.found) ?? .notFound) }
        }
        if domains.count > listThreshold {
            do {
                let all = try await client.listCustomers(pageSize: Self.listPageSize).collect()
                let byDomain = Self.indexByDomain(all)
                return domains.map { domain in (domain, byDomain[domain].map(Lookup.found) ?? .notFound) }
            } catch {
                try Self.rethrowIfCredentials(error)
                let reason = Self.reason(error, request: "GET /v1/customers")
                return domains.map { ($0, .unknown(reason)) }
            }
        }
        return try await domains.boundedMap(width: parallelism) { domain in (domain, try await filter(domain)) }
    }

    private func filter(_ domain: String) async throws -> Lookup {
        do {
            let matches = try await client.filterCustomers(CustomerFilter(field: .domain, startsWith: domain))
                .collect()
            return Self.indexByDomain(matches)[domain].map(Lookup.found) ?? .notFound
        } catch {
            try Self.rethrowIfCredentials(error)
            return .unknown(Self.reason(error, request: "GET /v1/customers?filter=Domain starts_with \(domain)"))
        }
    }

    static func indexByDomain(_ customers: [Customer]) -> [String: Customer] {
        var index: [String: Customer] = [:]
        for customer in customers {
            guard let domain = customer.companyProfile?.domain?.lowercased(), customer.tenantID != nil else { continue }
            index[domain] = index[domain] ?? customer
        }
        return index
    }

    func readCustomer(_ customer: Customer, domain: String, appUser: Bool) async -> LiveCustomer {
        let id = customer.tenantID ?? ""
        let base = "/v1/customers/\(id)"
        let billing: Observed<LiveBillingProfile> = await observe("GET \(base)/profiles/billing") {
            WireToLive.billing(try await client.getBillingProfile(id))
        }
        let budget: Observed<Decimal?> = await observe("GET \(base)/usagebudget") {
            do {
                // The amount is the exact decimal the service wrote (never through `Double`).
                return try await client.getSpendingBudget(id).amount
            } catch let error as PartnerCenterError where error.isNotFound {
                // No budget has ever been set: Partner Center answers 404 rather than an empty budget.
                return nil
            }
        }
        let agreement: Observed<LiveAgreement?>
        if appUser {
            agreement = await observe("GET \(base)/agreements?agreementType=MicrosoftCustomerAgreement") {
                WireToLive.agreement(try await client.listCustomerAgreements(id))
            }
        } else {
            agreement = .unknown(
                UnknownRead(
                    reason: "GET \(base)/agreements needs App+User credentials, and none are configured "
                        + "(set CSPCTL_REFRESH_TOKEN)"
                )
            )
        }
        let subscriptions: Observed<[LiveSubscription]> = await observe("GET \(base)/subscriptions") {
            try await client.listSubscriptions(id).collect().map(WireToLive.subscriptionWithPartner)
        }
        let relationships = await readRelationships(tenantID: id)
        return LiveCustomer(
            tenantId: id.lowercased(),
            domain: domain,
            relationshipToPartner: WireToLive.relationshipToPartner(customer.relationshipToPartner),
            billing: billing,
            spendingBudget: budget,
            agreement: agreement,
            subscriptions: subscriptions,
            relationships: relationships
        )
    }

    func readRelationships(tenantID: String) async -> Observed<[LiveRelationship]> {
        let path =
            "GET /graph/v1.0/tenantRelationships/delegatedAdminRelationships?$filter=customer/tenantId eq '\(tenantID)'"
        let listed: Observed<[DelegatedAdminRelationship]> = await observe(path) {
            try await client.listGDAPRelationships(customerTenantID: tenantID).collect()
        }
        guard let relationships = listed.value else {
            if case .unknown(let reason) = listed { return .unknown(reason) }
            return .known([])
        }
        var live: [LiveRelationship] = []
        for relationship in relationships {
            guard var mapped = WireToLive.relationship(relationship) else { continue }
            if mapped.status == .active {
                mapped.accessAssignments = await observe(
                    "GET /graph/v1.0/tenantRelationships/delegatedAdminRelationships/\(mapped.id)/accessAssignments"
                ) {
                    try await client.listGDAPAccessAssignments(mapped.id).collect().compactMap(WireToLive.assignment)
                }
            }
            live.append(mapped)
        }
        return .known(live.sorted { $0.id < $1.id })
    }

    // MARK: Catalog

    /// Availabilities for `keys` (purchases), and SKU limits for `skus` (purchases and quantity changes).
    func readCatalog(_ keys: [LiveCatalogKey], skus skuKeys: [LiveCatalogKey] = []) async -> LiveCatalog {
        let entries = await keys.boundedMap(width: parallelism) { key in (key, await self.availability(key)) }
        let skus = await skuKeys.boundedMap(width: parallelism) { key in (key, await self.skuLimits(key)) }
        return LiveCatalog(
            entries: Dictionary(entries, uniquingKeysWith: { first, _ in first }),
            skus: Dictionary(skus, uniquingKeysWith: { first, _ in first })
        )
    }

    /// `GET /v1/products/{p}/skus/{s}?country=`: the SKU's documented purchase limits; `known(nil)` on 404.
    private func skuLimits(_ key: LiveCatalogKey) async -> Observed<LiveSkuLimits?> {
        let request = "GET /v1/products/\(key.offer.productId)/skus/\(key.offer.skuId)?country=\(key.country)"
        do {
            let sku = try await client.getSku(key.offer.productId, skuID: key.offer.skuId, country: key.country)
            return .known(WireToLive.limits(sku))
        } catch let error as PartnerCenterError where error.isNotFound {
            return .known(nil)
        } catch {
            return .unknown(Self.reason(error, request: request))
        }
    }

    private func availability(_ key: LiveCatalogKey) async -> LiveCatalogLookup {
        let request =
            "GET /v1/products/\(key.offer.productId)/skus/\(key.offer.skuId)/availabilities?country=\(key.country)"
        do {
            let availabilities = try await client.listAvailabilities(
                key.offer.productId,
                skuID: key.offer.skuId,
                country: key.country
            )
            .collect()
            guard let purchasable = availabilities.first(where: { $0.isPurchasable != false }) else {
                return .notOffered
            }
            let terms = (purchasable.terms ?? []).compactMap(\.duration)
            return .available(LiveAvailability(availabilityId: purchasable.id, termDurations: terms))
        } catch let error as PartnerCenterError where error.isNotFound {
            return .notOffered
        } catch {
            return .unknown(Self.reason(error, request: request))
        }
    }

    // MARK: Helpers

    /// Runs `body`, turning any failure into `unknown` with the request and the failure.
    func observe<T>(_ request: String, _ body: () async throws -> T) async -> Observed<T> {
        do {
            return .known(try await body())
        } catch {
            return .unknown(Self.reason(error, request: request))
        }
    }

    /// `METHOD PATH: what failed (HTTP s, error c) after n attempts`. Never a token: the client's errors hold none.
    static func reason(_ error: any Error, request: String) -> UnknownRead {
        guard let error = error as? PartnerCenterError else {
            return UnknownRead(reason: "\(request): \(error)")
        }
        var facts: [String] = []
        if let status = error.status { facts.append("HTTP \(status)") }
        if let code = error.serviceCode { facts.append("code \(code)") }
        var reason = "\(request): \(error.summary)"
        if !facts.isEmpty { reason += " (" + facts.joined(separator: ", ") + ")" }
        if error.attempts > 1 { reason += " after \(error.attempts) attempts" }
        return UnknownRead(reason: reason)
    }

    static func rethrowIfCredentials(_ error: any Error) throws {
        if let error = error as? PartnerCenterError, error.isCredentialProblem, !error.requiresAppPlusUser {
            throw error
        }
    }
}

/// Which (offer, country) availabilities the planner may need: desired subscriptions with no live subscription
/// of that offer and nickname, for customers that are absent (priced in the manifest's billing country) or whose
/// subscriptions were read (priced in the live billing country, else the manifest's).
enum CatalogNeeds {
    static func collect(desired: DesiredState, customers: [String: LiveCustomerLookup]) -> [LiveCatalogKey] {
        var keys: Set<LiveCatalogKey> = []
        for customer in desired.customers where customer.state == .present {
            let domain = customer.domain.lowercased()
            let manifestCountry = customer.billing?.address?.country
            var liveSubscriptions: [LiveSubscription] = []
            var country = manifestCountry
            switch customers[domain] {
            case .found(let live):
                guard let subscriptions = live.subscriptions.value else { continue }
                liveSubscriptions = subscriptions.filter(\.isLive)
                country = live.billing.value?.country ?? manifestCountry
            case .notFound: break
            case .unknown, nil: continue
            }
            guard let country else { continue }
            for subscription in customer.subscriptions where subscription.state == .present {
                guard let offer = subscription.offer else { continue }
                let names = Set([subscription.nickname, subscription.renamedFrom].compactMap { $0 })
                let exists = liveSubscriptions.contains { $0.offer == offer && names.contains($0.friendlyName) }
                if !exists { keys.insert(LiveCatalogKey(offer: offer, country: country)) }
            }
        }
        return keys.sorted { ($0.offer.description, $0.country) < ($1.offer.description, $1.country) }
    }

    /// Whose SKU limits the planner checks: every purchase's offer (as ``collect(desired:customers:)``), and the
    /// offer of every live subscription whose quantity the manifest changes (priced in the live billing country).
    static func skus(desired: DesiredState, customers: [String: LiveCustomerLookup]) -> [LiveCatalogKey] {
        var keys = Set(collect(desired: desired, customers: customers))
        for customer in desired.customers where customer.state == .present {
            guard case .found(let live) = customers[customer.domain.lowercased()],
                let subscriptions = live.subscriptions.value,
                let country = live.billing.value?.country
            else { continue }
            for want in customer.subscriptions where want.state == .present {
                guard let quantity = want.quantity else { continue }
                let names = Set([want.nickname, want.renamedFrom].compactMap { $0 })
                for have in subscriptions where have.isLive && names.contains(have.friendlyName) {
                    if have.quantity != quantity, let offer = have.offer {
                        keys.insert(LiveCatalogKey(offer: offer, country: country))
                    }
                }
            }
        }
        return keys.sorted { ($0.offer.description, $0.country) < ($1.offer.description, $1.country) }
    }
}
