package import Foundation

/// The Microsoft Graph GDAP side of the emulator: the partner's delegated admin relationships with their requests,
/// access assignments and long-running operations. A pure value: every mutation takes `now` and an id generator and
/// either changes the value or throws a ``GDAPError`` without changing it.
///
/// Time-based transitions (activation, expiry, auto-extension, termination, assignment provisioning, operations,
/// clean-up of old relationships) are applied by ``advance(to:)``; mutations call it first so rules are checked
/// against the state as of `now`.
package struct GraphState: Codable, Sendable, Equatable {
    /// Keyed by relationship id.
    package var relationships: [String: GDAPRelationship] = [:] {
        didSet { nextDue = nil }
    }
    package var behaviour = GDAPBehaviour() {
        didSet { nextDue = nil }
    }
    /// The earliest moment any timed transition falls due; nil when unknown (after any change). Lets reads skip
    /// the scan of every relationship until something is due.
    package internal(set) var nextDue: Date?
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
        throw .preconditionFailed("The If-Match etag does not match the current version of the resource.")
    }

    func relationship(_ id: String) throws(GDAPError) -> GDAPRelationship {
        guard let relationship = relationships[id] else { throw .relationshipNotFound(id) }
        return relationship
    }
}
