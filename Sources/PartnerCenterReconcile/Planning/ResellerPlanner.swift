import PartnerCenterModel

/// The indirect model (issue 17): a customer's `reseller` and a subscription's `partnerOfRecord` name one of the
/// partner's indirect resellers (`GET /v1/relationships`). A new customer is created for the reseller
/// (`associatedPartnerId`, its tenant id); a purchase names it as partner of record (its MPN id, never the
/// provider's own). A reseller with no relationship, or one that is not active, blocks the change; an existing
/// customer of another reseller (or of none) and an existing subscription with another partner of record are
/// blocked with what the partner can do instead, since the API changes neither.
enum ResellerPlanner {
    /// What a manifest's reseller id resolves to.
    enum Resolution {
        case active(LiveIndirectReseller)
        case blocked(ActionReason, String)
        case unknown(UnknownRead)
    }

    static func resolve(_ id: String, in context: PlanningContext) -> Resolution {
        switch context.live.indirectResellers {
        case nil:
            return .unknown(UnknownRead(reason: "the partner's indirect resellers were not read"))
        case .unknown(let read)?:
            return .unknown(read)
        case .known(let resellers)?:
            guard let reseller = resellers.first(where: { $0.matches(id) }) else {
                return .blocked(
                    .resellerNotRelated,
                    "\(id) is not one of the partner's indirect resellers (GET /v1/relationships?relationship_type="
                        + "IsIndirectCloudSolutionProviderOf lists \(resellers.count)); it may be the partner's own id, "
                        + "which is never a partner of record. The reseller must accept the provider's invitation in "
                        + "Partner Center first."
                )
            }
            guard reseller.isActive else {
                return .blocked(
                    .resellerNotActive,
                    "\(reseller.name) (\(reseller.mpnId)) has a relationship in state '\(reseller.state)', not active: "
                        + "Partner Center refuses customers and purchases for it (800016) until it is active again."
                )
            }
            return .active(reseller)
        }
    }

    /// A new customer of `desired.reseller`: its tenant id for `associatedPartnerId`, or the change blocked (or
    /// unknown). Returns nil when the customer names no reseller.
    static func newCustomer(
        _ desired: DesiredCustomer,
        change: inout Change,
        in context: inout PlanningContext
    )
        -> String?
    {
        guard let id = desired.reseller, let reseller = active(id, change: &change, in: context) else { return nil }
        change.messages.append("Created for the indirect reseller \(reseller.name) (\(reseller.mpnId)).")
        if !context.live.appUserAvailable && change.action.isWork {
            // create-a-customer-for-an-indirect-reseller.md: App+User credentials only.
            change.action = .blocked
            change.reasons.append(.requiresAppUser)
            change.messages.append(
                "Creating a customer for an indirect reseller needs App+User credentials (CSPCTL_REFRESH_TOKEN)."
            )
        }
        return reseller.tenantId
    }

    /// A purchase's partner of record: its MPN id, or the change blocked. nil when the subscription has none.
    static func partnerOfRecord(
        _ want: DesiredSubscription,
        change: inout Change,
        in context: inout PlanningContext
    )
        -> String?
    {
        guard let id = want.partnerOfRecord, let reseller = active(id, change: &change, in: context) else {
            return nil
        }
        change.messages.append("Partner of record: \(reseller.name) (\(reseller.mpnId)).")
        return reseller.mpnId
    }

    /// The active reseller `id` names, or nil with `change` blocked (its reason, or `depends_on_unknown`).
    private static func active(
        _ id: String,
        change: inout Change,
        in context: PlanningContext
    )
        -> LiveIndirectReseller?
    {
        switch resolve(id, in: context) {
        case .active(let reseller):
            return reseller
        case .blocked(let reason, let message):
            change.action = .blocked
            change.reasons.append(reason)
            change.messages.append(message)
        case .unknown(let read):
            change.action = .blocked
            change.reasons.append(.dependsOnUnknown)
            change.messages.append("The reseller \(id) could not be checked: \(read.reason)")
        }
        return nil
    }

    /// An existing customer: associated with the manifest's reseller, or a blocked change with the relationship
    /// request link the customer accepts (`GET /v1/customers/relationshiprequests?indirectResellerId=`).
    static func planExisting(
        _ desired: DesiredCustomer,
        live: LiveCustomer,
        domain: String,
        in context: inout PlanningContext
    ) {
        guard let id = desired.reseller else { return }
        let address = PlanAddress.customer(domain) + "/reseller"
        let reseller: LiveIndirectReseller
        switch resolve(id, in: context) {
        case .active(let found): reseller = found
        case .unknown(let read):
            context.unknown(address, read)
            return
        case .blocked(let reason, let message):
            context.add(Change(address: address, action: .blocked, reasons: [reason], messages: [message]))
            return
        }
        let associated: String?
        switch live.associatedPartnerId {
        case .known(let value)?: associated = value?.lowercased()
        case .unknown(let read)?:
            context.unknown(address, read)
            return
        case nil:
            context.unknown(address, UnknownRead(reason: "the customer's associated reseller was not read"))
            return
        }
        context.fingerprint(address, etag: nil, fields: [associated ?? "none"])
        guard associated != reseller.tenantId else { return }
        let now = associated.map { "is associated with the indirect reseller \($0)" } ?? "has no indirect reseller"
        var messages = [
            "The customer \(now). Partner Center has no request that sets a customer's reseller: the customer's "
                + "Global Administrator accepts the relationship invitation of \(reseller.name) (\(reseller.mpnId)); "
                + "until then its purchases can't name the reseller as partner of record."
        ]
        switch context.live.resellerRelationshipLinks[reseller.tenantId] {
        case .known(let url)?: messages.append("Relationship request link: \(url)")
        case .unknown(let read)?: messages.append("The relationship request link could not be read: \(read.reason)")
        case nil:
            messages.append(
                "Get the link with GET /v1/customers/relationshiprequests?indirectResellerId=\(reseller.tenantId)."
            )
        }
        context.add(
            Change(
                address: address,
                action: .blocked,
                reasons: [.resellerRelationshipMissing],
                diffs: [
                    AttributeDiff(
                        path: "reseller",
                        name: "reseller",
                        before: associated.map(JSONValue.string) ?? .null,
                        after: .string(reseller.mpnId)
                    )
                ],
                messages: messages
            )
        )
    }

    /// An existing subscription whose partner of record differs from the manifest's: blocked, with what the
    /// partner can do instead (the API has no request that changes it).
    static func planPartnerChange(
        _ want: DesiredSubscription,
        have: LiveSubscription,
        address: String,
        in context: inout PlanningContext
    ) {
        guard let id = want.partnerOfRecord else { return }
        let current = (have.partnerId ?? "").isEmpty ? nil : have.partnerId
        let wanted: String
        switch resolve(id, in: context) {
        case .active(let reseller): wanted = reseller.mpnId
        case .blocked, .unknown: wanted = id
        }
        guard current != wanted else { return }
        context.add(
            Change(
                address: address + "/partnerOfRecord",
                action: .blocked,
                reasons: [.partnerOfRecordChangeNotAllowed],
                diffs: [
                    AttributeDiff(
                        path: "subscriptions[\(want.nickname)].partnerOfRecord",
                        name: "partnerOfRecord",
                        before: current.map(JSONValue.string) ?? .null,
                        after: .string(wanted)
                    )
                ],
                messages: [
                    "Partner Center sets the partner of record at purchase only. To move the seats to \(wanted): buy a "
                        + "new subscription (another nickname) with partnerOfRecord \(wanted), then cancel this one "
                        + "within its cancellation window (or let it expire with autoRenew: false); or ask Microsoft "
                        + "support to correct the attribution."
                ]
            )
        )
    }
}
