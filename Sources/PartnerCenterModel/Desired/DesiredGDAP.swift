/// The GDAP relationship a customer must have, after merging `defaults.gdap` under the customer's `gdap`.
package struct DesiredGDAP: Sendable, Hashable, Codable {
    /// The relationship's `displayName`, with `{customer}` already expanded (≤ 50 characters).
    package var displayName: String
    /// ISO 8601 duration, P1D..P730D.
    package var duration: String
    /// `P180D` or `PT0S` (`P0D` is accepted and normalised to `PT0S`).
    package var autoExtendDuration: String
    /// Sorted by role definition id.
    package var roles: [GDAPRole]
    /// Sorted by group id.
    package var assignments: [DesiredAccessAssignment]
    package var location: SourceLocation?

    package init(
        displayName: String,
        duration: String,
        autoExtendDuration: String,
        roles: [GDAPRole],
        assignments: [DesiredAccessAssignment],
        location: SourceLocation? = nil
    ) {
        self.displayName = displayName
        self.duration = duration
        self.autoExtendDuration = autoExtendDuration
        self.roles = roles
        self.assignments = assignments
        self.location = location
    }
}

/// A Microsoft Entra built-in role as GDAP names it: its role definition id (a GUID) and display name.
package struct GDAPRole: Sendable, Hashable, Codable, Comparable {
    /// Lower-case GUID (`roleDefinitionId`).
    package var id: String
    package var name: String

    package init(id: String, name: String) {
        self.id = id
        self.name = name
    }

    package static func < (lhs: GDAPRole, rhs: GDAPRole) -> Bool { lhs.id < rhs.id }
}

/// A partner security group given a subset of the relationship's roles.
package struct DesiredAccessAssignment: Sendable, Hashable, Codable {
    /// Lower-case GUID of the partner's security group.
    package var group: String
    /// Sorted by id; a subset of the relationship's roles.
    package var roles: [GDAPRole]
    package var location: SourceLocation?

    package init(group: String, roles: [GDAPRole], location: SourceLocation? = nil) {
        self.group = group
        self.roles = roles
        self.location = location
    }
}
