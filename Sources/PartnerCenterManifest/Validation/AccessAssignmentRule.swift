import PartnerCenterModel

/// Access assignments give a partner security group a subset of the relationship's roles, one assignment per
/// group.
enum AccessAssignmentRule {
    static func check(_ customer: RawCustomer, into diagnostics: inout [Diagnostic]) {
        guard let gdap = customer.gdap, gdap.enabled?.value != false, let assignments = gdap.assignments?.value else {
            return
        }
        let granted = Set((gdap.roles?.value ?? []).compactMap { EntraBuiltInRoles.role(nameOrID: $0.value)?.id })
        let domain = customer.domain?.value ?? "the customer"
        var groups: [String: SourceLocation] = [:]
        for assignment in assignments {
            if let group = assignment.group {
                let key = group.value.lowercased()
                if let first = groups[key] {
                    diagnostics.append(
                        ManifestMessage.duplicateAssignmentGroup(group.value, at: group.location, first: first)
                    )
                } else {
                    groups[key] = group.location
                }
            }
            guard gdap.roles != nil else { continue }
            for role in assignment.roles?.value ?? [] {
                guard let known = EntraBuiltInRoles.role(nameOrID: role.value), !granted.contains(known.id) else {
                    continue
                }
                diagnostics.append(
                    ManifestMessage.assignmentRoleNotInRelationship(
                        known.name,
                        customer: domain,
                        at: role.location,
                        relationshipRoles: gdap.roles?.location
                    )
                )
            }
        }
    }
}
