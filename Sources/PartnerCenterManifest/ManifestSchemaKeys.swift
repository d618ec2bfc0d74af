/// The one place that lists which keys each manifest object accepts.
///
/// The decoder rejects any other key (with a "did you mean" suggestion), and a test checks that
/// `schemas/manifest.schema.json` lists exactly these keys for the matching definitions, so the schema editors
/// use and the loader cannot drift apart.
package enum ManifestObject: String, Sendable, CaseIterable {
    case file
    case defaults
    case defaultsBilling
    case defaultsSubscriptions
    case gdap
    case assignment
    case customer
    case billing
    case address
    case agreement
    case subscription
    case ignore

    /// The keys this object accepts, in the order the reference documents them.
    package var keys: [String] {
        switch self {
        case .file: ["apiVersion", "defaults", "customers", "ignore"]
        case .defaults: ["billing", "spendingBudget", "enableGDAPByDefault", "gdap", "subscriptions", "reseller"]
        case .defaultsBilling: ["culture", "language"]
        case .defaultsSubscriptions: ["termDuration", "billingCycle", "autoRenew"]
        case .gdap: ["enabled", "name", "duration", "autoExtend", "roles", "assignments"]
        case .assignment: ["group", "roles"]
        case .customer:
            [
                "domain", "state", "companyName", "organizationRegistrationNumber", "billing", "spendingBudget",
                "enableGDAPByDefault", "agreement", "gdap", "subscriptions", "reseller",
            ]
        case .billing: ["email", "culture", "language", "address"]
        case .address:
            [
                "firstName", "lastName", "addressLine1", "addressLine2", "addressLine3", "city", "state", "postalCode",
                "country", "region", "district", "phoneNumber",
            ]
        case .agreement: ["firstName", "lastName", "email", "phoneNumber"]
        case .subscription:
            [
                "nickname", "renamedFrom", "offer", "quantity", "termDuration", "billingCycle", "autoRenew", "status",
                "state", "partnerOfRecord", "additionalPartnersOfRecord",
            ]
        case .ignore: ["customer", "path", "reason", "until"]
        }
    }

    /// `keys` as a set, computed once per object kind (the decoder looks keys up for every mapping it reads).
    var keySet: Set<String> { Self.keySets[self] ?? [] }

    private static let keySets: [ManifestObject: Set<String>] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0, Set($0.keys)) }
    )

    /// The name `schemas/manifest.schema.json` gives this object under `$defs` (the root for `.file`).
    package var schemaDefinition: String { rawValue }

    /// How messages name the object.
    var displayName: String {
        switch self {
        case .file: "manifest file"
        case .defaults: "defaults"
        case .defaultsBilling: "defaults.billing"
        case .defaultsSubscriptions: "defaults.subscriptions"
        case .gdap: "gdap"
        case .assignment: "gdap assignment"
        case .customer: "customer"
        case .billing: "billing"
        case .address: "billing address"
        case .agreement: "agreement"
        case .subscription: "subscription"
        case .ignore: "ignore entry"
        }
    }
}
