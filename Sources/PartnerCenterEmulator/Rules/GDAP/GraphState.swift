import Foundation

/// The Microsoft Graph GDAP side of the emulator: the partner's delegated admin relationships with their requests,
/// access assignments and long-running operations. A pure value: every mutation takes `now` and an id generator and
/// either changes the value or throws a ``GDAPError`` without changing it.
///
/// Time-based transitions (activation, expiry, auto-extension, termination, assignment provisioning, operations,
/// clean-up of old relationships) are applied by ``advance(to:)``; mutations call it first so rules are checked
/// against the state as of `now`.
package struct GraphState: Codable, Sendable, Equatable {
    /// Keyed by relationship id.
    /// Keyed by relationship id. Mutations write through ``store(_:)`` and ``remove(_:)`` so the caches below
    /// stay right; writing here directly is fine for anything but names and timed statuses (tests set etags).
    package var relationships: [String: GDAPRelationship] = [:] {
        didSet { customerIndex = nil }
    }
    package var behaviour = GDAPBehaviour() {
        didSet {
            nextDue = nil
            dues = nil
        }
    }
    /// No timed transition falls due before this moment (a lower bound; nil = unknown). Lets reads skip the scan
    /// of every relationship until something may be due. Not persisted.
    var nextDue: Date?
    /// Relationship id -> when it (or a child) next changes by itself, for relationships that ever will. Built on
    /// first use; not persisted.
    var dues: [String: Date]?
    /// Lower-cased displayName -> ids, for the uniqueness rule without a scan. Built on first use; not persisted.
    var nameIndex: [String: Set<String>]?
    /// Lower-cased customer tenant id -> relationship ids, for a client reading one customer's relationships
    /// (`$filter=customer/tenantId eq '…'`) without a scan of the partner's. Built on first use and dropped on any
    /// change to `relationships`; not persisted.
    var customerIndex: [String: [String]]?

    /// The relationships of the customer `tenantId` (ignoring case), in no particular order.
    mutating func relationships(ofCustomer tenantId: String) -> [GDAPRelationship] {
        if customerIndex == nil {
            var index: [String: [String]] = [:]
            for relationship in relationships.values {
                guard let tenant = relationship.customer?.tenantId else { continue }
                index[tenant.lowercased(), default: []].append(relationship.id)
            }
            customerIndex = index
        }
        return (customerIndex?[tenantId.lowercased()] ?? []).compactMap { relationships[$0] }
    }

    private enum CodingKeys: String, CodingKey {
        case relationships, behaviour, sequence
    }

    /// Equal content; the caches don't count.
    package static func == (lhs: GraphState, rhs: GraphState) -> Bool {
        lhs.relationships == rhs.relationships && lhs.behaviour == rhs.behaviour && lhs.sequence == rhs.sequence
    }

    /// Inserts or replaces a relationship, keeping the name index and the next-due bound right.
    mutating func store(_ relationship: GDAPRelationship) {
        let old = relationships[relationship.id]
        relationships[relationship.id] = relationship
        if var index = nameIndex, old?.displayName != relationship.displayName {
            nameIndex = nil
            if let old { index[old.displayName.lowercased()]?.remove(old.id) }
            index[relationship.displayName.lowercased(), default: []].insert(relationship.id)
            nameIndex = index
        }
        let due = earliestDue(of: relationship)
        if dues != nil { dues?[relationship.id] = due }
        if let bound = nextDue, let due, due < bound { nextDue = due }
    }

    /// Deletes or purges a relationship.
    mutating func remove(_ id: String) {
        guard let old = relationships.removeValue(forKey: id) else { return }
        nameIndex?[old.displayName.lowercased()]?.remove(id)
        dues?[id] = nil
    }

    /// The relationships whose displayName equals `name` ignoring case.
    mutating func relationships(named name: String) -> [GDAPRelationship] {
        if nameIndex == nil {
            var index: [String: Set<String>] = [:]
            for relationship in relationships.values {
                index[relationship.displayName.lowercased(), default: []].insert(relationship.id)
            }
            nameIndex = index
        }
        let key = name.lowercased()
        // Checked against the relationships themselves, so a direct write can't make the index lie about a name.
        return (nameIndex?[key] ?? []).compactMap { relationships[$0] }.filter { $0.displayName.lowercased() == key }
    }
    /// Bumped on every change; feeds etags and creation order.
    package var sequence: UInt64 = 0

    package init() {}

    /// Relationships in creation order.
    package var orderedRelationships: [GDAPRelationship] {
        relationships.values.sorted { $0.ordinal < $1.ordinal }
    }

    /// A weak etag in the service's shape: `W/"` + base64 of a quoted Cosmos-style version + `"`. It changes on
    /// every modification because `sequence` only grows.
    mutating func nextETag(for id: String) -> String {
        sequence += 1
        var hash: UInt32 = 2_166_136_261
        for byte in id.utf8 {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        let version = String(format: "%08x-0000-0200-0000-%012llx", hash, sequence)
        let inner = Data("'\"\(version)\"'".utf8).base64EncodedString()
        return "W/\"\(inner)\""
    }

    /// Matches an `If-Match` value against a current etag: `*` matches anything; weak and strong forms compare by
    /// their opaque value, and a list of etags matches if any does.
    static func ifMatch(_ header: String?, matches etag: String) throws(GDAPError) {
        guard let header, !header.trimmingCharacters(in: .whitespaces).isEmpty else { throw .ifMatchRequired }
        func opaque(_ tag: String) -> String {
            var tag = tag.trimmingCharacters(in: .whitespaces)
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag
        }
        let candidates = header.split(separator: ",").map { opaque(String($0)) }
        if candidates.contains("*") || candidates.contains(opaque(etag)) { return }
        throw .etagMismatch("ETag does not match the current item's value.")
    }

    func relationship(_ id: String) throws(GDAPError) -> GDAPRelationship {
        guard let relationship = relationships[id] else { throw .relationshipNotFound(id) }
        return relationship
    }
}
