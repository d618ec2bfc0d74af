import Foundation

/// Everything the manifests ask for, after loading, merging `defaults` and validating.
///
/// This is the contract between the manifest loader and the reconciler: no untyped value crosses it.
/// Customers are sorted by domain, subscriptions by nickname, so every consumer sees one order.
package struct DesiredState: Sendable, Hashable, Codable {
    package var customers: [DesiredCustomer]
    package var ignores: [IgnoreRule]
    /// Hex SHA-256 over the manifest files (path and content, in sorted path order): saved plans
    /// record it so apply can tell the manifests moved.
    package var manifestDigest: String
    /// The manifest files read, in the order they were read.
    package var files: [String]
    /// The manifests' validation warnings, which the plan carries (``Plan/warnings``). Not encoded: a saved plan
    /// carries them itself, beside these manifests.
    package var warnings: [PlanWarning] = []

    private enum CodingKeys: String, CodingKey {
        case customers, ignores, manifestDigest, files
    }

    package init(customers: [DesiredCustomer], ignores: [IgnoreRule], manifestDigest: String, files: [String]) {
        self.customers = customers
        self.ignores = ignores
        self.manifestDigest = manifestDigest
        self.files = files
    }

    package func customer(domain: String) -> DesiredCustomer? {
        customers.first { $0.domain.caseInsensitiveCompare(domain) == .orderedSame }
    }
}

/// `state:` on a customer or a subscription. `absent` is an explicit tombstone asking for removal.
package enum Presence: String, Sendable, Hashable, Codable, CaseIterable {
    case present
    case absent
}
