package import Foundation

/// A plan: what apply would do to make Partner Center match the manifests, as plain data.
///
/// Built by the planner, rendered by the text, JSON and Markdown renderers, saved by `plan --out` and
/// executed by `apply`. Every list is sorted deterministically (see `Plan.sorted()`).
package struct Plan: Sendable, Hashable, Codable {
    /// The JSON format's version: major changes break readers, minor ones are additive.
    package static let currentFormatVersion = "1.4"

    package var formatVersion: String
    /// Derived from the plan's content (manifests, endpoint, time, changes): names the plan in request ids.
    package var id: String
    package var createdAt: Date
    /// The service's clock when live state was read; every time rule was judged at this instant.
    package var observedAt: Date
    package var toolVersion: String
    /// The base URL (or the emulator's state file) the plan was made against.
    package var endpoint: String
    package var sandbox: Bool
    /// `DesiredState.manifestDigest`.
    package var manifestDigest: String
    package var changes: [Change]
    package var notes: [PlanNote]
    package var unknowns: [PlanUnknown]
    /// Every live object the plan depends on → its etag or a digest of the compared fields (`absent` for an
    /// object the plan saw absent). Apply re-reads them and refuses the plan if any moved.
    package var fingerprints: [String: String]
    /// In a saved plan (`plan --out`): the typed manifests the plan was made from. `apply PLANFILE` reads live
    /// state again for them and plans again, so it can prove that nothing the plan depends on has moved.
    package var desired: DesiredState?
    /// Customer domain (lower-cased) → tenant id, for every customer the plan found live: the applier addresses
    /// requests about an existing customer's subscriptions with it.
    package var customerIds: [String: String]
    /// The live customers no manifest names (`plan`, `drift`; see ``PlanUnmanaged``); nil when not counted at all.
    package var unmanaged: PlanUnmanaged?
    /// The manifests' validation warnings (format 1.4; see ``PlanWarning``), in validate's order.
    package var warnings: [PlanWarning]

    package init(
        formatVersion: String = Plan.currentFormatVersion,
        id: String,
        createdAt: Date,
        observedAt: Date,
        toolVersion: String,
        endpoint: String,
        sandbox: Bool,
        manifestDigest: String,
        changes: [Change],
        notes: [PlanNote] = [],
        unknowns: [PlanUnknown] = [],
        fingerprints: [String: String] = [:],
        customerIds: [String: String] = [:],
        desired: DesiredState? = nil,
        warnings: [PlanWarning] = []
    ) {
        self.formatVersion = formatVersion
        self.id = id
        self.createdAt = createdAt
        self.observedAt = observedAt
        self.toolVersion = toolVersion
        self.endpoint = endpoint
        self.sandbox = sandbox
        self.manifestDigest = manifestDigest
        self.changes = changes
        self.notes = notes
        self.unknowns = unknowns
        self.fingerprints = fingerprints
        self.customerIds = customerIds
        self.desired = desired
        self.warnings = warnings
    }

    /// How many changes have each action (every action present, zero included).
    package var summary: [Action: Int] {
        var counts = Dictionary(uniqueKeysWithValues: Action.allCases.map { ($0, 0) })
        for change in changes { counts[change.action, default: 0] += 1 }
        return counts
    }

    /// The JSON plan carries `summary` (counts per action, and `unknown`) for readers that only want the totals; it is derived,
    /// so decoding ignores it.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encode(id, forKey: .id)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(observedAt, forKey: .observedAt)
        try container.encode(toolVersion, forKey: .toolVersion)
        try container.encode(endpoint, forKey: .endpoint)
        try container.encode(sandbox, forKey: .sandbox)
        try container.encode(manifestDigest, forKey: .manifestDigest)
        try container.encode(changes, forKey: .changes)
        try container.encode(notes, forKey: .notes)
        try container.encode(unknowns, forKey: .unknowns)
        try container.encode(fingerprints, forKey: .fingerprints)
        try container.encode(customerIds, forKey: .customerIds)
        try container.encodeIfPresent(desired, forKey: .desired)
        // Added in format 1.4, written only when there are some (readers take none from its absence).
        if !warnings.isEmpty { try container.encode(warnings, forKey: .warnings) }
        let counts = summary
        // `unknown` (added in format 1.3): how many live objects could not be read; `unmanaged` (1.4) when counted.
        try encodeSummary(
            Dictionary(uniqueKeysWithValues: Action.allCases.map { ($0.rawValue, counts[$0] ?? 0) })
                .merging(["unknown": unknowns.count]) { _, new in new },
            to: encoder
        )
    }

    private enum CodingKeys: String, CodingKey {
        case formatVersion, id, createdAt, observedAt, toolVersion, endpoint, sandbox, manifestDigest, changes, notes
        case unknowns, fingerprints, customerIds, desired, warnings
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(String.self, forKey: .formatVersion)
        id = try container.decode(String.self, forKey: .id)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        observedAt = try container.decode(Date.self, forKey: .observedAt)
        toolVersion = try container.decode(String.self, forKey: .toolVersion)
        endpoint = try container.decode(String.self, forKey: .endpoint)
        sandbox = try container.decode(Bool.self, forKey: .sandbox)
        manifestDigest = try container.decode(String.self, forKey: .manifestDigest)
        changes = try container.decode([Change].self, forKey: .changes)
        notes = try container.decode([PlanNote].self, forKey: .notes)
        unknowns = try container.decode([PlanUnknown].self, forKey: .unknowns)
        fingerprints = try container.decode([String: String].self, forKey: .fingerprints)
        // Added in format 1.1: absent from plans saved by 1.0.
        customerIds = try container.decodeIfPresent([String: String].self, forKey: .customerIds) ?? [:]
        desired = try container.decodeIfPresent(DesiredState.self, forKey: .desired)
        unmanaged = try Self.decodeUnmanaged(from: decoder)
        // Added in format 1.4: absent from plans saved before.
        warnings = try container.decodeIfPresent([PlanWarning].self, forKey: .warnings) ?? []
    }

    /// Whether apply has anything to do.
    package var hasWork: Bool { changes.contains { $0.action.isWork } }

    /// The same plan with every list in its canonical order: changes by address, reasons and dependencies
    /// sorted, notes by address then kind then message, unknowns by address.
    package func sorted() -> Plan {
        var plan = self
        plan.changes = changes.concurrentMap { change in
            var change = change
            change.reasons = Array(Set(change.reasons)).sorted { $0.rawValue < $1.rawValue }
            change.dependsOn = Array(Set(change.dependsOn)).sorted(by: PlanAddress.precedes)
            change.diffs = change.diffs.sorted { $0.path < $1.path }
            return change
        }
        .sortedByAddress(\.address)
        plan.notes = Array(Set(notes)).sorted {
            ($0.address, $0.kind.rawValue, $0.message) < ($1.address, $1.kind.rawValue, $1.message)
        }
        plan.unknowns = Array(Set(unknowns)).sortedByAddress(\.address)
        return plan
    }
}

extension Array {
    /// Sorts by an address in `PlanAddress` order, computing each sort key once (plans have 10,000s of changes).
    package func sortedByAddress(_ address: (Element) -> String) -> [Element] {
        map { (PlanAddress.sortKey(address($0)), $0) }
            .sorted { $0.0.lexicographicallyPrecedes($1.0) }
            .map(\.1)
    }
}
