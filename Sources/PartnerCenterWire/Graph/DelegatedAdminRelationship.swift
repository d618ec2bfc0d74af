package import Foundation

/// A GDAP relationship (`/tenantRelationships/delegatedAdminRelationships/{id}`, Microsoft Graph v1.0).
package struct DelegatedAdminRelationship: Codable, Hashable, Sendable {
    package var odataType: String?
    package var etag: String?
    package var id: String?
    package var displayName: String?
    /// ISO 8601, `P1D`...`P2Y`, such as `P730D`.
    package var duration: String?
    package var customer: CustomerParticipant?
    package var accessDetails: AccessDetails?
    package var status: DelegatedAdminRelationshipStatus?
    /// `PT0S`/`P0D` (no extension) or `P180D`.
    package var autoExtendDuration: String?
    package var createdDateTime: Date?
    package var lastModifiedDateTime: Date?
    package var activatedDateTime: Date?
    package var endDateTime: Date?
    /// Only on `#microsoft.graph.resellerDelegatedAdminRelationship`.
    package var indirectProviderTenantId: String?
    package var isPartnerConsentPending: Bool?

    package init(
        displayName: String,
        duration: String,
        customer: CustomerParticipant?,
        accessDetails: AccessDetails,
        autoExtendDuration: String? = nil
    ) {
        self.displayName = displayName
        self.duration = duration
        self.customer = customer
        self.accessDetails = accessDetails
        self.autoExtendDuration = autoExtendDuration
    }

    enum CodingKeys: String, CodingKey {
        case odataType = "@odata.type"
        case etag = "@odata.etag"
        case id, displayName, duration, customer, accessDetails, status, autoExtendDuration
        case createdDateTime, lastModifiedDateTime, activatedDateTime, endDateTime
        case indirectProviderTenantId, isPartnerConsentPending
    }
}

/// `status` of a GDAP relationship.
package enum DelegatedAdminRelationshipStatus: WireEnum {
    case activating, active, approvalPending, approved, created, expired, expiring, terminated, terminating
    case terminationRequested, unknownFutureValue
    case unknown(String)

    package static let knownCases: [Self] = [
        .created, .approvalPending, .approved, .activating, .active, .expiring, .expired, .terminationRequested,
        .terminating, .terminated, .unknownFutureValue,
    ]

    package var wireValue: String {
        switch self {
        case .activating: "activating"
        case .active: "active"
        case .approvalPending: "approvalPending"
        case .approved: "approved"
        case .created: "created"
        case .expired: "expired"
        case .expiring: "expiring"
        case .terminated: "terminated"
        case .terminating: "terminating"
        case .terminationRequested: "terminationRequested"
        case .unknownFutureValue: "unknownFutureValue"
        case .unknown(let raw): raw
        }
    }
}

/// `{ tenantId, displayName }`: the customer of a relationship.
package struct CustomerParticipant: Codable, Hashable, Sendable {
    package var tenantId: String?
    package var displayName: String?

    package init(tenantId: String, displayName: String? = nil) {
        self.tenantId = tenantId
        self.displayName = displayName
    }
}

/// `{ unifiedRoles: [ { roleDefinitionId } ] }`: Entra built-in role template ids.
package struct AccessDetails: Codable, Hashable, Sendable {
    package var unifiedRoles: [UnifiedRole]

    package init(roleDefinitionIDs: [String]) {
        unifiedRoles = roleDefinitionIDs.map { UnifiedRole(roleDefinitionId: $0) }
    }

    package var roleDefinitionIDs: [String] { unifiedRoles.map(\.roleDefinitionId) }

    package struct UnifiedRole: Codable, Hashable, Sendable {
        package var roleDefinitionId: String
    }
}

/// A request on a relationship (`.../requests`): `lockForApproval` or `terminate` from the partner.
package struct DelegatedAdminRelationshipRequest: Codable, Hashable, Sendable {
    package var etag: String?
    package var id: String?
    package var action: Action
    package var status: Status?
    package var createdDateTime: Date?
    package var lastModifiedDateTime: Date?

    package init(action: Action) { self.action = action }

    enum CodingKeys: String, CodingKey {
        case etag = "@odata.etag"
        case id, action, status, createdDateTime, lastModifiedDateTime
    }

    /// `action` of a request.
    package enum Action: WireEnum {
        case lockForApproval, approve, terminate, reject, unknownFutureValue
        case unknown(String)

        package static let knownCases: [Self] = [.lockForApproval, .approve, .terminate, .reject, .unknownFutureValue]

        package var wireValue: String {
            switch self {
            case .lockForApproval: "lockForApproval"
            case .approve: "approve"
            case .terminate: "terminate"
            case .reject: "reject"
            case .unknownFutureValue: "unknownFutureValue"
            case .unknown(let raw): raw
            }
        }
    }

    /// `status` of a request (and of a long-running operation's sibling states).
    package enum Status: WireEnum {
        case created, pending, succeeded, failed, unknownFutureValue
        case unknown(String)

        package static let knownCases: [Self] = [.created, .pending, .succeeded, .failed, .unknownFutureValue]

        package var wireValue: String {
            switch self {
            case .created: "created"
            case .pending: "pending"
            case .succeeded: "succeeded"
            case .failed: "failed"
            case .unknownFutureValue: "unknownFutureValue"
            case .unknown(let raw): raw
            }
        }
    }
}
