/// What a change does to its object. Raw values are the stable strings the JSON plan uses.
package enum Action: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Absent live: create the customer, purchase the subscription, create the relationship, the assignment.
    case create
    /// Change in place.
    case update
    /// Cannot change in place: a new object replaces the old one (GDAP roles or duration after approval).
    case replace
    /// An explicit `state: absent`, or a superseded object: remove, cancel or terminate it.
    case remove
    /// Wanted, but the service forbids it now; the change's messages say what is possible instead.
    case blocked
    /// Wanted, but someone else must act first (the customer approving a relationship). Not work for apply.
    case waiting

    /// The symbol the text and Markdown plans print before the address.
    package var symbol: String {
        switch self {
        case .create: return "+"
        case .update: return "~"
        case .replace: return "-/+"
        case .remove: return "-"
        case .blocked: return "!"
        case .waiting: return "…"
        }
    }

    /// Whether apply has work to do for this action.
    package var isWork: Bool {
        switch self {
        case .create, .update, .replace, .remove: return true
        case .blocked, .waiting: return false
        }
    }

    /// Order of the plan's summary line.
    package static func < (lhs: Action, rhs: Action) -> Bool {
        let order = allCases
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }
}
