import Foundation
import PartnerCenterModel

/// Plans one desired customer: the customer itself, its billing profile, budget and MCA acceptance, then hands
/// its subscriptions and GDAP relationship to their planners.
enum CustomerPlanner {
    static func plan(_ desired: DesiredCustomer, in context: inout PlanningContext) {
        let domain = desired.domain.lowercased()
        let address = PlanAddress.customer(domain)
        guard let lookup = context.live.customers[domain] else {
            context.unknown(address, UnknownRead(reason: "the customer was not looked up"))
            return
        }
        switch lookup {
        case .unknown(let read):
            context.unknown(address, read)
        case .notFound:
            context.fingerprints[address] = "absent"
            if desired.state == .present { planNewCustomer(desired, domain: domain, in: &context) }
        case .found(let live):
            context.fingerprint(address, etag: nil, fields: [live.tenantId, live.relationshipToPartner.rawValue])
            if desired.state == .absent {
                planRemoval(live, domain: domain, in: &context)
            } else {
                planExisting(desired, live: live, domain: domain, in: &context)
            }
        }
    }

    // MARK: - Absent live: create

    private static func planNewCustomer(_ desired: DesiredCustomer, domain: String, in context: inout PlanningContext) {
        let address = PlanAddress.customer(domain)
        var comparison = AttributeComparison()
        compareProfile(desired, live: nil, into: &comparison)
        // The object is the customer: name attributes by their full path (`billing.email`).
        let diffs = comparison.diffs.map { AttributeDiff(path: $0.path, name: $0.path, before: nil, after: $0.after) }
        var missing: [String] = []
        if desired.companyName == nil { missing.append("companyName") }
        if desired.billing?.email == nil { missing.append("billing.email") }
        if desired.billing?.culture == nil { missing.append("billing.culture") }
        if desired.billing?.language == nil { missing.append("billing.language") }
        if desired.billing?.address == nil { missing.append("billing.address") }

        let customer = NewCustomer(
            domainPrefix: desired.domainPrefix,
            profile: BillingAttribute.values(of: diffs),
            enableGDAPByDefault: desired.enableGDAPByDefault,
            organizationRegistrationNumber: desired.organizationRegistrationNumber
        )
        var change = Change(
            address: address,
            action: missing.isEmpty ? .create : .blocked,
            reasons: missing.isEmpty ? [.absentLive] : [.absentLive, .createFieldsMissing],
            diffs: diffs,
            requests: [PlannedRequest(.createCustomer(customer))],
            messages: ["The new customer's admin credentials are written to --credentials-out, never printed."]
        )
        if !missing.isEmpty {
            let place = desired.location.map { " (the customer at \($0))" } ?? ""
            change.messages = [
                "Partner Center needs \(missing.joined(separator: ", ")) to create a customer; the manifest"
                    + "\(place) does not give them. A customer that already exists needs none of them: "
                    + "check the domain."
            ]
        }
        if let reseller = ResellerPlanner.newCustomer(desired, change: &change, in: &context) {
            var forReseller = customer
            forReseller.associatedPartnerId = reseller
            change.requests = [PlannedRequest(.createCustomer(forReseller))]
        }
        context.add(change)

        if let budget = desired.spendingBudget {
            context.add(budgetChange(domain: domain, live: nil, desired: budget, dependsOn: [address]))
        }
        let agreement = agreementChange(desired, domain: domain, dependsOn: [address], in: &context)
        let country = desired.billing?.address?.country
        SubscriptionPlanner.planNewCustomer(
            desired,
            domain: domain,
            country: country,
            agreement: agreement,
            in: &context
        )
        if let gdap = desired.gdap {
            GDAPPlanner.plan(gdap, domain: domain, live: nil, in: &context)
        }
    }

    // MARK: - Present live: update

    private static func planExisting(
        _ desired: DesiredCustomer,
        live: LiveCustomer,
        domain: String,
        in context: inout PlanningContext
    ) {
        if desired.enableGDAPByDefault != nil {
            context.note(
                .createTimeOnly,
                .info,
                PlanAddress.customer(domain),
                "enableGDAPByDefault only applies when a customer is created; it has no effect on this customer"
            )
        }
        if desired.organizationRegistrationNumber != nil {
            context.note(
                .createTimeOnly,
                .info,
                PlanAddress.customer(domain),
                "organizationRegistrationNumber is part of the read-only company profile once the customer exists"
            )
        }
        planBilling(desired, live: live, domain: domain, in: &context)
        planBudget(desired, live: live, domain: domain, in: &context)
        let agreement = planAgreement(desired, live: live, domain: domain, in: &context)
        ResellerPlanner.planExisting(desired, live: live, domain: domain, in: &context)
        SubscriptionPlanner.planExisting(
            desired,
            live: live,
            domain: domain,
            agreement: agreement,
            in: &context
        )
        if let gdap = desired.gdap {
            GDAPPlanner.plan(gdap, domain: domain, live: live, in: &context)
        } else if case .known(let relationships) = live.relationships {
            GDAPPlanner.noteUnmanaged(relationships, domain: domain, in: &context)
        }
    }

    private static func planBilling(
        _ desired: DesiredCustomer,
        live: LiveCustomer,
        domain: String,
        in context: inout PlanningContext
    ) {
        guard desired.billing != nil || desired.companyName != nil else { return }
        let address = PlanAddress.billing(domain)
        let profile: LiveBillingProfile
        switch live.billing {
        case .unknown(let read):
            context.unknown(address, read)
            return
        case .known(let value):
            profile = value
        }
        context.fingerprint(address, etag: profile.etag, fields: profileFields(profile))
        var comparison = AttributeComparison()
        compareProfile(desired, live: profile, into: &comparison)
        let (diffs, ignored) = context.filterIgnored(domain: domain, address: address, diffs: comparison.diffs)
        guard !diffs.isEmpty else { return }
        context.add(
            Change(
                address: address,
                action: .update,
                reasons: [.attributeDiffers] + (ignored ? [.driftIgnored] : []),
                diffs: diffs,
                unchangedAttributes: comparison.unchanged + comparison.diffs.count - diffs.count,
                requests: [
                    PlannedRequest(
                        .updateBillingProfile(BillingAttribute.values(of: diffs)),
                        target: live.tenantId,
                        etag: profile.etag
                    )
                ]
            )
        )
    }

    /// Compares the billing-profile attributes the manifest gives (company name included: Partner Center keeps
    /// it on the billing profile). Paths are the manifest's.
    private static func compareProfile(
        _ desired: DesiredCustomer,
        live: LiveBillingProfile?,
        into comparison: inout AttributeComparison
    ) {
        for attribute in BillingAttribute.allCases {
            comparison.compare(
                attribute.path,
                name: attribute.name,
                live: live.flatMap(attribute.value(in:)).map(JSONValue.string),
                desired: attribute.value(in: desired).map(JSONValue.string),
                caseInsensitive: attribute.caseInsensitive
            )
        }
    }

    private static func profileFields(_ profile: LiveBillingProfile) -> [String] {
        let a = profile.address
        return [
            profile.email, profile.culture, profile.language, profile.companyName, a?.firstName, a?.lastName,
            a?.addressLine1, a?.addressLine2, a?.addressLine3, a?.city, a?.state, a?.postalCode, a?.country,
            a?.region, a?.district, a?.phoneNumber,
        ].map { $0 ?? "" }
    }

    private static func planBudget(
        _ desired: DesiredCustomer,
        live: LiveCustomer,
        domain: String,
        in context: inout PlanningContext
    ) {
        guard let want = desired.spendingBudget else { return }
        let address = PlanAddress.budget(domain)
        switch live.spendingBudget {
        case .unknown(let read):
            context.unknown(address, read)
        case .known(let have):
            context.fingerprint(address, etag: nil, fields: [have.map { "\($0)" } ?? "none"])
            guard have != want else { return }
            let change = budgetChange(domain: domain, live: have, desired: want, tenantId: live.tenantId)
            let (diffs, _) = context.filterIgnored(domain: domain, address: address, diffs: change.diffs)
            guard !diffs.isEmpty else { return }
            context.add(change)
        }
    }

    private static func budgetChange(
        domain: String,
        live: Decimal?,
        desired: Decimal,
        tenantId: String? = nil,
        dependsOn: [String] = []
    ) -> Change {
        Change(
            address: PlanAddress.budget(domain),
            action: .update,
            reasons: [.attributeDiffers],
            diffs: [
                AttributeDiff(
                    path: "spendingBudget",
                    name: "amount",
                    before: live.map(JSONValue.number) ?? .null,
                    after: .number(desired)
                )
            ],
            dependsOn: dependsOn,
            requests: [
                PlannedRequest(.updateSpendingBudget(amount: desired), target: tenantId)
            ]
        )
    }

    // MARK: - MCA acceptance

    private static func planAgreement(
        _ desired: DesiredCustomer,
        live: LiveCustomer,
        domain: String,
        in context: inout PlanningContext
    ) -> AgreementState {
        let address = PlanAddress.agreement(domain)
        switch live.agreement {
        case .unknown(let read):
            let wanted = desired.agreement != nil || desired.subscriptions.contains { $0.state == .present }
            if wanted { context.unknown(address, read) }
            // Without App+User credentials the read was not possible at all (it is App+User only); otherwise it
            // failed. Either way what depends on it is blocked, never planned on a guess.
            return .unknown(appOnly: !context.live.appUserAvailable, reason: read.reason)
        case .known(.some(let agreement)):
            context.fingerprint(address, etag: nil, fields: ["accepted", agreement.templateId ?? ""])
            return .accepted
        case .known(.none):
            context.fingerprints[address] = "absent"
            return agreementChange(desired, domain: domain, tenantId: live.tenantId, dependsOn: [], in: &context)
        }
    }

    /// Plans the MCA acceptance when the manifest names a contact; `.missing` otherwise.
    private static func agreementChange(
        _ desired: DesiredCustomer,
        domain: String,
        tenantId: String? = nil,
        dependsOn: [String],
        in context: inout PlanningContext
    ) -> AgreementState {
        guard let contact = desired.agreement else { return .missing }
        let acceptance = AgreementAcceptance(
            firstName: contact.firstName,
            lastName: contact.lastName,
            email: contact.email,
            phoneNumber: contact.phoneNumber
        )
        let address = PlanAddress.agreement(domain)
        context.add(
            Change(
                address: address,
                action: .create,
                reasons: [.absentLive],
                diffs: [
                    AttributeDiff(
                        path: "agreement.email",
                        name: "primaryContact.email",
                        before: nil,
                        after: .string(contact.email)
                    )
                ],
                dependsOn: dependsOn,
                requests: [
                    PlannedRequest(.acceptCustomerAgreement(acceptance), target: tenantId)
                ],
                messages: [
                    "Confirms that \(contact.firstName) \(contact.lastName) accepted the Microsoft Customer Agreement."
                ]
            )
        )
        return .acceptedInPlan(address)
    }

    // MARK: - state: absent

    private static func planRemoval(_ live: LiveCustomer, domain: String, in context: inout PlanningContext) {
        let address = PlanAddress.customer(domain)
        if context.live.sandbox {
            context.add(
                Change(
                    address: address,
                    action: .remove,
                    reasons: [.absentInManifest, .integrationSandboxDelete],
                    irreversible: true,
                    requests: [PlannedRequest(.deleteCustomer, target: live.tenantId)],
                    messages: ["The integration-sandbox customer tenant and its resources are deleted."]
                )
            )
            return
        }
        var change = Change(
            address: address,
            action: .remove,
            reasons: [.absentInManifest, .customerDeleteOnlyInSandbox],
            irreversible: true,
            requests: [PlannedRequest(.removeResellerRelationship, target: live.tenantId)],
            messages: ["Re-establishing the relationship needs the customer to accept a new reseller invitation."]
        )
        let subscriptions: [LiveSubscription]
        switch live.subscriptions {
        case .unknown(let read):
            context.unknown(PlanAddress.subscriptions(domain), read)
            change.action = .blocked
            change.reasons.append(.subscriptionsMustBeSuspended)
            change.messages = ["The customer's subscriptions could not be read, so cspctl can't suspend them first."]
            context.add(change)
            return
        case .known(let value):
            subscriptions = value
        }
        if suspendFirst(subscriptions, domain: domain, removal: &change, in: &context) {
            context.add(change)
        }
    }

    /// Plans the suspension of the customer's active subscriptions before its relationship is removed, and makes
    /// the removal depend on them; false when the removal is blocked (and already added).
    private static func suspendFirst(
        _ subscriptions: [LiveSubscription],
        domain: String,
        removal change: inout Change,
        in context: inout PlanningContext
    ) -> Bool {
        let active = subscriptions.filter { $0.status == .active }
        let trials = active.filter(\.isTrial)
        if !trials.isEmpty {
            change.action = .blocked
            change.reasons.append(.subscriptionsMustBeSuspended)
            change.messages = [
                "Trial subscriptions can't be suspended: \(trials.map(\.friendlyName).sorted().joined(separator: ", ")). "
                    + "Turn their auto-renew off and remove the customer once they end."
            ]
            context.add(change)
            return false
        }
        if !context.live.appUserAvailable {
            // Blocked anyway: do not suspend subscriptions for a removal that can't happen.
            if !active.isEmpty {
                change.messages.append(
                    "Once possible, \(active.count) active subscription(s) are suspended first: "
                        + active.map(\.friendlyName).sorted().joined(separator: ", ") + "."
                )
            }
            context.add(change)
            return false
        }
        let names = SubscriptionPlanner.liveNames(subscriptions)
        for subscription in active {
            let name = names[subscription.id] ?? subscription.id
            let address = PlanAddress.subscription(domain, name)
            context.fingerprint(address, etag: subscription.etag, fields: SubscriptionPlanner.fields(subscription))
            let status = SubscriptionAttribute.status
            context.add(
                Change(
                    address: address,
                    action: .update,
                    reasons: [.suspendBeforeRelationshipRemoval],
                    diffs: [
                        AttributeDiff(
                            path: status.path(name),
                            name: status.name,
                            before: .string("active"),
                            after: .string("suspended")
                        )
                    ],
                    requests: [PlannedRequest(.suspendSubscription, target: subscription.id, etag: subscription.etag)],
                    messages: SubscriptionPlanner.suspensionBilling(subscription)
                )
            )
            change.dependsOn.append(address)
        }
        return true
    }
}

/// Whether a new-commerce purchase may go ahead as far as the Microsoft Customer Agreement is concerned.
enum AgreementState: Equatable {
    case accepted
    /// The plan accepts it first, in the change at this address.
    case acceptedInPlan(String)
    /// Not accepted and the manifest gives no contact to accept it.
    case missing
    /// Could not be read: `appOnly` when no App+User credentials are configured (the read is App+User only).
    case unknown(appOnly: Bool, reason: String)
}
