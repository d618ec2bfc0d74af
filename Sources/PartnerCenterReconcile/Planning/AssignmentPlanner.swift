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
        for want in desired.assignments {
            let group = want.group.lowercased()
            let address = PlanAddress.assignment(domain, base, group)
            let path = "gdap.assignments[\(group)].roles"
            let roles = PlanValue.strings(want.roles.map(\.id).sorted())
            guard let have = live[group] else {
                context.fingerprints[address] = "absent"
                let diffs = [AttributeDiff(path: path, name: "roles", before: nil, after: roles)]
                let (kept, _) = context.filterIgnored(domain: domain, address: address, diffs: diffs)
                guard !kept.isEmpty else { continue }
                context.add(
                    Change(
                        address: address,
                        action: .create,
                        reasons: [.absentLive],
                        diffs: kept,
                        requests: [
                            PlannedRequest(
                                operation: .createAccessAssignment,
                                target: relationship.id,
                                parameters: ["group": .string(group), "roles": roles]
                            )
                        ]
                    )
                )
                continue
            }
            context.fingerprint(address, etag: have.etag, fields: [have.id, have.status.rawValue] + have.roles)
            if have.status == .error {
                context.note(
                    .notManageable,
                    .warning,
                    address,
                    "assignment \(have.id) is in error: remove it in Partner Center and the next plan re-creates it"
                )
                continue
            }
            var comparison = AttributeComparison()
            comparison.compare(path, name: "roles", live: .strings(have.roles), desired: roles)
            let (kept, ignored) = context.filterIgnored(domain: domain, address: address, diffs: comparison.diffs)
            guard !kept.isEmpty else { continue }
            context.add(
                Change(
                    address: address,
                    action: .update,
                    reasons: [.attributeDiffers] + (ignored ? [.driftIgnored] : []),
                    diffs: kept,
                    requests: [
                        PlannedRequest(
                            operation: .updateAccessAssignment,
                            target: have.id,
                            etag: have.etag,
                            parameters: ["relationshipId": .string(relationship.id), "roles": roles]
                        )
                    ]
                )
            )
        }
        for have in assignments.sorted(by: { $0.group < $1.group }) where !wanted.contains(have.group) {
            let address = PlanAddress.assignment(domain, base, have.group)
            context.fingerprint(address, etag: have.etag, fields: [have.id, have.status.rawValue] + have.roles)
            let diffs = [
                AttributeDiff(
                    path: "gdap.assignments[\(have.group)].roles",
                    name: "roles",
                    before: .strings(have.roles),
                    after: nil
                )
            ]
            let (kept, _) = context.filterIgnored(domain: domain, address: address, diffs: diffs)
            guard !kept.isEmpty else { continue }
            context.add(
                Change(
                    address: address,
                    action: .remove,
                    reasons: [.notInManifest],
                    diffs: kept,
                    requests: [
                        PlannedRequest(
                            operation: .deleteAccessAssignment,
                            target: have.id,
                            etag: have.etag,
                            parameters: ["relationshipId": .string(relationship.id)]
                        )
                    ],
                    messages: ["The group loses the access this assignment gave it in the customer's tenant."]
                )
            )
        }
    }
}
