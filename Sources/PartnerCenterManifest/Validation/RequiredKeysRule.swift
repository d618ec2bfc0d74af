import PartnerCenterModel

/// Keys a customer, subscription, GDAP block or ignore entry needs after `defaults` are merged.
///
/// A customer needs only its `domain`: `companyName` and the billing profile are needed only to create one, and
/// the plan blocks that creation when they are missing; a billing address, once written, needs `addressLine1`,
/// `city` and `country`. A `state: absent` customer or subscription needs only its key. A managed GDAP
/// relationship needs `name` and `roles`; `duration` defaults to P730D and `autoExtend` to PT0S. A present
/// subscription needs `offer`, `quantity`, `termDuration` and `billingCycle`.
enum RequiredKeysRule {
    static func check(_ customer: RawCustomer, into diagnostics: inout [Diagnostic]) {
        let name = customer.domain?.value ?? "the customer"
        guard customer.domain != nil || customer.written.contains("domain") else {
            diagnostics.append(ManifestMessage.missingKey("domain", in: "customer", at: customer.location))
            return
        }
        guard !customer.isAbsent, customer.domain != nil else { return }
        // companyName and the billing profile are needed only to create a customer, which validation can't know
        // (it is offline): a customer that exists may be declared by its domain alone. The plan blocks the
        // creation of one that lacks them (`create_fields_missing`). A written address is one unit, though.
        if let address = customer.billing?.address {
            for key in ["addressLine1", "city", "country"]
            where address[key] == nil && !address.written.contains(key) {
                diagnostics.append(
                    ManifestMessage.missingKey(key, in: "billing address of \(name)", at: address.location)
                )
            }
        }
        if let agreement = customer.agreement {
            for key in ["firstName", "lastName", "email"]
            where agreement[key] == nil && !agreement.written.contains(key) {
                diagnostics.append(ManifestMessage.missingKey(key, in: "agreement of \(name)", at: agreement.location))
            }
        }
        if let gdap = customer.gdap, gdap.enabled?.value != false {
            if gdap.name == nil, !gdap.written.contains("name") {
                diagnostics.append(
                    ManifestMessage.missingKey(
                        "name",
                        in: "gdap of \(name)",
                        detail: "set it here or in defaults.gdap",
                        at: gdap.location
                    )
                )
            }
            if gdap.roles == nil, !gdap.written.contains("roles") {
                diagnostics.append(
                    ManifestMessage.missingKey(
                        "roles",
                        in: "gdap of \(name)",
                        detail: "set it here or in defaults.gdap",
                        at: gdap.location
                    )
                )
            }
            for assignment in gdap.assignments?.value ?? [] {
                for (key, value) in [("group", assignment.group != nil), ("roles", assignment.roles != nil)]
                where !value && !assignment.written.contains(key) {
                    diagnostics.append(ManifestMessage.missingKey(key, in: "gdap assignment", at: assignment.location))
                }
            }
        }
        for subscription in customer.subscriptions {
            guard let nickname = subscription.nickname?.value else {
                if !subscription.written.contains("nickname") {
                    diagnostics.append(
                        ManifestMessage.missingKey("nickname", in: "subscription", at: subscription.location)
                    )
                }
                continue
            }
            guard subscription.state?.value != "absent" else { continue }
            let present: [(String, Bool)] = [
                ("offer", subscription.offer != nil), ("quantity", subscription.quantity != nil),
                ("termDuration", subscription.termDuration != nil), ("billingCycle", subscription.billingCycle != nil),
            ]
            for (key, isPresent) in present where !isPresent && !subscription.written.contains(key) {
                diagnostics.append(
                    ManifestMessage.missingSubscriptionKey(key, nickname: nickname, at: subscription.location)
                )
            }
        }
    }

    static func check(_ entry: RawIgnore, into diagnostics: inout [Diagnostic]) {
        for (key, present) in [
            ("customer", entry.customer != nil), ("path", entry.path != nil), ("reason", entry.reason != nil),
        ]
        where !present && !entry.written.contains(key) {
            diagnostics.append(ManifestMessage.missingKey(key, in: "ignore entry", at: entry.location))
        }
    }
}
