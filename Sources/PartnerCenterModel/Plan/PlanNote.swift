/// Something a reviewer should know that is not a change: unmanaged objects, accepted drift, warnings.
package struct PlanNote: Sendable, Hashable, Codable {
    package var kind: Kind
    package var severity: Severity
    package var address: String
    package var message: String

    package init(kind: Kind, severity: Severity, address: String, message: String) {
        self.kind = kind
        self.severity = severity
        self.address = address
        self.message = message
    }

    package enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
        case info
        case warning
    }

    /// Stable snake_case note kinds.
    package enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A live subscription no manifest entry claims: never touched.
        case unmanagedSubscription = "unmanaged_subscription"
        /// A live GDAP relationship that is not the managed one: never touched.
        case unmanagedRelationship = "unmanaged_relationship"
        /// A create-time-only field on an existing customer: no effect.
        case createTimeOnly = "create_time_only"
        /// An `ignore` entry suppressed drift.
        case driftIgnored = "drift_ignored"
        /// An `ignore` entry is past its `until` date: the drift it named counts again.
        case ignoreExpired = "ignore_expired"
        /// An active relationship ends within 30 days and does not auto-extend.
        case gdapExpiring = "gdap_expiring"
        /// A live object is in a state the planner leaves alone (pending, disabled, error).
        case notManageable = "not_manageable"
        /// Anything else worth a line.
        case info = "info"
    }
}

/// A live object that could not be read: no change is planned for it.
package struct PlanUnknown: Sendable, Hashable, Codable {
    package var address: String
    package var reason: String

    package init(address: String, reason: String) {
        self.address = address
        self.reason = reason
    }
}
