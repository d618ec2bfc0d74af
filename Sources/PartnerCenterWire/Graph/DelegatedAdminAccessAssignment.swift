package import Foundation

/// An access assignment (`.../delegatedAdminRelationships/{id}/accessAssignments/{aid}`): which roles of the
/// relationship a partner security group holds.
package struct DelegatedAdminAccessAssignment: Codable, Hashable, Sendable {
    package var etag: String?
    package var id: String?
    package var status: Status?
    package var createdDateTime: Date?
    package var lastModifiedDateTime: Date?
    package var accessContainer: AccessContainer?
    package var accessDetails: AccessDetails?

    package init(securityGroupID: String, accessDetails: AccessDetails) {
        accessContainer = AccessContainer(accessContainerId: securityGroupID, accessContainerType: "securityGroup")
        self.accessDetails = accessDetails
    }

    enum CodingKeys: String, CodingKey {
        case etag = "@odata.etag"
        case id, status, createdDateTime, lastModifiedDateTime, accessContainer, accessDetails
    }

    /// `{ accessContainerId, accessContainerType: "securityGroup" }`.
    package struct AccessContainer: Codable, Hashable, Sendable {
        package var accessContainerId: String
        package var accessContainerType: String?
    }

    /// `status` of an access assignment.
    package enum Status: WireEnum {
        case pending, active, deleting, deleted, error, unknownFutureValue
        case unknown(String)

        package static let knownCases: [Self] = [.pending, .active, .deleting, .deleted, .error, .unknownFutureValue]

        package var wireValue: String {
            switch self {
            case .pending: "pending"
            case .active: "active"
            case .deleting: "deleting"
            case .deleted: "deleted"
            case .error: "error"
            case .unknownFutureValue: "unknownFutureValue"
            case .unknown(let raw): raw
            }
        }
    }
}

/// A long-running operation on a relationship (`.../operations/{oid}`), such as an access-assignment update.
package struct DelegatedAdminRelationshipOperation: Codable, Hashable, Sendable {
    package var etag: String?
    package var id: String?
    package var operationType: String?
    /// The JSON-encoded resource after the operation.
    package var data: String?
    package var status: Status?
    package var createdDateTime: Date?
    package var lastModifiedDateTime: Date?

    enum CodingKeys: String, CodingKey {
        case etag = "@odata.etag"
        case id, operationType, data, status, createdDateTime, lastModifiedDateTime
    }

    /// `status` of an operation.
    package enum Status: WireEnum {
        case notStarted, running, succeeded, failed, unknownFutureValue
        case unknown(String)

        package static let knownCases: [Self] = [.notStarted, .running, .succeeded, .failed, .unknownFutureValue]

        package var wireValue: String {
            switch self {
            case .notStarted: "notStarted"
            case .running: "running"
            case .succeeded: "succeeded"
            case .failed: "failed"
            case .unknownFutureValue: "unknownFutureValue"
            case .unknown(let raw): raw
            }
        }
    }
}

/// `/tenantRelationships/delegatedAdminCustomers/{id}`.
package struct DelegatedAdminCustomer: Codable, Hashable, Sendable {
    package var etag: String?
    package var id: String?
    package var tenantId: String?
    package var displayName: String?

    enum CodingKeys: String, CodingKey {
        case etag = "@odata.etag"
        case id, tenantId, displayName
    }
}

/// `.../delegatedAdminCustomers/{id}/serviceManagementDetails`.
package struct DelegatedAdminServiceManagementDetail: Codable, Hashable, Sendable {
    package var id: String?
    package var serviceManagementUrl: String?
    package var serviceName: String?
}
