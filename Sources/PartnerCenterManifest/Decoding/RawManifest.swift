import Foundation
import PartnerCenterModel

/// A value as written in a manifest, with where it was written.
struct Located<Value: Sendable>: Sendable {
    var value: Value
    var location: SourceLocation
}

/// A list of strings as written (`roles: [...]`).
typealias LocatedList = Located<[Located<String>]>

/// `gdap:` in `defaults` or on a customer. Every key is optional here; required keys are checked after merging.
struct RawGDAP: Sendable {
    /// The keys written here, valid or not (a wrongly typed value is not also reported as missing).
    var written: [String] = []
    var enabled: Located<Bool>?
    var name: Located<String>?
    var duration: Located<String>?
    var autoExtend: Located<String>?
    var roles: LocatedList?
    var assignments: Located<[RawAssignment]>?
    var location: SourceLocation
}

struct RawAssignment: Sendable {
    /// The keys written here, valid or not (a wrongly typed value is not also reported as missing).
    var written: [String] = []
    var group: Located<String>?
    var roles: LocatedList?
    var location: SourceLocation
}

/// `defaults.subscriptions`: settings every subscription inherits.
struct RawSubscriptionSettings: Sendable {
    var termDuration: Located<String>?
    var billingCycle: Located<String>?
    var autoRenew: Located<Bool>?
    var location: SourceLocation
}

struct RawSubscription: Sendable {
    /// The keys written here, valid or not (a wrongly typed value is not also reported as missing).
    var written: [String] = []
    var nickname: Located<String>?
    var renamedFrom: Located<String>?
    var offer: Located<String>?
    var quantity: Located<Int>?
    var termDuration: Located<String>?
    var billingCycle: Located<String>?
    var autoRenew: Located<Bool>?
    var status: Located<String>?
    var state: Located<String>?
    var partnerOfRecord: Located<String>?
    var additionalPartnersOfRecord: LocatedList?
    var location: SourceLocation
}

/// A mapping of string fields (address, agreement contact).
struct RawFields: Sendable {
    /// The keys written here, valid or not (a wrongly typed value is not also reported as missing).
    var written: [String] = []
    var fields: [String: Located<String>]
    var location: SourceLocation

    subscript(_ key: String) -> Located<String>? { fields[key] }
}

struct RawBilling: Sendable {
    /// The keys written here, valid or not (a wrongly typed value is not also reported as missing).
    var written: [String] = []
    var email: Located<String>?
    var culture: Located<String>?
    var language: Located<String>?
    var address: RawFields?
    var location: SourceLocation
}

struct RawCustomer: Sendable {
    /// The keys written here, valid or not (a wrongly typed value is not also reported as missing).
    var written: [String] = []
    var domain: Located<String>?
    var state: Located<String>?
    var companyName: Located<String>?
    var organizationRegistrationNumber: Located<String>?
    var billing: RawBilling?
    var spendingBudget: Located<Decimal>?
    var enableGDAPByDefault: Located<Bool>?
    var agreement: RawFields?
    var gdap: RawGDAP?
    var reseller: Located<String>?
    var subscriptions: [RawSubscription]
    var location: SourceLocation

    var isAbsent: Bool { state?.value == Presence.absent.rawValue }
    /// The lower-cased domain, as the customer's key.
    var key: String? { domain.map { $0.value.lowercased() } }
}

struct RawDefaults: Sendable {
    var billing: RawBilling?
    var spendingBudget: Located<Decimal>?
    var enableGDAPByDefault: Located<Bool>?
    var gdap: RawGDAP?
    var subscriptions: RawSubscriptionSettings?
    var reseller: Located<String>?
    var location: SourceLocation
}

struct RawIgnore: Sendable {
    /// The keys written here, valid or not (a wrongly typed value is not also reported as missing).
    var written: [String] = []
    var customer: Located<String>?
    var path: Located<String>?
    var reason: Located<String>?
    var until: Located<String>?
    var location: SourceLocation
}

/// One manifest file after decoding.
struct RawFile: Sendable {
    var path: String
    var apiVersion: Located<String>?
    var defaults: RawDefaults? {
        get { boxedDefaults?.value }
        set { boxedDefaults = newValue.map(Boxed.init) }
    }
    var customers: [RawCustomer]
    var ignores: [RawIgnore]
    /// Out of line: one file in a tree has `defaults`, and a tree's files are held in arrays of thousands, where
    /// the block inline would make each file about ten times larger.
    private var boxedDefaults: Boxed<RawDefaults>?

    init(
        path: String,
        apiVersion: Located<String>?,
        defaults: RawDefaults?,
        customers: [RawCustomer],
        ignores: [RawIgnore]
    ) {
        self.path = path
        self.apiVersion = apiVersion
        self.customers = customers
        self.ignores = ignores
        self.defaults = defaults
    }
}

/// A value held out of line (by reference), for a large value that is often absent from a struct held in large
/// arrays.
final class Boxed<Value: Sendable>: Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
}
