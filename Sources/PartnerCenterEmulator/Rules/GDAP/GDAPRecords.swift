package import Foundation

/// `delegatedAdminRelationshipStatus`, in the documented spelling.
package enum GDAPRelationshipStatus: String, Codable, Sendable, CaseIterable {
    case created, approvalPending, approved, activating, active, expiring, expired
    case terminationRequested, terminating, terminated
}

/// `delegatedAdminRelationshipRequestAction`.
package enum GDAPRequestAction: String, Codable, Sendable {
    case lockForApproval, approve, terminate, reject
}

/// `delegatedAdminRelationshipRequestStatus`.
package enum GDAPRequestStatus: String, Codable, Sendable {
    case created, pending, succeeded, failed
}

/// `delegatedAdminAccessAssignmentStatus`.
package enum GDAPAccessAssignmentStatus: String, Codable, Sendable {
    case pending, active, deleting, deleted, error
}

/// `longRunningOperationStatus`.
package enum GDAPOperationStatus: String, Codable, Sendable {
    case notStarted, running, succeeded, failed
}

/// `delegatedAdminRelationshipOperationType`. `delegatedAdminRelationshipUpdate` is an evolvable-enum member: Graph
/// shows it only to callers sending `Prefer: include-unknown-enum-members` (others read `unknownFutureValue`).
package enum GDAPOperationType: String, Codable, Sendable {
    case delegatedAdminAccessAssignmentUpdate, delegatedAdminRelationshipUpdate
}

/// `delegatedAdminRelationshipCustomerParticipant`.
package struct GDAPCustomer: Codable, Sendable, Equatable {
    package var tenantId: String?
    package var displayName: String?

    package init(tenantId: String?, displayName: String?) {
        self.tenantId = tenantId
        self.displayName = displayName
    }
}

/// A `delegatedAdminRelationship` as the service stores it.
package struct GDAPRelationship: Codable, Sendable, Equatable {
    package var id: String
    package var displayName: String
    /// The duration as Graph serialises it (`P730D`): see ``GDAPDuration``.
    package var duration: GDAPDuration
    package var autoExtendDuration: GDAPDuration
    package var customer: GDAPCustomer?
    /// `accessDetails.unifiedRoles[].roleDefinitionId`, in the order the partner gave them.
    package var roles: [String]
    package var status: GDAPRelationshipStatus
    package var createdDateTime: Date
    package var lastModifiedDateTime: Date
    package var activatedDateTime: Date?
    package var endDateTime: Date?
    /// When `status` last changed: drives the timed transitions and the clean-up of old relationships.
    package var statusChangedDateTime: Date
    package var etag: String
    /// Creation order, for stable listing.
    package var ordinal: UInt64
    package var requests: [GDAPRequest] = []
    package var accessAssignments: [GDAPAccessAssignment] = []
    package var operations: [GDAPOperation] = []
}

/// A `delegatedAdminRelationshipRequest`.
package struct GDAPRequest: Codable, Sendable, Equatable {
    package var id: String
    package var action: GDAPRequestAction
    package var status: GDAPRequestStatus
    package var createdDateTime: Date
    package var lastModifiedDateTime: Date
    package var etag: String
}

/// A `delegatedAdminAccessAssignment`.
package struct GDAPAccessAssignment: Codable, Sendable, Equatable {
    package var id: String
    /// `accessContainer.accessContainerId`: a security group in the partner tenant.
    package var accessContainerId: String
    package var accessContainerType: String
    package var roles: [String]
    package var status: GDAPAccessAssignmentStatus
    package var createdDateTime: Date
    package var lastModifiedDateTime: Date
    package var statusChangedDateTime: Date
    package var etag: String
}

/// A `delegatedAdminRelationshipOperation` (long-running operation).
package struct GDAPOperation: Codable, Sendable, Equatable {
    package var id: String
    package var operationType: GDAPOperationType
    /// The id of the access assignment it updates (nil for a relationship update).
    package var targetAssignmentId: String?
    /// The roles the target has once the operation succeeds.
    package var targetRoles: [String]
    package var status: GDAPOperationStatus
    package var createdDateTime: Date
    package var lastModifiedDateTime: Date
    package var statusChangedDateTime: Date
    package var etag: String
}

/// Emulator knobs for what the references leave open (asynchronous timings, name reuse). Defaults: every
/// asynchronous step completes at once, so tests see final states without advancing the clock; set delays to
/// observe `approved`, `activating`, `pending`, `deleting`, `running`… through the clock.
package struct GDAPBehaviour: Codable, Sendable, Equatable {
    /// approved -> activating -> active (each step), after the customer approves.
    package var provisioningSeconds: Double = 0
    /// expiring -> expired, terminationRequested -> terminating -> terminated (each step).
    package var deprovisioningSeconds: Double = 0
    /// Access assignment pending -> active, deleting -> deleted.
    package var assignmentSeconds: Double = 0
    /// Long-running operation notStarted -> running -> succeeded (each step).
    package var operationSeconds: Double = 0
    /// Whether expired/terminated relationships keep their displayName reserved until they are purged (one year).
    /// Undocumented; the conservative default keeps every non-purged name reserved.
    package var endedRelationshipsReserveNames = true

    package init() {}

    /// Every key optional: a control call may set one knob.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = GDAPBehaviour()
        provisioningSeconds =
            try container.decodeIfPresent(Double.self, forKey: .provisioningSeconds) ?? defaults.provisioningSeconds
        deprovisioningSeconds =
            try container.decodeIfPresent(Double.self, forKey: .deprovisioningSeconds)
            ?? defaults.deprovisioningSeconds
        assignmentSeconds =
            try container.decodeIfPresent(Double.self, forKey: .assignmentSeconds) ?? defaults.assignmentSeconds
        operationSeconds =
            try container.decodeIfPresent(Double.self, forKey: .operationSeconds) ?? defaults.operationSeconds
        endedRelationshipsReserveNames =
            try container.decodeIfPresent(Bool.self, forKey: .endedRelationshipsReserveNames)
            ?? defaults.endedRelationshipsReserveNames
    }
}
