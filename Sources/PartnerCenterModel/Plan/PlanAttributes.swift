/// The attributes of a customer's billing profile a manifest sets (the company name included: Partner Center keeps
/// it on the billing profile). Raw values are the manifest paths (`billing.address.city`), which are also the
/// parameter keys of `create_customer` and `update_billing_profile`.
package enum BillingAttribute: String, Sendable, Hashable, CaseIterable, Comparable {
    case companyName
    case email = "billing.email"
    case culture = "billing.culture"
    case language = "billing.language"
    case firstName = "billing.address.firstName"
    case lastName = "billing.address.lastName"
    case addressLine1 = "billing.address.addressLine1"
    case addressLine2 = "billing.address.addressLine2"
    case addressLine3 = "billing.address.addressLine3"
    case city = "billing.address.city"
    case state = "billing.address.state"
    case postalCode = "billing.address.postalCode"
    case country = "billing.address.country"
    case region = "billing.address.region"
    case district = "billing.address.district"
    case phoneNumber = "billing.address.phoneNumber"

    /// The manifest path (and the diff path).
    package var path: String { rawValue }

    /// The name a billing-profile change shows (`email`, `address.city`): the path below `billing.`.
    package var name: String {
        self == .companyName ? rawValue : String(rawValue.dropFirst("billing.".count))
    }

    /// Whether Partner Center compares it ignoring case (e-mail, culture, language, country).
    package var caseInsensitive: Bool {
        switch self {
        case .email, .culture, .language, .country: return true
        default: return false
        }
    }

    package static func < (lhs: BillingAttribute, rhs: BillingAttribute) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The attributes of a subscription a plan compares. Raw values are the diff names; the diff path is
/// `subscriptions[<nickname>].<name>`.
package enum SubscriptionAttribute: String, Sendable, Hashable, CaseIterable {
    case nickname
    case offer
    case termDuration
    case billingCycle
    case status
    case quantity
    case autoRenew

    package var name: String { rawValue }

    package func path(_ nickname: String) -> String { "subscriptions[\(nickname)].\(rawValue)" }

    /// The attribute a diff of a subscription change names, if it is one.
    package init?(diff: AttributeDiff) { self.init(rawValue: diff.name) }
}

/// The attributes of a GDAP relationship a plan compares.
package enum RelationshipAttribute: String, Sendable, Hashable, CaseIterable {
    case roles
    case duration
    case autoExtend
    case name

    /// The manifest path (`gdap.roles`), which is the diff path.
    package var path: String { "gdap." + rawValue }

    /// The Graph property (`autoExtendDuration`, `displayName`), which is the diff name.
    package var name: String {
        switch self {
        case .roles: return "roles"
        case .duration: return "duration"
        case .autoExtend: return "autoExtendDuration"
        case .name: return "displayName"
        }
    }

    /// The attribute a diff path names, if it is one.
    package init?(path: String) {
        guard let found = Self.allCases.first(where: { $0.path == path }) else { return nil }
        self = found
    }
}
