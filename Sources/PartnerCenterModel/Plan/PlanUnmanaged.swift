import Foundation

/// The live customers that no manifest names (issue 15 item 4), counted by `plan` and `drift` from one
/// partner-wide customer list, so a partner sees how much of the estate is under management and notices a
/// customer created by hand. Not drift: it changes no exit code.
package enum PlanUnmanaged: Sendable, Hashable {
    /// `live` customers in the list, `unmanaged` of them named by no manifest; with `--report-unmanaged`, those
    /// customers by domain (sorted) and tenant id.
    case counted(live: Int, unmanaged: Int, customers: [UnmanagedCustomer]?)
    /// The list could not be read (`reason`: the request and the failure): the count is unknown, never 0.
    case unknown(reason: String)
    /// Not counted (`reason`: `--customer` limits the run to named customers).
    case notCounted(reason: String)

    /// The managed count, when counted.
    package var managed: Int? {
        if case .counted(let live, let unmanaged, _) = self { return live - unmanaged }
        return nil
    }

    /// `status` in JSON.
    package var status: String {
        switch self {
        case .counted: "counted"
        case .unknown: "unknown"
        case .notCounted: "notCounted"
        }
    }
}

/// A live customer no manifest names.
package struct UnmanagedCustomer: Sendable, Hashable, Codable {
    package var domain: String
    package var tenantId: String

    package init(domain: String, tenantId: String) {
        self.domain = domain
        self.tenantId = tenantId
    }
}

extension PlanUnmanaged: Codable {
    private enum CodingKeys: String, CodingKey {
        case status, live, managed, unmanaged, customers, reason
    }

    /// The JSON plan's `summary.unmanaged`: `{"status": "counted", "live", "managed", "unmanaged", "customers"?}`,
    /// `{"status": "unknown", "reason"}` or `{"status": "notCounted", "reason"}`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        switch self {
        case .counted(let live, let unmanaged, let customers):
            try container.encode(live, forKey: .live)
            try container.encode(live - unmanaged, forKey: .managed)
            try container.encode(unmanaged, forKey: .unmanaged)
            try container.encodeIfPresent(customers, forKey: .customers)
        case .unknown(let reason), .notCounted(let reason):
            try container.encode(reason, forKey: .reason)
        }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .status) {
        case "counted":
            self = .counted(
                live: try container.decode(Int.self, forKey: .live),
                unmanaged: try container.decode(Int.self, forKey: .unmanaged),
                customers: try container.decodeIfPresent([UnmanagedCustomer].self, forKey: .customers)
            )
        case "unknown":
            self = .unknown(reason: try container.decode(String.self, forKey: .reason))
        default:
            self = .notCounted(reason: try container.decode(String.self, forKey: .reason))
        }
    }
}

/// The keys of the JSON plan's `summary` object, any string.
private struct SummaryKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Plan {
    /// `summary` as the `Codable` form writes it: `counts` (per action, and `unknown`), and `unmanaged` when it
    /// was counted (format 1.4).
    func encodeSummary(_ counts: [String: Int], to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: SummaryKey.self)
        var summary = container.nestedContainer(keyedBy: SummaryKey.self, forKey: SummaryKey("summary"))
        for (key, count) in counts.sorted(by: { $0.key < $1.key }) {
            try summary.encode(count, forKey: SummaryKey(key))
        }
        try summary.encodeIfPresent(unmanaged, forKey: SummaryKey("unmanaged"))
    }

    /// `summary.unmanaged` of a plan read back (the rest of `summary` is derived), nil when absent.
    static func decodeUnmanaged(from decoder: any Decoder) throws -> PlanUnmanaged? {
        let container = try decoder.container(keyedBy: SummaryKey.self)
        guard container.contains(SummaryKey("summary")) else { return nil }
        let summary = try container.nestedContainer(keyedBy: SummaryKey.self, forKey: SummaryKey("summary"))
        return try summary.decodeIfPresent(PlanUnmanaged.self, forKey: SummaryKey("unmanaged"))
    }
}
