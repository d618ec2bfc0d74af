import PartnerCenterClient
import PartnerCenterModel
import PartnerCenterWire

/// The indirect model's reads (issue 17), made only when a manifest names a reseller or a partner of record: the
/// partner's indirect resellers (`GET /v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf`),
/// the associated reseller of each existing customer that names one (`GET /v1/customers/{id}`: the list and
/// filter answers do not carry `associatedPartnerId`), and the relationship request link
/// (`GET /v1/customers/relationshiprequests?indirectResellerId=`, App+User) for each reseller some customer is
/// not associated with.
extension LiveStateReader {
    struct IndirectReads {
        var resellers: Observed<[LiveIndirectReseller]>?
        var links: [String: Observed<String>] = [:]
    }

    static func namesResellers(_ desired: DesiredState) -> Bool {
        desired.customers.contains { customer in
            customer.reseller != nil || customer.subscriptions.contains { $0.partnerOfRecord != nil }
        }
    }

    func readIndirect(_ desired: DesiredState, customers: inout [String: LiveCustomerLookup]) async -> IndirectReads {
        guard Self.namesResellers(desired) else { return IndirectReads() }
        let resellers = await readIndirectResellers()
        var reads = IndirectReads(resellers: resellers)
        let found = customers
        let named = desired.customers.compactMap { customer -> (String, String, String)? in
            let domain = customer.domain.lowercased()
            guard let reseller = customer.reseller, case .found(let live)? = found[domain] else { return nil }
            return (domain, reseller, live.tenantId)
        }
        let associations = await named.boundedMap(width: parallelism) { domain, reseller, tenant in
            let associated: Observed<String?> = await observe("GET /v1/customers/\(tenant)") {
                try await client.getCustomer(tenant).associatedPartnerId?.lowercased()
            }
            return (domain, reseller, associated)
        }
        var missing = Set<String>()
        for (domain, reseller, associated) in associations {
            guard case .found(var live)? = customers[domain] else { continue }
            live.associatedPartnerId = associated
            customers[domain] = .found(live)
            if let match = resellers.value?.first(where: { $0.matches(reseller) }), match.isActive,
                case .known(let current) = associated, current != match.tenantId
            {
                missing.insert(match.tenantId)
            }
        }
        if client.supportsAppPlusUser {
            for tenant in missing.sorted() {
                reads.links[tenant] = await observe(
                    "GET /v1/customers/relationshiprequests?indirectResellerId=\(tenant)"
                ) {
                    try await client.getRelationshipRequestLink(indirectResellerID: tenant).url ?? ""
                }
            }
        }
        return reads
    }
}

extension LiveStateReader {
    /// The partner's indirect resellers, active or not (`GET /v1/relationships`); plan and export read them so.
    func readIndirectResellers() async -> Observed<[LiveIndirectReseller]> {
        let query = "GET /v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf"
        return await observe(query) {
            try await client.listIndirectResellers().collect().compactMap { relationship in
                guard let id = relationship.id, let mpnId = relationship.mpnId else { return nil }
                return LiveIndirectReseller(
                    tenantId: id,
                    mpnId: mpnId,
                    name: relationship.name ?? mpnId,
                    state: relationship.state ?? ""
                )
            }
        }
    }
}

extension WireToLive {
    /// `subscription(_:)` with the partner of record (`partnerId`, an MPN id).
    static func subscriptionWithPartner(_ subscription: Subscription) -> LiveSubscription {
        var live = Self.subscription(subscription)
        live.partnerId = subscription.partnerId.flatMap { $0.isEmpty ? nil : $0 }
        return live
    }
}
