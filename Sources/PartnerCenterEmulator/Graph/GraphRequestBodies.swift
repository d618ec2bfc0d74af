import Foundation

/// Request bodies of the GDAP endpoints, read strictly as OData does: property names are case-sensitive, an
/// unknown property is a 400, a read-only property is ignored, a value of the wrong type is a 400.
enum GraphRequestBodies {
    static let relationshipWritable: Set<String> = [
        "displayName", "duration", "customer", "accessDetails", "autoExtendDuration",
    ]
    static let relationshipReadOnly: Set<String> = [
        "id", "status", "createdDateTime", "lastModifiedDateTime", "activatedDateTime", "endDateTime",
        "accessAssignments", "operations", "requests",
    ]

    static func relationshipInput(_ body: GraphJSON) throws(GDAPError) -> GDAPRelationshipInput {
        let members = try object(body, type: "delegatedAdminRelationship")
        try checkNames(
            members,
            writable: relationshipWritable,
            readOnly: relationshipReadOnly,
            type: "delegatedAdminRelationship"
        )
        var input = GDAPRelationshipInput()
        input.displayName = try string(body, "displayName")
        input.duration = try string(body, "duration")
        input.autoExtendDuration = try string(body, "autoExtendDuration")
        if let customer = value(body, "customer"), customer != .null {
            let fields = try object(customer, type: "delegatedAdminRelationshipCustomerParticipant")
            try checkNames(
                fields,
                writable: ["tenantId", "displayName"],
                readOnly: [],
                type: "delegatedAdminRelationshipCustomerParticipant"
            )
            input.customer = GDAPCustomer(
                tenantId: try string(customer, "tenantId"),
                displayName: try string(customer, "displayName")
            )
        }
        input.roles = try roles(body)
        return input
    }

    /// `accessDetails.unifiedRoles[].roleDefinitionId`, lower-cased; nil when `accessDetails` is absent.
    static func roles(_ body: GraphJSON) throws(GDAPError) -> [String]? {
        guard let details = value(body, "accessDetails"), details != .null else { return nil }
        let fields = try object(details, type: "delegatedAdminAccessDetails")
        try checkNames(fields, writable: ["unifiedRoles"], readOnly: [], type: "delegatedAdminAccessDetails")
        guard let list = value(details, "unifiedRoles") else { return [] }
        guard case .array(let entries) = list else {
            throw .badRequest("The unifiedRoles property must be an array.")
        }
        var roles: [String] = []
        for entry in entries {
            let fields = try object(entry, type: "unifiedRole")
            try checkNames(fields, writable: ["roleDefinitionId"], readOnly: [], type: "unifiedRole")
            guard let id = try string(entry, "roleDefinitionId") else {
                throw .badRequest("Each unifiedRole needs a roleDefinitionId.")
            }
            roles.append(id.lowercased())
        }
        return roles
    }

    static func assignmentInput(
        _ body: GraphJSON
    ) throws(GDAPError) -> (containerId: String?, containerType: String?, roles: [String]?) {
        let members = try object(body, type: "delegatedAdminAccessAssignment")
        try checkNames(
            members,
            writable: ["accessContainer", "accessDetails"],
            readOnly: ["id", "status", "createdDateTime", "lastModifiedDateTime"],
            type: "delegatedAdminAccessAssignment"
        )
        var containerId: String?
        var containerType: String?
        if let container = value(body, "accessContainer"), container != .null {
            let fields = try object(container, type: "delegatedAdminAccessContainer")
            try checkNames(
                fields,
                writable: ["accessContainerId", "accessContainerType"],
                readOnly: [],
                type: "delegatedAdminAccessContainer"
            )
            containerId = try string(container, "accessContainerId")
            containerType = try string(container, "accessContainerType")
        }
        return (containerId, containerType, try roles(body))
    }

    /// An access assignment PATCH may only change `accessDetails`.
    static func assignmentUpdate(_ body: GraphJSON) throws(GDAPError) -> [String]? {
        let members = try object(body, type: "delegatedAdminAccessAssignment")
        for member in members where member.key != "accessDetails" && !member.key.hasPrefix("@odata.") {
            throw .badRequest("The property '\(member.key)' can't be updated; only accessDetails can.")
        }
        return try roles(body)
    }

    static func action(_ body: GraphJSON) throws(GDAPError) -> String {
        let members = try object(body, type: "delegatedAdminRelationshipRequest")
        try checkNames(
            members,
            writable: ["action"],
            readOnly: ["id", "status", "createdDateTime", "lastModifiedDateTime"],
            type: "delegatedAdminRelationshipRequest"
        )
        guard let action = try string(body, "action") else { throw .badRequest("The action property is required.") }
        return action
    }

    private static func object(_ value: GraphJSON, type: String) throws(GDAPError) -> [GraphJSON.Member] {
        guard case .object(let members) = value else {
            throw .badRequest("A JSON object was expected for \(type).")
        }
        return members
    }

    private static func checkNames(
        _ members: [GraphJSON.Member],
        writable: Set<String>,
        readOnly: Set<String>,
        type: String
    ) throws(GDAPError) {
        for member in members
        where !member.key.hasPrefix("@odata.") && !writable.contains(member.key) && !readOnly.contains(member.key) {
            throw .badRequest(
                "The property '\(member.key)' does not exist on type 'microsoft.graph.\(type)'."
                    + " Make sure to only use property names that are defined by the type."
            )
        }
    }

    private static func value(_ object: GraphJSON, _ key: String) -> GraphJSON? {
        object.members?.first { $0.key == key }?.value
    }

    private static func string(_ object: GraphJSON, _ key: String) throws(GDAPError) -> String? {
        switch value(object, key) {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw .badRequest("The property '\(key)' must be a string.")
        }
    }
}
