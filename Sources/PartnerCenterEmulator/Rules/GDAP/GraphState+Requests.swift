package import Foundation

extension GraphState {
    /// `POST .../delegatedAdminRelationships/{id}/requests`. Returns the request as the 201 answer shows it (status
    /// `created`); the stored request then moves on to `pending`/`succeeded` as the relationship follows.
    package mutating func createRequest(
        relationshipID id: String,
        action text: String,
        now: Date,
        newID: () -> String
    ) throws(GDAPError) -> GDAPRequest {
        advance(to: now)
        var relationship = try relationship(id)
        guard let action = GDAPRequestAction(rawValue: text) else {
            throw .badRequest("The action '\(text)' is not valid; use lockForApproval or terminate.")
        }
        switch action {
        case .lockForApproval:
            guard relationship.status == .created else {
                throw .conflict(
                    "lockForApproval is only allowed in the created status; the relationship is"
                        + " \(relationship.status.rawValue)."
                )
            }
            relationship.setStatus(.approvalPending, at: now, etag: nextETag(for: id))
        case .terminate:
            guard relationship.status == .active else {
                throw .conflict(
                    "terminate is only allowed in the active status; the relationship is \(relationship.status.rawValue)."
                )
            }
            relationship.setStatus(.terminationRequested, at: now, etag: nextETag(for: id))
        case .approve, .reject:
            // Only an indirect reseller answers a provider's resellerDelegatedAdminRelationship; a partner's own
            // relationship is approved by the customer in the admin center.
            throw .badRequest("The action '\(text)' is only available to an indirect reseller.")
        }
        let requestID = newID()
        let request = GDAPRequest(
            id: requestID,
            action: action,
            status: .created,
            createdDateTime: now,
            lastModifiedDateTime: now,
            etag: nextETag(for: requestID)
        )
        relationship.requests.append(request)
        store(relationship)
        advance(to: now)
        return request
    }

    /// The customer (or the partner through the portal) ends an active relationship without a Graph request.
    package mutating func customerTerminate(_ id: String, now: Date) throws(GDAPError) -> GDAPRelationship {
        advance(to: now)
        var relationship = try relationship(id)
        guard relationship.status == .active else {
            throw .conflict("Only an active relationship can be terminated; it is \(relationship.status.rawValue).")
        }
        relationship.setStatus(.terminationRequested, at: now, etag: nextETag(for: id))
        store(relationship)
        advance(to: now)
        return relationships[id] ?? relationship
    }
}
