package import Foundation

/// A GDAP `delegatedAdminRelationship` with this customer, as Microsoft Graph returns it.
package struct LiveRelationship: Sendable, Hashable, Codable {
    /// `{customerTenantId}-{guid}`.
    package var id: String
    package var displayName: String
    package var status: LiveRelationshipStatus
    /// `accessDetails.unifiedRoles[].roleDefinitionId`, lower case, sorted.
    package var roles: [String]
    /// ISO 8601 `duration` (`P730D`).
    package var duration: String
    /// `autoExtendDuration` (`PT0S`, `P0D` or `P180D`).
    package var autoExtendDuration: String
    /// `endDateTime`; nil until the relationship is activated.
    package var endDateTime: Date?
    /// `createdDateTime` and `lastModifiedDateTime` (Graph, UTC): a relationship waiting for the customer has
    /// waited since its last modification (locking it for approval), or its creation.
    package var createdDateTime: Date?
    package var lastModifiedDateTime: Date?
    /// `@odata.etag`: `If-Match` of PATCH and DELETE.
    package var etag: String?
    /// `GET …/delegatedAdminRelationships/{id}/accessAssignments`; only read for active relationships
    /// (`known([])` otherwise).
    package var accessAssignments: Observed<[LiveAccessAssignment]>

    package init(
        id: String,
        displayName: String,
        status: LiveRelationshipStatus,
        roles: [String],
        duration: String,
        autoExtendDuration: String,
        endDateTime: Date? = nil,
        createdDateTime: Date? = nil,
        lastModifiedDateTime: Date? = nil,
        etag: String? = nil,
        accessAssignments: Observed<[LiveAccessAssignment]> = .known([])
    ) {
        self.id = id
        self.displayName = displayName
        self.status = status
        self.roles = roles.map { $0.lowercased() }.sorted()
        self.duration = duration
        self.autoExtendDuration = autoExtendDuration
        self.endDateTime = endDateTime
        self.createdDateTime = createdDateTime
        self.lastModifiedDateTime = lastModifiedDateTime
        self.etag = etag
        self.accessAssignments = accessAssignments
    }

    /// Where the customer's Global Administrator approves the relationship (there is no partner API for it).
    package var approvalLink: String {
        "https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/\(id)"
    }
}

/// `delegatedAdminRelationshipStatus`.
package enum LiveRelationshipStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case created
    case approvalPending
    case approved
    case activating
    case active
    case expiring
    case expired
    case terminationRequested
    case terminating
    case terminated
    case unknownFutureValue

    /// Ended or ending for good: a new relationship is needed for access.
    package var isEnded: Bool {
        switch self {
        case .expired, .terminationRequested, .terminating, .terminated: return true
        default: return false
        }
    }
}

/// A `delegatedAdminAccessAssignment`: a partner security group given some of the relationship's roles.
package struct LiveAccessAssignment: Sendable, Hashable, Codable {
    /// GUID.
    package var id: String
    /// `accessContainer.accessContainerId`, lower case.
    package var group: String
    /// Role definition ids, lower case, sorted.
    package var roles: [String]
    package var status: LiveAccessAssignmentStatus
    package var etag: String?

    package init(id: String, group: String, roles: [String], status: LiveAccessAssignmentStatus, etag: String? = nil) {
        self.id = id
        self.group = group.lowercased()
        self.roles = roles.map { $0.lowercased() }.sorted()
        self.status = status
        self.etag = etag
    }
}

/// `delegatedAdminAccessAssignmentStatus`.
package enum LiveAccessAssignmentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pending
    case active
    case deleting
    case deleted
    case error
    case unknownFutureValue
}
