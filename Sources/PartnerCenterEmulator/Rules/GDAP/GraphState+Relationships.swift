package import Foundation

/// The writable properties of a relationship as a create or PATCH body gives them; nil means "not in the body".
package struct GDAPRelationshipInput: Sendable, Equatable {
    package var displayName: String?
    package var duration: String?
    package var autoExtendDuration: String?
    package var customer: GDAPCustomer?
    package var roles: [String]?

    package init(
        displayName: String? = nil,
        duration: String? = nil,
        autoExtendDuration: String? = nil,
        customer: GDAPCustomer? = nil,
        roles: [String]? = nil
    ) {
        self.displayName = displayName
        self.duration = duration
        self.autoExtendDuration = autoExtendDuration
        self.customer = customer
        self.roles = roles
    }
}

/// What a relationship PATCH did: changed synchronously (200), or started a long-running operation (202).
package enum GDAPRelationshipUpdate: Sendable, Equatable {
    case updated(GDAPRelationship)
    case accepted(GDAPRelationship, GDAPOperation)
}

extension GraphState {
    /// `POST /tenantRelationships/delegatedAdminRelationships`.
    package mutating func createRelationship(
        _ input: GDAPRelationshipInput,
        now: Date,
        newID: () -> String
    ) throws(GDAPError) -> GDAPRelationship {
        advance(to: now)
        guard let name = input.displayName else { throw .badRequest("The displayName property is required.") }
        guard let durationText = input.duration else { throw .badRequest("The duration property is required.") }
        guard let roles = input.roles else { throw .badRequest("The accessDetails property is required.") }
        let displayName = try Self.validDisplayName(name)
        let duration = try Self.validDuration(durationText)
        let autoExtend = try Self.validAutoExtend(input.autoExtendDuration ?? "PT0S")
        try Self.validateRoles(roles, autoExtend: autoExtend)
        let customer = try Self.validCustomer(input.customer)
        try requireUniqueName(displayName, except: nil)
        // Ids are `{customerTenantId}-{guid}` in every example; without a customer the prefix is a fresh GUID.
        let id = "\(customer?.tenantId ?? newID())-\(newID())"
        let etag = nextETag(for: id)
        let relationship = GDAPRelationship(
            id: id,
            displayName: displayName,
            duration: duration,
            autoExtendDuration: autoExtend,
            customer: customer,
            roles: roles,
            status: .created,
            createdDateTime: now,
            lastModifiedDateTime: now,
            activatedDateTime: nil,
            // The create example shows a provisional end (created + duration) before activation.
            endDateTime: now.addingTimeInterval(duration.timeInterval),
            statusChangedDateTime: now,
            etag: etag,
            ordinal: sequence
        )
        store(relationship)
        return relationship
    }

    /// `PATCH .../delegatedAdminRelationships/{id}`. In `created` every writable property may change; in `active`
    /// only `autoExtendDuration`, and `accessDetails` only to remove Global Administrator (a long-running
    /// operation); elsewhere nothing. Properties sent with their current value are accepted as no-ops.
    package mutating func updateRelationship(
        _ id: String,
        _ input: GDAPRelationshipInput,
        ifMatch: String?,
        now: Date,
        newID: () -> String
    ) throws(GDAPError) -> GDAPRelationshipUpdate {
        advance(to: now)
        var relationship = try relationship(id)
        try Self.ifMatch(ifMatch, matches: relationship.etag)
        var changed = false
        var removeGlobalAdministrator = false
        switch relationship.status {
        case .created:
            changed = try updateCreated(&relationship, input)
        case .active:
            removeGlobalAdministrator = try Self.checkActiveUpdate(relationship, input)
        default:
            let requested = [
                input.displayName.map { _ in "displayName" }, input.duration.map { _ in "duration" },
                input.customer.map { _ in "customer" }, input.roles.map { _ in "accessDetails" },
                input.autoExtendDuration.map { _ in "autoExtendDuration" },
            ]
            if let property = requested.compactMap({ $0 }).first {
                throw Self.notEditable(property, relationship.status)
            }
        }
        if let text = input.autoExtendDuration {
            let autoExtend = try Self.validAutoExtend(text)
            if autoExtend != relationship.autoExtendDuration {
                relationship.autoExtendDuration = autoExtend
                changed = true
            }
        }
        let finalRoles =
            removeGlobalAdministrator
            ? relationship.roles.filter { $0 != GDAPBuiltInRoles.globalAdministrator } : relationship.roles
        try Self.validateRoles(finalRoles, autoExtend: relationship.autoExtendDuration)
        if changed {
            relationship.lastModifiedDateTime = now
            relationship.etag = nextETag(for: id)
        }
        let operation =
            removeGlobalAdministrator ? startRoleRemoval(&relationship, roles: finalRoles, now: now, newID: newID) : nil
        store(relationship)
        let snapshot = relationship
        advance(to: now)
        if let operation { return .accepted(snapshot, operation) }
        return .updated(snapshot)
    }

    /// A `created` relationship: every writable property may change; returns whether any did.
    private mutating func updateCreated(
        _ relationship: inout GDAPRelationship,
        _ input: GDAPRelationshipInput
    ) throws(GDAPError) -> Bool {
        var changed = false
        if let name = input.displayName, name != relationship.displayName {
            let name = try Self.validDisplayName(name)
            try requireUniqueName(name, except: relationship.id)
            relationship.displayName = name
            changed = true
        }
        if let text = input.duration {
            let duration = try Self.validDuration(text)
            if duration != relationship.duration {
                relationship.duration = duration
                relationship.endDateTime = relationship.createdDateTime.addingTimeInterval(duration.timeInterval)
                changed = true
            }
        }
        if let customer = input.customer {
            let customer = try Self.validCustomer(customer)
            if customer != relationship.customer {
                relationship.customer = customer
                changed = true
            }
        }
        if let roles = input.roles, roles != relationship.roles {
            try Self.validateRoles(roles, autoExtend: .zero)
            relationship.roles = roles
            changed = true
        }
        return changed
    }

    /// An `active` relationship: only `autoExtendDuration` may change, and the roles only to drop Global
    /// Administrator; returns whether that removal was asked for.
    private static func checkActiveUpdate(
        _ relationship: GDAPRelationship,
        _ input: GDAPRelationshipInput
    ) throws(GDAPError) -> Bool {
        if let name = input.displayName, name != relationship.displayName {
            throw Self.notEditable("displayName", relationship.status)
        }
        if let text = input.duration, GDAPDuration(iso8601: text) != relationship.duration {
            throw Self.notEditable("duration", relationship.status)
        }
        if let customer = input.customer, customer.tenantId != relationship.customer?.tenantId {
            throw Self.notEditable("customer", relationship.status)
        }
        guard let roles = input.roles, Set(roles) != Set(relationship.roles) else { return false }
        let withoutGA = relationship.roles.filter { $0 != GDAPBuiltInRoles.globalAdministrator }
        guard withoutGA.count < relationship.roles.count, Set(roles) == Set(withoutGA) else {
            throw .conflict(
                "Roles of an active relationship can't be changed, except removing the Global Administrator role."
            )
        }
        return true
    }

    /// The long-running operation that removes Global Administrator from an active relationship.
    private mutating func startRoleRemoval(
        _ relationship: inout GDAPRelationship,
        roles: [String],
        now: Date,
        newID: () -> String
    ) -> GDAPOperation {
        let started = GDAPOperation(
            id: newID(),
            operationType: .delegatedAdminRelationshipUpdate,
            targetAssignmentId: nil,
            targetRoles: roles,
            status: .notStarted,
            createdDateTime: now,
            lastModifiedDateTime: now,
            statusChangedDateTime: now,
            etag: nextETag(for: relationship.id)
        )
        relationship.operations.append(started)
        return started
    }

    /// `DELETE .../delegatedAdminRelationships/{id}`: only while `created`.
    package mutating func deleteRelationship(_ id: String, ifMatch: String?, now: Date) throws(GDAPError) {
        advance(to: now)
        let relationship = try relationship(id)
        try Self.ifMatch(ifMatch, matches: relationship.etag)
        guard relationship.status == .created else {
            throw .conflict(
                "A relationship can only be deleted in the created status; it is \(relationship.status.rawValue)."
                    + " End an active relationship with a terminate request."
            )
        }
        remove(id)
        sequence += 1
    }

    /// Plays the customer's Global Administrator accepting the invitation in the Microsoft 365 admin center: the
    /// relationship moves approvalPending -> approved -> activating -> active. A customer given here fills in the
    /// participant the partner left out; it must agree with one the partner named.
    package mutating func approveRelationship(
        _ id: String,
        customer: GDAPCustomer?,
        now: Date
    ) throws(GDAPError) -> GDAPRelationship {
        advance(to: now)
        var relationship = try relationship(id)
        guard relationship.status == .approvalPending else {
            throw .conflict(
                "Only a relationship in approvalPending can be approved; it is \(relationship.status.rawValue)."
            )
        }
        let given = try Self.validCustomer(customer)
        if let tenant = given?.tenantId, let named = relationship.customer?.tenantId, tenant != named {
            throw .conflict("The invitation was sent to customer tenant \(named), not \(tenant).")
        }
        guard relationship.customer?.tenantId != nil || given?.tenantId != nil else {
            throw .badRequest("The relationship names no customer; give the approving customer's tenantId.")
        }
        relationship.customer = GDAPCustomer(
            tenantId: relationship.customer?.tenantId ?? given?.tenantId,
            displayName: relationship.customer?.displayName ?? given?.displayName
        )
        relationship.setStatus(.approved, at: now, etag: nextETag(for: id))
        store(relationship)
        advance(to: now)
        return relationships[id] ?? relationship
    }

    mutating func requireUniqueName(_ name: String, except id: String?) throws(GDAPError) {
        let taken = relationships(named: name).contains { other in
            guard other.id != id else { return false }
            let ended = other.status == .expired || other.status == .terminated
            return !ended || behaviour.endedRelationshipsReserveNames
        }
        if taken {
            throw .conflict("A delegated admin relationship with the displayName '\(name)' already exists.")
        }
    }

    static func notEditable(_ property: String, _ status: GDAPRelationshipStatus) -> GDAPError {
        .conflict("The \(property) property can't be updated when the relationship status is \(status.rawValue).")
    }

    static func validDisplayName(_ name: String) throws(GDAPError) -> String {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .badRequest("The displayName must not be empty.")
        }
        guard name.count <= 50 else {
            throw .badRequest("The displayName must be at most 50 characters long; it has \(name.count).")
        }
        return name
    }

    static func validDuration(_ text: String) throws(GDAPError) -> GDAPDuration {
        guard let duration = GDAPDuration(iso8601: text) else {
            throw .badRequest("The duration '\(text)' is not a valid ISO 8601 duration.")
        }
        guard duration.seconds >= GDAPDuration.oneDay.seconds, duration.seconds <= GDAPDuration.twoYears.seconds
        else {
            throw .badRequest("The duration must be between P1D and P2Y inclusive; got '\(text)'.")
        }
        return duration
    }

    static func validAutoExtend(_ text: String) throws(GDAPError) -> GDAPDuration {
        guard let duration = GDAPDuration(iso8601: text), duration == .zero || duration == .autoExtend else {
            throw .badRequest("The autoExtendDuration must be one of P0D, PT0S or P180D; got '\(text)'.")
        }
        return duration
    }

    static func validateRoles(_ roles: [String], autoExtend: GDAPDuration) throws(GDAPError) {
        guard !roles.isEmpty else { throw .badRequest("The accessDetails must contain at least one unifiedRole.") }
        guard Set(roles).count == roles.count else {
            throw .badRequest("The accessDetails contain the same roleDefinitionId more than once.")
        }
        for role in roles where !GDAPBuiltInRoles.ids.contains(role) {
            throw .badRequest("The roleDefinitionId '\(role)' is not a Microsoft Entra built-in role.")
        }
        if autoExtend != .zero, roles.contains(GDAPBuiltInRoles.globalAdministrator) {
            throw .badRequest(
                "A relationship that includes the Global Administrator role can't be auto-extended;"
                    + " autoExtendDuration must be PT0S."
            )
        }
    }

    static func validCustomer(_ customer: GDAPCustomer?) throws(GDAPError) -> GDAPCustomer? {
        guard let customer else { return nil }
        if let tenant = customer.tenantId, !isGUID(tenant) {
            throw .badRequest("The customer tenantId '\(tenant)' is not a valid GUID.")
        }
        return GDAPCustomer(tenantId: customer.tenantId?.lowercased(), displayName: customer.displayName)
    }

    static func isGUID(_ text: String) -> Bool {
        UUID(uuidString: text) != nil
    }
}

extension GDAPRelationship {
    mutating func setStatus(_ status: GDAPRelationshipStatus, at time: Date, etag: String) {
        self.status = status
        statusChangedDateTime = time
        lastModifiedDateTime = time
        self.etag = etag
    }
}
