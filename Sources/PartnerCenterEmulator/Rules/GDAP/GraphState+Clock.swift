package import Foundation

extension GraphState {
    /// How long relationships stay visible once ended or left waiting (Partner Center clean-up rule): expired or
    /// terminated for one year, approvalPending for 90 days (the invitation expires).
    static let endedRetention: TimeInterval = 365 * 86_400
    static let approvalRetention: TimeInterval = 90 * 86_400

    /// Applies every timed transition due at or before `now`, each at the moment it fell due (so lastModified,
    /// activatedDateTime and endDateTime carry event times, not the time someone looked). Returns whether any
    /// relationship changed (the caches it builds on the way don't count).
    @discardableResult
    package mutating func advance(to now: Date) -> Bool {
        if let nextDue, now < nextDue { return false }
        var changed = false
        // Sorted so etags and orders come out the same in every run (dictionary order is per process).
        if dues == nil {
            var all: [String: Date] = [:]
            for (id, relationship) in relationships {
                if let due = earliestDue(of: relationship) { all[id] = due }
            }
            dues = all
        }
        let due = (dues ?? [:]).filter { $0.value <= now }.keys
        for id in due.sorted() {
            guard var relationship = relationships[id] else { continue }
            let before = relationship
            var purge = false
            while let (due, step) = nextStep(of: relationship), due <= now {
                if case .purge = step {
                    purge = true
                    break
                }
                apply(step, to: &relationship, at: due)
            }
            if purge {
                remove(id)
                changed = true
                continue
            }
            advanceChildren(of: &relationship, to: now)
            if relationship != before {
                store(relationship)
                changed = true
            }
        }
        nextDue = dues?.values.min() ?? .distantFuture
        return changed
    }

    /// When the relationship or one of its children next changes by itself; nil if never.
    func earliestDue(of relationship: GDAPRelationship) -> Date? {
        var dues: [Date] = []
        if let (due, _) = nextStep(of: relationship) { dues.append(due) }
        for assignment in relationship.accessAssignments
        where assignment.status == .pending || assignment.status == .deleting {
            dues.append(assignment.statusChangedDateTime.addingTimeInterval(behaviour.assignmentSeconds))
        }
        for operation in relationship.operations where operation.status == .notStarted || operation.status == .running {
            dues.append(operation.statusChangedDateTime.addingTimeInterval(behaviour.operationSeconds))
        }
        for request in relationship.requests where request.status == .created || request.status == .pending {
            let settled = request.action == .lockForApproval || relationship.status == .terminated
            if settled || request.status == .created { dues.append(request.createdDateTime) }
        }
        return dues.min()
    }

    private enum Step {
        case status(GDAPRelationshipStatus)
        case extend
        case purge
    }

    private func nextStep(of relationship: GDAPRelationship) -> (Date, Step)? {
        let changed = relationship.statusChangedDateTime
        let provisioning = behaviour.provisioningSeconds
        let deprovisioning = behaviour.deprovisioningSeconds
        switch relationship.status {
        case .created:
            return nil
        case .approvalPending:
            return (changed.addingTimeInterval(Self.approvalRetention), .purge)
        case .approved:
            return (changed.addingTimeInterval(provisioning), .status(.activating))
        case .activating:
            return (changed.addingTimeInterval(provisioning), .status(.active))
        case .active:
            guard let end = relationship.endDateTime else { return nil }
            return (end, relationship.autoExtendDuration == .zero ? .status(.expiring) : .extend)
        case .expiring:
            return (changed.addingTimeInterval(deprovisioning), .status(.expired))
        case .terminationRequested:
            return (changed.addingTimeInterval(deprovisioning), .status(.terminating))
        case .terminating:
            return (changed.addingTimeInterval(deprovisioning), .status(.terminated))
        case .expired, .terminated:
            return (changed.addingTimeInterval(Self.endedRetention), .purge)
        }
    }

    private mutating func apply(_ step: Step, to relationship: inout GDAPRelationship, at time: Date) {
        switch step {
        case .status(let status):
            relationship.setStatus(status, at: time, etag: nextETag(for: relationship.id))
            switch status {
            case .active:
                // endDateTime = activatedDateTime + duration; every role shares it.
                relationship.activatedDateTime = time
                relationship.endDateTime = time.addingTimeInterval(relationship.duration.timeInterval)
            case .terminated:
                relationship.endDateTime = time
            default:
                break
            }
        case .extend:
            // Auto-extend: still active, the end moves six months on.
            let end = relationship.endDateTime ?? time
            relationship.endDateTime = end.addingTimeInterval(relationship.autoExtendDuration.timeInterval)
            relationship.lastModifiedDateTime = time
            relationship.etag = nextETag(for: relationship.id)
        case .purge:
            break
        }
    }

    private mutating func advanceChildren(of relationship: inout GDAPRelationship, to now: Date) {
        let delay = behaviour.assignmentSeconds
        for index in relationship.accessAssignments.indices {
            var assignment = relationship.accessAssignments[index]
            let due = assignment.statusChangedDateTime.addingTimeInterval(delay)
            let next: GDAPAccessAssignmentStatus? =
                switch assignment.status {
                case .pending: .active
                case .deleting: .deleted
                default: nil
                }
            guard let next, due <= now else { continue }
            assignment.status = next
            assignment.statusChangedDateTime = due
            assignment.lastModifiedDateTime = due
            assignment.etag = nextETag(for: assignment.id)
            relationship.accessAssignments[index] = assignment
        }
        for index in relationship.operations.indices {
            advance(operation: index, of: &relationship, to: now)
        }
        for index in relationship.requests.indices {
            var request = relationship.requests[index]
            let target: GDAPRequestStatus? =
                switch (request.action, relationship.status) {
                case (_, _) where request.status == .succeeded || request.status == .failed: nil
                case (.lockForApproval, _): .succeeded
                case (.terminate, .terminated): .succeeded
                case (.terminate, _) where request.status == .created: .pending
                default: nil
                }
            guard let target else { continue }
            request.status = target
            request.lastModifiedDateTime =
                target == .succeeded
                ? max(relationship.statusChangedDateTime, request.createdDateTime) : request.createdDateTime
            request.etag = nextETag(for: request.id)
            relationship.requests[index] = request
        }
    }

    private mutating func advance(operation index: Int, of relationship: inout GDAPRelationship, to now: Date) {
        var operation = relationship.operations[index]
        while operation.status == .notStarted || operation.status == .running {
            let due = operation.statusChangedDateTime.addingTimeInterval(behaviour.operationSeconds)
            guard due <= now else { break }
            if operation.status == .notStarted {
                operation.status = .running
            } else {
                operation.status = complete(operation, in: &relationship, at: due) ? .succeeded : .failed
            }
            operation.statusChangedDateTime = due
            operation.lastModifiedDateTime = due
            operation.etag = nextETag(for: operation.id)
        }
        relationship.operations[index] = operation
    }

    /// Applies a finished operation's roles to its target; false when the target is gone or no longer active.
    private mutating func complete(
        _ operation: GDAPOperation,
        in relationship: inout GDAPRelationship,
        at time: Date
    )
        -> Bool
    {
        guard let assignmentID = operation.targetAssignmentId else {
            guard relationship.status == .active else { return false }
            relationship.roles = operation.targetRoles
            relationship.lastModifiedDateTime = time
            relationship.etag = nextETag(for: relationship.id)
            return true
        }
        guard let index = relationship.accessAssignments.firstIndex(where: { $0.id == assignmentID }),
            relationship.accessAssignments[index].status == .active
        else { return false }
        relationship.accessAssignments[index].roles = operation.targetRoles
        relationship.accessAssignments[index].lastModifiedDateTime = time
        relationship.accessAssignments[index].etag = nextETag(for: assignmentID)
        return true
    }
}
