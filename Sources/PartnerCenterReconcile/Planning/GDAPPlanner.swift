import Foundation
import PartnerCenterModel

/// Plans the managed GDAP relationship of a customer and its access assignments.
///
/// Status rules (Graph): attributes change only while `created` (auto-extend also while `active`); roles and
/// duration are fixed once approved, so a difference means a new relationship (a replacement) and the old one
/// is terminated once the new one is active. Assignments exist only on active relationships.
enum GDAPPlanner {
    static func plan(_ desired: DesiredGDAP, domain: String, live: LiveCustomer?, in context: inout PlanningContext) {
        let base = desired.displayName
        let address = PlanAddress.gdap(domain, base)
        guard let live else {
            create(desired, domain: domain, generation: 1, tenantId: nil, reason: .absentLive, in: &context)
            return
        }
        let relationships: [LiveRelationship]
        switch live.relationships {
        case .unknown(let read):
            context.unknown(address, read)
            return
        case .known(let value):
            relationships = value
        }
        let family =
            relationships
            .compactMap { relationship in
                GDAPNaming.generation(of: relationship.displayName, base: base).map { (relationship, $0) }
            }
            .sorted { $0.1 > $1.1 }
        let familyIds = Set(family.map(\.0.id))
        noteUnmanaged(relationships.filter { !familyIds.contains($0.id) }, domain: domain, in: &context)
        context.fingerprint(
            address + "/generations",
            etag: nil,
            fields: family.map { "\($0.0.id) \($0.0.status.rawValue)" }
        )
        let generation = (family.map(\.1).max() ?? 0) + 1
        guard let current = family.first(where: { !$0.0.status.isEnded })?.0 else {
            let reason: ActionReason = family.isEmpty ? .absentLive : .relationshipEnded
            create(
                desired,
                domain: domain,
                generation: generation,
                tenantId: live.tenantId,
                reason: reason,
                in: &context
            )
            return
        }
        context.fingerprint(address, etag: current.etag, fields: [current.id, current.status.rawValue])
        let target = Target(desired: desired, current: current, domain: domain, generation: generation, live: live)
        guard planCurrent(target, in: &context) else { return }
        planSuperseded(
            family.map(\.0).filter { $0.id != current.id && !$0.status.isEnded },
            current: current,
            base: base,
            domain: domain,
            in: &context
        )
    }

    /// The managed relationship's current generation and what it is compared with.
    private struct Target {
        var desired: DesiredGDAP
        var current: LiveRelationship
        var domain: String
        /// The generation a new relationship would have.
        var generation: Int
        var live: LiveCustomer

        var address: String { PlanAddress.gdap(domain, desired.displayName) }
    }

    /// Plans the current relationship by its status; false when older generations are not to be planned now.
    private static func planCurrent(_ target: Target, in context: inout PlanningContext) -> Bool {
        let (desired, current) = (target.desired, target.current)
        let comparison = compare(desired, current)
        let (diffs, ignored) = context.filterIgnored(
            domain: target.domain,
            address: target.address,
            diffs: comparison.diffs
        )
        var change = Change(
            address: target.address,
            action: .update,
            reasons: (diffs.isEmpty ? [] : [.attributeDiffers]) + (ignored ? [.driftIgnored] : []),
            diffs: diffs,
            unchangedAttributes: comparison.unchanged + comparison.diffs.count - diffs.count
        )
        let pendingAssignments =
            desired.assignments.isEmpty
            ? [] : ["Access assignments for \(desired.assignments.count) group(s) are created once it is active."]
        switch current.status {
        case .created:
            change.requests = updateBeforeApproval(desired, current, diffs: diffs)
            change.requests.append(PlannedRequest(.lockRelationshipForApproval, target: current.id))
            change.reasons.append(.notLockedForApproval)
            change.messages = ["Then the customer's Global Administrator approves it at \(current.approvalLink)."]
            context.add(change)
        case .approvalPending:
            change.action = .waiting
            change.reasons.append(.awaitingCustomerApproval)
            change.approvalLink = current.approvalLink
            change.waitingSince = current.waitingSince
            change.messages = ["The customer's Global Administrator approves it at the link."] + pendingAssignments
            if !diffs.isEmpty {
                change.messages.append("It differs from the manifest: once approved, the plan replaces it.")
            }
            context.add(change)
        case .approved, .activating:
            change.action = .waiting
            change.reasons.append(.relationshipActivating)
            change.waitingSince = current.waitingSince
            change.messages = pendingAssignments
            context.add(change)
        case .expiring:
            let tenantId = target.live.tenantId
            create(
                desired,
                domain: target.domain,
                generation: target.generation,
                tenantId: tenantId,
                reason: .relationshipExpiring,
                in: &context
            )
            return false
        case .unknownFutureValue:
            context.note(
                .notManageable,
                .warning,
                target.address,
                "relationship \(current.id) has a status cspctl does not know"
            )
            return false
        case .active:
            return planActive(target, change: change, in: &context)
        case .expired, .terminationRequested, .terminating, .terminated:
            return false  // not current by construction
        }
        return true
    }

    private static func compare(_ desired: DesiredGDAP, _ current: LiveRelationship) -> AttributeComparison {
        var comparison = AttributeComparison()
        func compare(_ attribute: RelationshipAttribute, _ live: JSONValue, _ desired: JSONValue, folded: Bool = false)
        {
            comparison.compare(
                attribute.path,
                name: attribute.name,
                live: live,
                desired: desired,
                caseInsensitive: folded
            )
        }
        compare(.roles, .strings(current.roles), .strings(desired.roles.map(\.id)))
        compare(.duration, .string(current.duration), .string(desired.duration), folded: true)
        compare(
            .autoExtend,
            .string(GDAPNaming.normalizedAutoExtend(current.autoExtendDuration)),
            .string(GDAPNaming.normalizedAutoExtend(desired.autoExtendDuration))
        )
        return comparison
    }

    /// Before approval every attribute can change: one PATCH with the ones that differ.
    private static func updateBeforeApproval(
        _ desired: DesiredGDAP,
        _ current: LiveRelationship,
        diffs: [AttributeDiff]
    ) -> [PlannedRequest] {
        var update = RelationshipUpdate()
        for attribute in diffs.compactMap({ RelationshipAttribute(path: $0.path) }) {
            switch attribute {
            case .roles: update.roles = desired.roles.map(\.id)
            case .duration: update.duration = desired.duration
            case .autoExtend: update.autoExtendDuration = GDAPNaming.normalizedAutoExtend(desired.autoExtendDuration)
            case .name: break
            }
        }
        guard !update.isEmpty else { return [] }
        return [PlannedRequest(.updateRelationship(update), target: current.id, etag: current.etag)]
    }

    /// An active relationship: roles and duration only by a replacement, auto-extend in place, then assignments.
    private static func planActive(_ target: Target, change: Change, in context: inout PlanningContext) -> Bool {
        let (desired, current) = (target.desired, target.current)
        var change = change
        let changed = Set(change.diffs.compactMap { RelationshipAttribute(path: $0.path) })
        if changed.contains(.roles) || changed.contains(.duration) {
            replace(
                desired,
                current: current,
                change: change,
                domain: target.domain,
                generation: target.generation,
                tenantId: target.live.tenantId,
                in: &context
            )
            return false
        }
        if changed.contains(.autoExtend) {
            let update = RelationshipUpdate(autoExtendDuration: desired.autoExtendDuration)
            change.requests = [PlannedRequest(.updateRelationship(update), target: current.id, etag: current.etag)]
            context.add(change)
        }
        let autoExtend = GDAPNaming.normalizedAutoExtend(
            changed.contains(.autoExtend) ? desired.autoExtendDuration : current.autoExtendDuration
        )
        if autoExtend == "PT0S", let end = current.endDateTime,
            end.timeIntervalSince(context.now) < context.options.expiryWarning
        {
            context.note(
                .gdapExpiring,
                .warning,
                target.address,
                "the relationship ends on \(end.iso8601) and does not auto-extend: a new one will need the "
                    + "customer's approval again"
            )
        }
        AssignmentPlanner.plan(desired, relationship: current, domain: target.domain, in: &context)
        return true
    }

    /// Older generations: terminated (or deleted, if never sent) once the current one is active.
    private static func planSuperseded(
        _ older: [LiveRelationship],
        current: LiveRelationship,
        base: String,
        domain: String,
        in context: inout PlanningContext
    ) {
        for relationship in older {
            let address = PlanAddress.superseded(domain, base, relationship.id)
            context.fingerprint(
                address,
                etag: relationship.etag,
                fields: [relationship.id, relationship.status.rawValue]
            )
            var change = Change(
                address: address,
                action: .remove,
                reasons: [.supersededByReplacement],
                diffs: [
                    AttributeDiff(
                        path: "gdap",
                        name: "displayName",
                        before: .string(relationship.displayName),
                        after: nil
                    )
                ],
                messages: ["Replaced by \(current.displayName) (\(current.id))."]
            )
            switch (current.status, relationship.status) {
            case (.active, .active):
                change.requests = [PlannedRequest(.terminateRelationship, target: relationship.id)]
            case (.active, .created):
                change.requests = [
                    PlannedRequest(.deleteRelationship, target: relationship.id, etag: relationship.etag)
                ]
            case (_, .active):
                change.action = .waiting
                change.reasons = [.awaitingReplacementActive]
                change.dependsOn = [PlanAddress.gdap(domain, base)]
                change.waitingSince = current.waitingSince
                change.requests = [PlannedRequest(.terminateRelationship, target: relationship.id)]
                change.messages = ["Terminated once \(current.displayName) is active; until then it keeps its access."]
            default:
                context.note(
                    .notManageable,
                    .info,
                    address,
                    "superseded relationship \(relationship.displayName) is \(relationship.status.rawValue); left alone"
                )
                continue
            }
            context.add(change)
        }
    }

    private static func create(
        _ desired: DesiredGDAP,
        domain: String,
        generation: Int,
        tenantId: String?,
        reason: ActionReason,
        in context: inout PlanningContext
    ) {
        let address = PlanAddress.gdap(domain, desired.displayName)
        context.fingerprints[address] = "absent"
        context.add(
            Change(
                address: address,
                action: .create,
                reasons: [reason],
                diffs: attributes(desired, generation: generation),
                dependsOn: tenantId == nil ? [PlanAddress.customer(domain)] : [],
                requests: createRequests(desired, generation: generation, tenantId: tenantId),
                messages: createMessages(desired)
            )
        )
    }

    private static func replace(
        _ desired: DesiredGDAP,
        current: LiveRelationship,
        change: Change,
        domain: String,
        generation: Int,
        tenantId: String,
        in context: inout PlanningContext
    ) {
        var change = change
        change.action = .replace
        let changed = Set(change.diffs.compactMap { RelationshipAttribute(path: $0.path) })
        change.reasons.removeAll { $0 == .attributeDiffers }
        if changed.contains(.roles) { change.reasons.append(.rolesImmutableAfterApproval) }
        if changed.contains(.duration) { change.reasons.append(.durationImmutableAfterApproval) }
        let name = GDAPNaming.name(base: desired.displayName, generation: generation)
        if name != desired.displayName {
            change.diffs.append(
                AttributeDiff(
                    path: RelationshipAttribute.name.path,
                    name: RelationshipAttribute.name.name,
                    before: .string(current.displayName),
                    after: .string(name)
                )
            )
        }
        change.requests = createRequests(desired, generation: generation, tenantId: tenantId)
        change.messages =
            [
                "A new relationship \"\(name)\" is created and sent for approval; \"\(current.displayName)\" keeps its "
                    + "access until the new one is active, then a later apply terminates it."
            ] + createMessages(desired)
        context.add(change)
        let superseded = PlanAddress.superseded(domain, desired.displayName, current.id)
        context.fingerprint(superseded, etag: current.etag, fields: [current.id, current.status.rawValue])
        context.add(
            Change(
                address: superseded,
                action: .waiting,
                reasons: [.awaitingReplacementActive],
                diffs: [
                    AttributeDiff(path: "gdap", name: "displayName", before: .string(current.displayName), after: nil)
                ],
                dependsOn: [change.address],
                requests: [PlannedRequest(.terminateRelationship, target: current.id)],
                messages: ["Terminated once its replacement \"\(name)\" is active."]
            )
        )
    }

    private static func attributes(_ desired: DesiredGDAP, generation: Int) -> [AttributeDiff] {
        func diff(_ attribute: RelationshipAttribute, _ value: JSONValue) -> AttributeDiff {
            AttributeDiff(path: attribute.path, name: attribute.name, before: nil, after: value)
        }
        return [
            diff(.name, .string(GDAPNaming.name(base: desired.displayName, generation: generation))),
            diff(.duration, .string(desired.duration)),
            diff(.autoExtend, .string(desired.autoExtendDuration)),
            diff(.roles, .strings(desired.roles.map(\.id))),
        ]
    }

    private static func createRequests(_ desired: DesiredGDAP, generation: Int, tenantId: String?) -> [PlannedRequest] {
        let relationship = NewRelationship(
            displayName: GDAPNaming.name(base: desired.displayName, generation: generation),
            duration: desired.duration,
            autoExtendDuration: desired.autoExtendDuration,
            roles: desired.roles.map(\.id),
            customerTenantId: tenantId
        )
        return [PlannedRequest(.createRelationship(relationship)), PlannedRequest(.lockRelationshipForApproval)]
    }

    private static func createMessages(_ desired: DesiredGDAP) -> [String] {
        var messages = ["The customer's Global Administrator then approves it; the next plan prints the approval link."]
        if !desired.assignments.isEmpty {
            messages.append(
                "Access assignments for \(desired.assignments.count) group(s) are created once it is active."
            )
        }
        return messages
    }

    /// Live relationships the manifests do not manage: listed, never touched.
    static func noteUnmanaged(_ relationships: [LiveRelationship], domain: String, in context: inout PlanningContext) {
        for relationship in relationships where !relationship.status.isEnded {
            context.note(
                .unmanagedRelationship,
                .info,
                PlanAddress.gdap(domain, relationship.displayName),
                "unmanaged GDAP relationship \(relationship.id) (\(relationship.status.rawValue)); cspctl leaves it alone"
            )
        }
    }
}

extension LiveRelationship {
    /// Since when a relationship that is not active yet has waited in its status: its last modification (locking
    /// it for approval, or the approval), else its creation; whole seconds, as a saved plan's JSON keeps dates.
    fileprivate var waitingSince: Date? {
        guard let date = lastModifiedDateTime ?? createdDateTime else { return nil }
        return Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
}
