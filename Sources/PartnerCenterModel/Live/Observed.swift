/// A value the live-state reader either observed or could not read.
///
/// `unknown` means the read failed after retries (or needed credentials that are not configured): the planner
/// plans no change for that object and lists it under the plan's unknowns. It never guesses.
package enum Observed<Value: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    case known(Value)
    case unknown(UnknownRead)

    /// The value, or nil when it could not be read.
    package var value: Value? {
        if case .known(let value) = self { return value }
        return nil
    }
}

/// Why a live object could not be read: the request and the failure, in words a user can act on
/// (`GET /v1/customers/{id}/subscriptions: HTTP 503 after 4 attempts`). Never contains secrets.
package struct UnknownRead: Sendable, Hashable, Codable {
    package var reason: String

    package init(reason: String) {
        self.reason = reason
    }
}
