import PartnerCenterModel

/// Plans the access assignments of the managed, active relationship.
///
/// The manifest's list is authoritative for the managed relationship: a group it does not list loses its
/// assignment (an `ignore` entry on `gdap.assignments[<group>]` keeps it). Relationships the manifests do not
/// manage are never touched.
enum AssignmentPlanner {
    static func plan(
        _ desired: DesiredGDAP,
        relationship: LiveRelationship,
        domain: String,
        in context: inout PlanningContext
    ) {
        let base = desired.displayName
        let assignments: [LiveAccessAssignment]
        switch relationship.accessAssignments {
        case .unknown(let read):
            context.unknown(PlanAddress.gdap(domain, base) + "/assignments", read)
            return
        case .known(let value):
            assignments = value.filter { $0.status != .deleted && $0.status != .deleting }
        }
        let live = Dictionary(assignments.map { ($0.group, $0) }, uniquingKeysWith: { first, _ in first })
        let wanted = Set(desired.assignments.map { $0.group.lowercased() })
        let scope = Scope(domain: domain, base: base, relationship: relationship)
        for want in desired.assignments {
            let group = want.group.lowercased()
            let roles = want.roles.map(\.id).sorted()
            if let have = live[group] {
                planExisting(have, roles: roles, scope, in: &context)
            } else {
                planNew(group: group, roles: roles, scope, in: &context)
            }
        }
        for have in assignments.sorted(by: { $0.group < $1.group }) where !wanted.contains(have.group) {
            planRemoval(have, scope, in: &context)
        }
    }

    /// Where the assignments belong: the customer, the managed relationship's name and the relationship.
    private struct Scope {
        var domain: String
        var base: String
        var relationship: LiveRelationship

        func address(_ group: String) -> String { PlanAddress.assignment(domain, base, group) }
    }

    private static func path(_ group: String) -> String { "gdap.assignments[\(group)].roles" }

    private static func planNew(group: String, roles: [String], _ scope: Scope, in context: inout PlanningContext) {
        let address = scope.address(group)
        context.fingerprints[address] = "absent"
        let diffs = [AttributeDiff(path: path(group), name: "roles", before: nil, after: .strings(roles))]
        let (kept, _) = context.filterIgnored(domain: scope.domain, address: address, diffs: diffs)
        guard !kept.isEmpty else { return }
        let assignment = NewAccessAssignment(group: group, roles: roles)
        context.add(
            Change(
                address: address,
                action: .create,
                reasons: [.absentLive],
                diffs: kept,
                requests: [PlannedRequest(.createAccessAssignment(assignment), target: scope.relationship.id)]
            )
        )
    }

    private static func planExisting(
        _ have: LiveAccessAssignment,
        roles: [String],
        _ scope: Scope,
        in context: inout PlanningContext
    ) {
        let address = scope.address(have.group)
        context.fingerprint(address, etag: have.etag, fields: [have.id, have.status.rawValue] + have.roles)
        if have.status == .error {
            context.note(
                .notManageable,
                .warning,
                address,
                "assignment \(have.id) is in error: remove it in Partner Center and the next plan re-creates it"
            )
            return
        }
        var comparison = AttributeComparison()
        comparison.compare(path(have.group), name: "roles", live: .strings(have.roles), desired: .strings(roles))
        let (kept, ignored) = context.filterIgnored(domain: scope.domain, address: address, diffs: comparison.diffs)
        guard !kept.isEmpty else { return }
        let update = AccessAssignmentUpdate(relationshipId: scope.relationship.id, roles: roles)
        context.add(
            Change(
                address: address,
                action: .update,
                reasons: [.attributeDiffers] + (ignored ? [.driftIgnored] : []),
                diffs: kept,
                requests: [PlannedRequest(.updateAccessAssignment(update), target: have.id, etag: have.etag)]
            )
        )
    }

    private static func planRemoval(_ have: LiveAccessAssignment, _ scope: Scope, in context: inout PlanningContext) {
        let address = scope.address(have.group)
        context.fingerprint(address, etag: have.etag, fields: [have.id, have.status.rawValue] + have.roles)
        let diffs = [AttributeDiff(path: path(have.group), name: "roles", before: .strings(have.roles), after: nil)]
        let (kept, _) = context.filterIgnored(domain: scope.domain, address: address, diffs: diffs)
        guard !kept.isEmpty else { return }
        let kind = PlannedRequest.Kind.deleteAccessAssignment(relationshipId: scope.relationship.id)
        context.add(
            Change(
                address: address,
                action: .remove,
                reasons: [.notInManifest],
                diffs: kept,
                requests: [PlannedRequest(kind, target: have.id, etag: have.etag)],
                messages: ["The group loses the access this assignment gave it in the customer's tenant."]
            )
        )
    }
}
