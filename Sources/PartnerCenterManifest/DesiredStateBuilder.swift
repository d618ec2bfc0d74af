import Foundation
import PartnerCenterModel

/// Merged, validated raw customers → the typed `DesiredState`. Runs only when validation found no error, so
/// every required value is present and every format is right; it still never traps on a missing value.
enum DesiredStateBuilder {
    static let defaultDuration = "P730D"
    static let defaultAutoExtend = "PT0S"

    /// `customers`: `customer(_:)` of each merged customer (made on all cores by the validator).
    static func build(
        customers: consuming [DesiredCustomer],
        files: [RawFile],
        digest: String,
        paths: [String]
    ) -> DesiredState {
        var desired = customers  // consumed: sorted in place, not copied
        desired.sort { $0.domain < $1.domain }
        let ignores = files.flatMap(\.ignores).compactMap { entry -> IgnoreRule? in
            guard let customer = entry.customer, let path = entry.path, let reason = entry.reason else { return nil }
            return IgnoreRule(
                customer: customer.value.lowercased(),
                path: path.value,
                reason: reason.value,
                until: entry.until.flatMap { CalendarDate($0.value) },
                location: entry.location
            )
        }
        return DesiredState(customers: desired, ignores: ignores, manifestDigest: digest, files: paths)
    }

    /// One merged customer as the desired state holds it; nil without a domain.
    static func customer(_ raw: RawCustomer) -> DesiredCustomer? {
        guard let domain = raw.domain else { return nil }
        var recorder = LocationRecorder()
        func note<T>(_ key: String, _ value: Located<T>?) -> T? { recorder.note(key, value) }
        var customer = DesiredCustomer(domain: domain.value.lowercased(), location: domain.location)
        guard !raw.isAbsent else {
            customer.state = .absent
            customer.subscriptions = []
            return customer
        }
        customer.companyName = note("companyName", raw.companyName)
        customer.organizationRegistrationNumber = note(
            "organizationRegistrationNumber",
            raw.organizationRegistrationNumber
        )
        if let billing = raw.billing {
            var address: PostalAddress? = nil
            if let fields = billing.address, let line1 = fields["addressLine1"], let city = fields["city"],
                let country = fields["country"]
            {
                for (key, value) in fields.fields { recorder.locations["billing.address.\(key)"] = value.location }
                address = PostalAddress(
                    firstName: fields["firstName"]?.value,
                    lastName: fields["lastName"]?.value,
                    addressLine1: line1.value,
                    addressLine2: fields["addressLine2"]?.value,
                    addressLine3: fields["addressLine3"]?.value,
                    city: city.value,
                    state: fields["state"]?.value,
                    postalCode: fields["postalCode"]?.value,
                    country: country.value.uppercased(),
                    region: fields["region"]?.value,
                    district: fields["district"]?.value,
                    phoneNumber: fields["phoneNumber"]?.value
                )
            }
            customer.billing = DesiredBilling(
                email: note("billing.email", billing.email),
                culture: note("billing.culture", billing.culture),
                language: note("billing.language", billing.language),
                address: address
            )
        }
        customer.spendingBudget = note("spendingBudget", raw.spendingBudget)
        customer.enableGDAPByDefault = note("enableGDAPByDefault", raw.enableGDAPByDefault)
        if let agreement = raw.agreement, let first = agreement["firstName"], let last = agreement["lastName"],
            let email = agreement["email"]
        {
            for (key, value) in agreement.fields { recorder.locations["agreement.\(key)"] = value.location }
            customer.agreement = DesiredAgreementContact(
                firstName: first.value,
                lastName: last.value,
                email: email.value,
                phoneNumber: agreement["phoneNumber"]?.value
            )
        }
        if let gdap = raw.gdap, gdap.enabled?.value != false, let name = gdap.name, let roles = gdap.roles {
            recorder.locations["gdap.name"] = name.location
            recorder.locations["gdap.roles"] = roles.location
            if let duration = gdap.duration { recorder.locations["gdap.duration"] = duration.location }
            if let autoExtend = gdap.autoExtend { recorder.locations["gdap.autoExtend"] = autoExtend.location }
            if let assignments = gdap.assignments { recorder.locations["gdap.assignments"] = assignments.location }
            let days = gdap.duration.flatMap { Formats.days(inDuration: $0.value) }
            customer.gdap = DesiredGDAP(
                displayName: DisplayNameTemplate.expand(name.value, domain: domain.value),
                duration: days.map { "P\($0)D" } ?? defaultDuration,
                autoExtendDuration: gdap.autoExtend.map { $0.value == "P180D" ? "P180D" : "PT0S" } ?? defaultAutoExtend,
                roles: resolve(roles),
                assignments: (gdap.assignments?.value ?? []).compactMap { assignment in
                    guard let group = assignment.group, let roles = assignment.roles else { return nil }
                    return DesiredAccessAssignment(
                        group: group.value.lowercased(),
                        roles: resolve(roles),
                        location: assignment.location
                    )
                }
                .sorted { $0.group < $1.group },
                location: gdap.location
            )
        }
        customer.reseller = note("reseller", raw.reseller)
        customer.subscriptions = raw.subscriptions.compactMap(subscription).sorted { $0.nickname < $1.nickname }
        for index in customer.subscriptions.indices where customer.subscriptions[index].partnerOfRecord == nil {
            // A subscription's partner of record defaults to the customer's reseller.
            customer.subscriptions[index].partnerOfRecord = customer.reseller
        }
        customer.locations = recorder.locations
        return customer
    }

    /// The distinct roles, sorted. Lists hold a handful of roles: compared pairwise, not hashed into a set.
    private static func resolve(_ roles: LocatedList) -> [GDAPRole] {
        var result: [GDAPRole] = []
        result.reserveCapacity(roles.value.count)
        for role in roles.value {
            if let known = EntraBuiltInRoles.role(nameOrID: role.value)?.gdapRole, !result.contains(known) {
                result.append(known)
            }
        }
        result.sort()
        return result
    }

    private static func subscription(_ raw: RawSubscription) -> DesiredSubscription? {
        guard let nickname = raw.nickname else { return nil }
        var recorder = LocationRecorder()
        func note<T>(_ key: String, _ value: Located<T>?) -> T? { recorder.note(key, value) }
        var result = DesiredSubscription(nickname: nickname.value, location: raw.location)
        result.renamedFrom = note("renamedFrom", raw.renamedFrom)
        if raw.state?.value == Presence.absent.rawValue {
            result.state = .absent
            result.locations = recorder.locations
            return result
        }
        result.offer = note("offer", raw.offer).flatMap(offerID)
        result.quantity = note("quantity", raw.quantity)
        result.termDuration = note("termDuration", raw.termDuration)
        result.billingCycle = note("billingCycle", raw.billingCycle).flatMap { BillingCycle(rawValue: $0) }
        result.autoRenew = note("autoRenew", raw.autoRenew)
        result.status = note("status", raw.status).flatMap { DesiredSubscriptionStatus(rawValue: $0) } ?? .active
        result.partnerOfRecord = note("partnerOfRecord", raw.partnerOfRecord)
        result.additionalPartnersOfRecord =
            note("additionalPartnersOfRecord", raw.additionalPartnersOfRecord)?
            .map(\.value) ?? []
        result.locations = recorder.locations
        return result
    }
}

extension DesiredStateBuilder {
    /// `OfferID(text)`, without its generic split for the validated shape (`PRODUCT:SKU`, 12 and 4 ASCII letters
    /// and digits), which ASCII upper-casing handles the same way.
    static func offerID(_ text: String) -> OfferID? {
        guard Formats.isOffer(text) else { return OfferID(text) }
        let upper = text.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
        return OfferID(
            productId: String(decoding: upper[0..<12], as: UTF8.self),
            skuId: String(decoding: upper[13...], as: UTF8.self)
        )
    }
}

/// Collects where each attribute of a customer or subscription was written, keyed as plans address it.
private struct LocationRecorder {
    var locations: [String: SourceLocation] = Dictionary(minimumCapacity: 8)

    mutating func note<T>(_ key: String, _ value: Located<T>?) -> T? {
        guard let value else { return nil }
        locations[key] = value.location
        return value.value
    }
}
