import PartnerCenterClient
import PartnerCenterModel
import PartnerCenterWire

/// Whether `plan` and `drift` count the live customers no manifest names (issue 15 item 4).
package enum UnmanagedCounting: Sendable, Hashable {
    /// Not counted at all (`apply`, library callers): the plan says nothing about them.
    case off
    /// Counted; with `list`, also listed by domain and tenant id (`--report-unmanaged`).
    case count(list: Bool)
    /// Not counted, and the plan says why (`--customer` narrows the run to named customers).
    case skipped(reason: String)
}

extension PlanSession {
    /// Counts the live customers `desired` does not name from one partner-wide customer list, paged, and hands the
    /// list to `reader` so the named customers are matched against it instead of being looked up again. A list
    /// that cannot be read makes the count unknown (never 0), and the reader then looks customers up as usual.
    /// Throws only when the credentials do not work at all.
    func countUnmanaged(_ desired: DesiredState, reader: inout LiveStateReader) async throws -> PlanUnmanaged? {
        let list: Bool
        switch unmanaged {
        case .off: return nil
        case .skipped(let reason): return .notCounted(reason: reason)
        case .count(let listed): list = listed
        }
        let customers: [Customer]
        do {
            customers = try await reader.client.listCustomers(pageSize: LiveStateReader.listPageSize).collect()
        } catch {
            try LiveStateReader.rethrowIfCredentials(error)
            return .unknown(reason: LiveStateReader.reason(error, request: "GET /v1/customers").reason)
        }
        reader.listedCustomers = customers
        return Self.unmanaged(customers, named: desired, list: list)
    }

    /// The customers of `customers` whose domain no customer of `desired` has (ignoring case).
    static func unmanaged(_ customers: [Customer], named desired: DesiredState, list: Bool) -> PlanUnmanaged {
        let named = Set(desired.customers.map { $0.domain.lowercased() })
        let unnamed = customers.compactMap { customer -> UnmanagedCustomer? in
            let domain = customer.companyProfile?.domain?.lowercased() ?? ""
            guard !named.contains(domain) else { return nil }
            return UnmanagedCustomer(domain: domain, tenantId: customer.tenantID ?? "")
        }
        let sorted = list ? unnamed.sorted { ($0.domain, $0.tenantId) < ($1.domain, $1.tenantId) } : nil
        return .counted(live: customers.count, unmanaged: unnamed.count, customers: sorted)
    }
}
