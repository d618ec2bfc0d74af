package import Foundation

/// One object's change: what happens to it, why, and the requests it implies.
package struct Change: Sendable, Hashable, Codable {
    /// `customer[d]`, `customer[d]/billing`, `customer[d]/budget`, `customer[d]/agreement`,
    /// `customer[d]/subscription[nick]`, `customer[d]/gdap[name]`, `customer[d]/gdap[name]/assignment[group]`,
    /// `customer[d]/gdap[name]/superseded[relationship id]`. See `PlanAddress`.
    package var address: String
    package var action: Action
    /// At least one; sorted.
    package var reasons: [ActionReason]
    /// Attributes that change, sorted by path.
    package var diffs: [AttributeDiff]
    /// Compared attributes that already match (the text plan collapses them).
    package var unchangedAttributes: Int
    /// A financial action that can't be undone (a purchase, a cancellation, seats added after the window).
    package var irreversible: Bool
    /// Whether one of its requests needs App+User credentials.
    package var requiresAppUser: Bool
    /// Addresses of changes that must be applied first; sorted.
    package var dependsOn: [String]
    /// The requests, in the order the applier sends them.
    package var requests: [PlannedRequest]
    /// Human guidance: what is possible instead, what happens next.
    package var messages: [String]
    /// For `waiting` on a customer: where the customer approves.
    package var approvalLink: String?
    /// For `waiting`: since when (whole seconds, from the relationship's own dates), so `drift` can tell a wait
    /// within `--waiting-grace` from one that needs a human. Added in plan format 1.4.
    package var waitingSince: Date?

    package init(
        address: String,
        action: Action,
        reasons: [ActionReason],
        diffs: [AttributeDiff] = [],
        unchangedAttributes: Int = 0,
        irreversible: Bool = false,
        requiresAppUser: Bool = false,
        dependsOn: [String] = [],
        requests: [PlannedRequest] = [],
        messages: [String] = [],
        approvalLink: String? = nil,
        waitingSince: Date? = nil
    ) {
        self.address = address
        self.action = action
        self.reasons = reasons
        self.diffs = diffs
        self.unchangedAttributes = unchangedAttributes
        self.irreversible = irreversible
        self.requiresAppUser = requiresAppUser
        self.dependsOn = dependsOn
        self.requests = requests
        self.messages = messages
        self.approvalLink = approvalLink
        self.waitingSince = waitingSince
    }

    /// The customer domain this change belongs to.
    package var customer: String { PlanAddress.customer(of: address) }
}

/// Builds and orders plan addresses.
package enum PlanAddress {
    package static func customer(_ domain: String) -> String { "customer[\(domain)]" }
    package static func billing(_ domain: String) -> String { customer(domain) + "/billing" }
    package static func budget(_ domain: String) -> String { customer(domain) + "/budget" }
    package static func agreement(_ domain: String) -> String { customer(domain) + "/agreement" }
    package static func subscriptions(_ domain: String) -> String { customer(domain) + "/subscriptions" }
    package static func subscription(_ domain: String, _ nickname: String) -> String {
        customer(domain) + "/subscription[\(nickname)]"
    }
    package static func gdap(_ domain: String, _ name: String) -> String { customer(domain) + "/gdap[\(name)]" }
    package static func assignment(_ domain: String, _ name: String, _ group: String) -> String {
        gdap(domain, name) + "/assignment[\(group)]"
    }
    package static func superseded(_ domain: String, _ name: String, _ relationshipId: String) -> String {
        gdap(domain, name) + "/superseded[\(relationshipId)]"
    }

    /// The domain in `customer[domain]…`; the whole address when it has another shape.
    package static func customer(of address: String) -> String {
        guard address.hasPrefix("customer["), let end = address.firstIndex(of: "]") else { return address }
        return String(address[address.index(address.startIndex, offsetBy: 9)..<end])
    }

    /// Addresses order component by component, so an object's children follow it and precede the next customer.
    package static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        sortKey(lhs).lexicographicallyPrecedes(sortKey(rhs))
    }

    /// The UTF-8 bytes with `/` lowered below every other byte: comparing keys bytewise compares addresses
    /// component by component.
    package static func sortKey(_ address: String) -> [UInt8] {
        address.utf8.map { $0 == UInt8(ascii: "/") ? 0 : $0 }
    }
}
