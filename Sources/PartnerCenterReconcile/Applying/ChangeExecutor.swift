import Foundation
import HTTPTypes
import PartnerCenterClient
import PartnerCenterModel
import PartnerCenterWire

/// What apply knows about one customer while it works through the customer's changes: its tenant id (from the
/// plan, or from the create this run sent) and the ids of relationships created by this run.
struct CustomerState: Sendable {
    var domain: String
    var customerID: String?
    /// GDAP change address → relationship id.
    var relationshipIDs: [String: String] = [:]
    /// This process created the customer, and no earlier run of the plan had started to: nothing under it can
    /// exist yet that apply did not make itself, so looking before creating is skipped.
    var createdHere = false
    /// Whether the journal shows an earlier run of this plan touching the customer.
    var touchedBefore = false

    /// Whether to look for an object before creating it (an earlier, interrupted run may have made it).
    var mustLookFirst: Bool { !createdHere }

    /// Takes in what a finished change learnt (the customer's id, relationship ids) from its copy of the state.
    mutating func merge(_ other: CustomerState) {
        if customerID == nil { customerID = other.customerID }
        createdHere = createdHere || other.createdHere
        relationshipIDs.merge(other.relationshipIDs) { mine, _ in mine }
    }

    /// The tenant id of a request about the customer itself (its target), or in a dry run the placeholder.
    func requireCustomerID(_ request: PlannedRequest, dryRun: Bool) throws -> String {
        if let id = request.target { return id }
        return try requireCustomerID(dryRun: dryRun)
    }

    /// The tenant id for a request about one of the customer's objects (whose target is that object).
    func requireCustomerID(dryRun: Bool) throws -> String {
        if let id = customerID { return id }
        if dryRun { return Placeholder.id(of: PlanAddress.customer(domain)) }
        throw ApplyStepFailure("the tenant id of \(domain) is unknown: its creation did not report one")
    }
}

/// A failure found by apply itself (not an error answer from the service).
struct ApplyStepFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}

/// Executes one change: sends its planned requests in order (looking first where the service has no request-id
/// replay), then reads the object back and says whether it is what the plan wanted.
struct ChangeExecutor: Sendable {
    let session: ApplySession
    let credentials: (any CredentialsSink)?
    /// The date to record on MCA acceptances.
    let now: @Sendable () -> Date

    var client: PartnerCenterClient { session.client }
    var dryRun: Bool { session.dryRun }

    func run(_ change: Change, state: inout CustomerState) async -> ChangeOutcome {
        var record = ChangeRecord()
        do {
            for (index, request) in change.requests.enumerated() {
                let step = "\(index):\(request.operation.rawValue)"
                try await execute(request, step: step, change: change, state: &state, record: &record)
            }
            if dryRun {
                return outcome(change, .planned, record, message: "would send \(record.previews.count) request(s)")
            }
            if let mismatch = try await verify(change, state: state, record: record) {
                return outcome(change, .failed, record, message: "sent, but reading it back: \(mismatch)")
            }
            var message = "applied and verified"
            if !record.adopted.isEmpty { message += " (" + record.adopted.joined(separator: "; ") + ")" }
            var result = outcome(change, .applied, record, message: message)
            result.verified = true
            return result
        } catch let error as PartnerCenterError {
            var result = outcome(change, .failed, record, message: error.description)
            result.failure = ApplyFailure(
                operation: error.operation,
                method: error.method?.rawValue,
                url: error.url,
                status: error.status,
                code: error.serviceCode,
                message: error.serviceMessage ?? error.description,
                requestId: error.requestID,
                correlationId: error.correlationID
            )
            return result
        } catch {
            var result = outcome(change, .failed, record, message: String(describing: error))
            result.failure = ApplyFailure(message: String(describing: error))
            return result
        }
    }

    private func outcome(
        _ change: Change,
        _ status: ChangeOutcome.Status,
        _ record: ChangeRecord,
        message: String
    ) -> ChangeOutcome {
        ChangeOutcome(
            address: change.address,
            action: change.action,
            status: status,
            message: message,
            requestIds: record.requestIDs,
            createdIds: record.createdIDs,
            approvalLink: record.approvalLink,
            requests: record.previews
        )
    }

    private func execute(
        _ request: PlannedRequest,
        step: String,
        change: Change,
        state: inout CustomerState,
        record: inout ChangeRecord
    ) async throws {
        let requestID = session.requestID(change.address, step)
        switch request.kind {
        case .createCustomer(let customer):
            try await createCustomer(customer, requestID: requestID, change: change, state: &state, record: &record)
        case .updateBillingProfile(let values):
            try await updateBillingProfile(values, request, requestID: requestID, state: state, record: &record)
        case .updateSpendingBudget(let amount):
            let customerID = try state.requireCustomerID(request, dryRun: dryRun)
            let call = try client.updateSpendingBudgetCall(customerID, amount: amount, requestID: requestID)
            try await session.perform(call, record: &record)
        case .acceptCustomerAgreement(let acceptance):
            try await acceptAgreement(acceptance, request, requestID: requestID, state: state, record: &record)
        case .removeResellerRelationship:
            let customerID = try state.requireCustomerID(request, dryRun: dryRun)
            try await session.perform(
                try client.removeResellerRelationshipCall(customerID, requestID: requestID),
                record: &record
            )
        case .deleteCustomer:
            let customerID = try state.requireCustomerID(request, dryRun: dryRun)
            try await session.perform(client.deleteCustomerCall(customerID, requestID: requestID), record: &record)
        case .purchaseSubscription(let purchase):
            try await self.purchase(purchase, step: step, change: change, state: state, record: &record)
        case .updateSubscription, .suspendSubscription, .reactivateSubscription, .cancelSubscription:
            try await updateSubscription(request, requestID: requestID, change: change, state: state, record: &record)
        case .createRelationship(let relationship):
            try await createRelationship(
                relationship,
                requestID: requestID,
                change: change,
                state: &state,
                record: &record
            )
        case .lockRelationshipForApproval, .terminateRelationship:
            try await relationshipRequest(request, requestID: requestID, change: change, state: state, record: &record)
        case .updateRelationship(let update):
            let id = try relationshipID(request, change: change, state: state)
            try await updateRelationship(update, id: id, etag: request.etag, requestID: requestID, record: &record)
        case .deleteRelationship:
            let id = try relationshipID(request, change: change, state: state)
            let call = client.deleteGDAPRelationshipCall(id, etag: request.etag ?? "*", requestID: requestID)
            try await session.perform(call, record: &record)
        case .createAccessAssignment(let assignment):
            let relationshipID = try relationshipID(request, change: change, state: state)
            try await createAssignment(
                assignment,
                relationshipID: relationshipID,
                requestID: requestID,
                state: state,
                record: &record
            )
        case .updateAccessAssignment, .deleteAccessAssignment:
            try await changeAssignment(request, requestID: requestID, record: &record)
        }
    }

    /// The relationship a GDAP request acts on: its target, or the one this change (or its parent) created.
    func relationshipID(_ request: PlannedRequest, change: Change, state: CustomerState) throws -> String {
        if let id = request.target ?? state.relationshipIDs[PlanAddress.gdapParent(of: change.address)] {
            return id
        }
        if dryRun { return Placeholder.id(of: PlanAddress.gdapParent(of: change.address)) }
        throw ApplyStepFailure("the relationship of \(change.address) has no id: its creation did not report one")
    }
}

extension PlanAddress {
    /// `customer[d]/gdap[n]` for any address under it (an assignment, a superseded relationship) or itself.
    static func gdapParent(of address: String) -> String {
        for marker in ["/assignment[", "/superseded["] {
            if let range = address.range(of: marker) { return String(address[..<range.lowerBound]) }
        }
        return address
    }
}
