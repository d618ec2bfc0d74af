import PartnerCenterClient
import PartnerCenterModel
import PartnerCenterWire

/// The indirect model as an export sees it (issue 17): the provider's indirect resellers and the reseller each
/// exported customer is associated with, read once per export (not journaled: a resumed export reads them again).
struct ExportResellers: Sendable {
    /// `GET /v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf`.
    var list: Observed<[LiveIndirectReseller]> = .known([])
    /// Customer tenant id (lower case) → the associated reseller's tenant id (lower case), or nil: a direct customer.
    var associated: [String: Observed<String?>] = [:]

    /// The association of `tenant`: direct when the resellers were read and none lists it.
    func association(of tenant: String) -> Observed<String?> {
        associated[tenant] ?? .known(nil)
    }

    func reseller(tenant: String) -> LiveIndirectReseller? {
        list.value?.first { $0.tenantId == tenant }
    }

    func reseller(mpnId: String) -> LiveIndirectReseller? {
        list.value?.first { $0.mpnId == mpnId }
    }
}

extension ExportReader {
    /// The resellers, then each target's association, whichever way costs fewer requests: one customer list per
    /// reseller (`GET /v1/customers?filter=` `IndirectReseller` starts_with its tenant id: the list answers carry
    /// no `associatedPartnerId`) when there are no more resellers than targets, else `GET /v1/customers/{id}` per
    /// target. A partner with no indirect reseller costs the one relationships request.
    func resellers(of targets: [Target]) async -> ExportResellers {
        let list = await reader.readIndirectResellers()
        var result = ExportResellers(list: list)
        let tenants = targets.map { ($0.customer.tenantID ?? "").lowercased() }
        switch list {
        case .unknown(let read):
            for tenant in tenants { result.associated[tenant] = .unknown(read) }
        case .known(let resellers) where resellers.isEmpty:
            break
        case .known(let resellers) where resellers.count <= targets.count:
            result.associated = await associationsByReseller(resellers, tenants: tenants)
        case .known:
            let pairs = await tenants.boundedMap(width: reader.parallelism) { tenant in
                let associated: Observed<String?> = await reader.observe("GET /v1/customers/\(tenant)") {
                    try await reader.client.getCustomer(tenant).associatedPartnerId?.lowercased()
                }
                return (tenant, associated)
            }
            result.associated = Dictionary(pairs) { first, _ in first }
        }
        return result
    }

    private func associationsByReseller(
        _ resellers: [LiveIndirectReseller],
        tenants: [String]
    ) async -> [String: Observed<String?>] {
        let lists = await resellers.boundedMap(width: reader.parallelism) { reseller in
            let request = "GET /v1/customers?filter=IndirectReseller starts_with \(reseller.tenantId)"
            let customers: Observed<[String]> = await reader.observe(request) {
                try await reader.client.filterCustomers(
                    CustomerFilter(field: .indirectReseller, startsWith: reseller.tenantId),
                    pageSize: LiveStateReader.listPageSize
                )
                .collect().compactMap { $0.tenantID?.lowercased() }
            }
            return (reseller.tenantId, customers)
        }
        var result: [String: Observed<String?>] = [:]
        for (reseller, customers) in lists {
            switch customers {
            case .known(let ids):
                for id in ids where result[id] == nil { result[id] = .known(reseller) }
            case .unknown(let read):
                // Any customer may be this reseller's: none is known to be direct.
                for tenant in tenants { result[tenant] = .unknown(read) }
                return result
            }
        }
        for tenant in tenants where result[tenant] == nil { result[tenant] = .known(nil) }
        return result
    }
}
