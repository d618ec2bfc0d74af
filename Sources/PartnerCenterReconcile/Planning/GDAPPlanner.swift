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

        let nextGeneration = (family.map(\.1).max() ?? 0) + 1
        guard let current = family.first(where: { !$0.0.status.isEnded })?.0 else {
            create(
                desired,
                domain: domain,
                generation: nextGeneration,
                tenantId: live.tenantId,
                reason: family.isEmpty ? .absentLive : .relationshipEnded,
                in: &context
            )
            return
        }
        context.fingerprint(address, etag: current.etag, fields: [current.id, current.status.rawValue])
        var comparison = AttributeComparison()
        comparison.compare(
            "gdap.roles",
            name: "roles",
            live: .strings(current.roles),
            desired: .strings(desired.roles.map(\.id))
        )
        comparison.compare(
            "gdap.duration",
            name: "duration",
            live: .string(current.duration),
            desired: .string(desired.duration),
            caseInsensitive: true
        )
        comparison.compare(
            "gdap.autoExtend",
            name: "autoExtendDuration",
            live: .string(GDAPNaming.normalizedAutoExtend(current.autoExtendDuration)),
            desired: .string(GDAPNaming.normalizedAutoExtend(desired.autoExtendDuration))
        )
        let (diffs, ignored) = context.filterIgnored(domain: domain, address: address, diffs: comparison.diffs)
        let changed = Set(diffs.map(\.path))
        var change = Change(
            address: address,
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
            var parameters: [String: PlanValue] = [:]
            for diff in diffs {
                parameters[diff.name] = diff.after
            }
            if !parameters.isEmpty {
                change.requests.append(
                    PlannedRequest(
                        operation: .updateRelationship,
                        target: current.id,
                        etag: current.etag,
                        parameters: parameters
                    )
                )
            }
            change.requests.append(PlannedRequest(operation: .lockRelationshipForApproval, target: current.id))
            change.reasons.append(.notLockedForApproval)
            change.messages = ["Then the customer's Global Administrator approves it at \(current.approvalLink)."]
            context.add(change)
        case .approvalPending:
            change.action = .waiting
            change.reasons.append(.awaitingCustomerApproval)
            change.approvalLink = current.approvalLink
            change.messages = ["The customer's Global Administrator approves it at the link."] + pendingAssignments
            if !diffs.isEmpty {
                change.messages.append("It differs from the manifest: once approved, the plan replaces it.")
            }
            context.add(change)
        case .approved, .activating:
            change.action = .waiting
            change.reasons.append(.relationshipActivating)
            change.messages = pendingAssignments
            context.add(change)
        case .expiring:
            create(
                desired,
                domain: domain,
                generation: nextGeneration,
                tenantId: live.tenantId,
                reason: .relationshipExpiring,
                in: &context
            )
            return
        case .unknownFutureValue:
            context.note(
                .notManageable,
                .warning,
                address,
                "relationship \(current.id) has a status cspctl does not know"
            )
            return
        case .active:
            if changed.contains("gdap.roles") || changed.contains("gdap.duration") {
                replace(
                    desired,
                    current: current,
                    change: change,
                    domain: domain,
                    generation: nextGeneration,
                    tenantId: live.tenantId,
                    in: &context
                )
                return
            }
            if changed.contains("gdap.autoExtend") {
                change.requests = [
                    PlannedRequest(
                        operation: .updateRelationship,
                        target: current.id,
                        etag: current.etag,
                        parameters: ["autoExtendDuration": .string(desired.autoExtendDuration)]
                    )
                ]
                context.add(change)
            }
            let autoExtend = GDAPNaming.normalizedAutoExtend(
                changed.contains("gdap.autoExtend") ? desired.autoExtendDuration : current.autoExtendDuration
            )
            if autoExtend == "PT0S", let end = current.endDateTime,
                end.timeIntervalSince(context.now) < context.options.expiryWarning
            {
                context.note(
                    .gdapExpiring,
                    .warning,
                    address,
                    "the relationship ends on \(end.iso8601) and does not auto-extend: a new one will need the "
                        + "customer's approval again"
                )
            }
            AssignmentPlanner.plan(desired, relationship: current, domain: domain, in: &context)
        case .expired, .terminationRequested, .terminating, .terminated:
            return  // not current by construction
        }
        planSuperseded(
            family.map(\.0).filter { $0.id != current.id && !$0.status.isEnded },
            current: current,
            base: base,
            domain: domain,
            in: &context
        )
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
                change.requests = [PlannedRequest(operation: .terminateRelationship, target: relationship.id)]
            case (.active, .created):
                change.requests = [
                    PlannedRequest(operation: .deleteRelationship, target: relationship.id, etag: relationship.etag)
                ]
            case (_, .active):
                change.action = .waiting
                change.reasons = [.awaitingReplacementActive]
                change.dependsOn = [PlanAddress.gdap(domain, base)]
                change.requests = [PlannedRequest(operation: .terminateRelationship, target: relationship.id)]
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
        let changed = Set(change.diffs.map(\.path))
        change.reasons.removeAll { $0 == .attributeDiffers }
        if changed.contains("gdap.roles") { change.reasons.append(.rolesImmutableAfterApproval) }
        if changed.contains("gdap.duration") { change.reasons.append(.durationImmutableAfterApproval) }
        let name = GDAPNaming.name(base: desired.displayName, generation: generation)
        if name != desired.displayName {
            change.diffs.append(
                AttributeDiff(
                    path: "gdap.name",
                    name: "displayName",
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
                requests: [PlannedRequest(operation: .terminateRelationship, target: current.id)],
                messages: ["Terminated once its replacement \"\(name)\" is active."]
            )
        )
    }

    private static func attributes(_ desired: DesiredGDAP, generation: Int) -> [AttributeDiff] {
        [
            AttributeDiff(
                path: "gdap.name",
                name: "displayName",
                before: nil,
                after: .string(GDAPNaming.name(base: desired.displayName, generation: generation))
            ),
            AttributeDiff(path: "gdap.duration", name: "duration", before: nil, after: .string(desired.duration)),
            AttributeDiff(
                path: "gdap.autoExtend",
                name: "autoExtendDuration",
                before: nil,
                after: .string(desired.autoExtendDuration)
            ),
            AttributeDiff(path: "gdap.roles", name: "roles", before: nil, after: .strings(desired.roles.map(\.id))),
        ]
    }

    private static func createRequests(_ desired: DesiredGDAP, generation: Int, tenantId: String?) -> [PlannedRequest] {
        var parameters: [String: PlanValue] = [
            "displayName": .string(GDAPNaming.name(base: desired.displayName, generation: generation)),
            "duration": .string(desired.duration),
            "autoExtendDuration": .string(desired.autoExtendDuration),
            "roles": .strings(desired.roles.map(\.id)),
        ]
        if let tenantId { parameters["customerTenantId"] = .string(tenantId) }
        return [
            PlannedRequest(operation: .createRelationship, parameters: parameters),
            PlannedRequest(operation: .lockRelationshipForApproval),
        ]
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
