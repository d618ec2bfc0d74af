import Foundation
import PartnerCenterModel

/// An `ignore` entry's own fields: the customer's domain, a path the plan can address, a reason, a real date.
/// Expired entries are not an error here (validate runs offline, without a clock); the planner warns.
enum IgnoreFieldsRule {
    static func check(_ entry: RawIgnore, into diagnostics: inout [Diagnostic]) {
        if let customer = entry.customer, !Formats.isDomain(customer.value) {
            diagnostics.append(
                ManifestMessage.invalidFormat(
                    "customer",
                    customer.value,
                    expected: "a <prefix>.onmicrosoft.com domain",
                    at: customer.location
                )
            )
        }
        if let path = entry.path, let problem = IgnorePath.problem(in: path.value) {
            diagnostics.append(ManifestMessage.ignoreInvalidPath(path.value, problem: problem, at: path.location))
        }
        if let reason = entry.reason, Formats.isBlank(reason.value) {
            diagnostics.append(
                ManifestMessage.invalidFormat(
                    "reason",
                    reason.value,
                    expected: "a non-empty reason",
                    at: reason.location
                )
            )
        }
        if let until = entry.until, CalendarDate(until.value) == nil {
            diagnostics.append(
                ManifestMessage.invalidFormat(
                    "until",
                    until.value,
                    expected: "a date written YYYY-MM-DD",
                    at: until.location
                )
            )
        }
    }
}

/// The paths `ignore` entries may name, below a customer, as plans print them:
/// `companyName`, `billing.email`, `billing.address.city`, `gdap.roles`, `subscriptions[nickname].quantity`.
enum IgnorePath {
    private static let identityKeys: Set<String> = ["domain", "state", "nickname", "renamedFrom"]

    /// Why `path` is not addressable, or nil when it is.
    static func problem(in path: String) -> String? {
        let segments = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = segments.first, !first.isEmpty else { return "is empty" }
        var object = ManifestObject.customer
        var index = 0
        while index < segments.count {
            var segment = segments[index]
            var selector: String? = nil
            if let open = segment.firstIndex(of: "["), segment.hasSuffix("]") {
                selector = String(segment[segment.index(after: open)..<segment.index(before: segment.endIndex)])
                segment = String(segment[..<open])
            }
            guard object.keys.contains(segment), !identityKeys.contains(segment) else {
                let suggestion = EditDistance.closest(to: segment, in: object.keys)
                return "has no attribute '\(segment)' in \(object.displayName)"
                    + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
            }
            let child: ManifestObject?
            switch (object, segment) {
            case (.customer, "billing"): child = .billing
            case (.billing, "address"): child = .address
            case (.customer, "agreement"): child = .agreement
            case (.customer, "gdap"): child = .gdap
            case (.customer, "subscriptions"): child = .subscription
            case (.gdap, "assignments"): child = .assignment
            default: child = nil
            }
            if child == .subscription || child == .assignment {
                if let selector {
                    if selector.isEmpty { return "has an empty [] selector" }
                } else if index + 1 < segments.count {
                    return "must name one entry, as \(segment)[name]"
                }
            } else if selector != nil {
                return "selects an entry of '\(segment)', which is not a list"
            }
            index += 1
            if index < segments.count {
                guard let child else { return "goes below '\(segment)', which has no attributes" }
                object = child
            }
        }
        return nil
    }

    /// The subscription nickname a path selects (`subscriptions[nickname]…`), if any.
    static func subscriptionNickname(in path: String) -> String? {
        guard path.hasPrefix("subscriptions["), let close = path.firstIndex(of: "]") else { return nil }
        return String(path[path.index(path.startIndex, offsetBy: 14)..<close])
    }
}
