import Foundation
import PartnerCenterClient
import PartnerCenterModel
import PartnerCenterWire

/// The proof: after a change's requests, its object is read back; nil when it is what the plan wanted, otherwise
/// what differs.
extension ChangeExecutor {
    func verify(_ change: Change, state: CustomerState, record: ChangeRecord) async throws -> String? {
        guard let first = change.requests.first else { return nil }
        switch first.kind {
        case .createCustomer:
            let id = try state.requireCustomerID(first, dryRun: false)
            let customer = try await client.getCustomer(id)
            let domain = customer.companyProfile?.domain?.lowercased()
            return domain == state.domain.lowercased() ? nil : "customer \(id) has domain \(domain ?? "none")"
        case .updateBillingProfile(let values):
            let profile = try await client.getBillingProfile(try state.requireCustomerID(first, dryRun: false))
            let wanted = Self.applying(values, to: profile)
            return Self.sameProfile(wanted, profile) ? nil : "the billing profile does not show the change"
        case .updateSpendingBudget(let wanted):
            let budget = try await client.getSpendingBudget(try state.requireCustomerID(first, dryRun: false))
            return budget.amount == wanted ? nil : "the budget is \(budget.amount.map { "\($0)" } ?? "none")"
        case .acceptCustomerAgreement:
            let agreements = try await client.listCustomerAgreements(try state.requireCustomerID(first, dryRun: false))
            return agreements.isEmpty ? "no agreement confirmation is recorded" : nil
        case .removeResellerRelationship:
            return try await expectCustomer(first, state: state) { customer in
                customer?.relationshipToPartner == CustomerRelationship.none || customer == nil
                    ? nil : "the relationship is still \(customer?.relationshipToPartner?.wireValue ?? "?")"
            }
        case .deleteCustomer:
            return try await expectCustomer(first, state: state) { $0 == nil ? nil : "the customer still exists" }
        case .purchaseSubscription(let purchase):
            return try await verifyPurchase(purchase, state: state, record: record)
        case .updateSubscription, .suspendSubscription, .reactivateSubscription, .cancelSubscription:
            return try await verifySubscription(change, state: state)
        case .createRelationship, .lockRelationshipForApproval, .updateRelationship, .terminateRelationship,
            .deleteRelationship:
            return try await verifyRelationship(change, state: state)
        case .createAccessAssignment, .updateAccessAssignment, .deleteAccessAssignment:
            return try await verifyAssignment(first, change: change, state: state, record: record)
        }
    }

    private func expectCustomer(
        _ request: PlannedRequest,
        state: CustomerState,
        _ check: (Customer?) -> String?
    ) async throws -> String? {
        do {
            return check(try await client.getCustomer(try state.requireCustomerID(request, dryRun: false)))
        } catch let error as PartnerCenterError where error.isNotFound || error.status == 403 {
            return check(nil)
        }
    }

    static func sameProfile(_ lhs: CustomerBillingProfile, _ rhs: CustomerBillingProfile) -> Bool {
        func fold(_ value: String?) -> String { (value ?? "").lowercased() }
        let a = lhs.defaultAddress
        let b = rhs.defaultAddress
        return fold(lhs.email) == fold(rhs.email) && fold(lhs.culture) == fold(rhs.culture)
            && fold(lhs.language) == fold(rhs.language) && lhs.companyName == rhs.companyName
            && a?.addressLine1 == b?.addressLine1 && a?.city == b?.city && a?.postalCode == b?.postalCode
            && fold(a?.country) == fold(b?.country) && a?.firstName == b?.firstName && a?.lastName == b?.lastName
    }

    private func verifyPurchase(
        _ purchase: SubscriptionPurchase,
        state: CustomerState,
        record: ChangeRecord
    ) async throws -> String? {
        guard let id = record.createdIDs["subscriptionId"] else { return "no subscription id was recorded" }
        let subscription = try await client.getSubscription(
            try state.requireCustomerID(dryRun: false),
            subscriptionID: id
        )
        if subscription.friendlyName != purchase.friendlyName {
            return "subscription \(id) is named \(subscription.friendlyName ?? "nothing")"
        }
        if subscription.quantity != purchase.quantity {
            return
                "subscription \(id) has \(subscription.quantity.map(String.init) ?? "no") seats, not \(purchase.quantity)"
        }
        if let autoRenew = purchase.autoRenewEnabled, subscription.autoRenewEnabled != autoRenew {
            return "subscription \(id) has auto-renew \(subscription.autoRenewEnabled.map { "\($0)" } ?? "unset")"
        }
        return nil
    }

    private func verifySubscription(_ change: Change, state: CustomerState) async throws -> String? {
        guard let first = change.requests.first, let id = first.target else { return nil }
        let subscription = try await client.getSubscription(
            try state.requireCustomerID(dryRun: false),
            subscriptionID: id
        )
        for request in change.requests {
            let wanted = Self.subscriptionChanges(request)
            if let status = wanted.status, subscription.status != status {
                return "subscription \(id) is \(subscription.status?.wireValue ?? "?"), not \(status.wireValue)"
            }
            if let quantity = wanted.quantity, subscription.quantity != quantity {
                return "subscription \(id) has \(subscription.quantity.map(String.init) ?? "no") seats, not \(quantity)"
            }
            if let name = wanted.friendlyName, subscription.friendlyName != name {
                return "subscription \(id) is named \(subscription.friendlyName ?? "nothing"), not \(name)"
            }
            if let autoRenew = wanted.autoRenewEnabled, subscription.autoRenewEnabled != autoRenew {
                return "subscription \(id) has auto-renew \(subscription.autoRenewEnabled.map { "\($0)" } ?? "unset")"
            }
        }
        return nil
    }

    private func verifyRelationship(_ change: Change, state: CustomerState) async throws -> String? {
        guard let last = change.requests.last else { return nil }
        let id = try relationshipID(last, change: change, state: state)
        let relationship: DelegatedAdminRelationship
        do {
            relationship = try await client.getGDAPRelationship(id)
        } catch let error as PartnerCenterError where error.isNotFound {
            return last.operation == .deleteRelationship ? nil : "relationship \(id) does not exist"
        }
        let status = relationship.status?.wireValue ?? "?"
        switch last.kind {
        case .lockRelationshipForApproval:
            return status == "created" ? "relationship \(id) is still created, not locked for approval" : nil
        case .terminateRelationship:
            return ["terminationRequested", "terminating", "terminated"].contains(status)
                ? nil : "relationship \(id) is \(status)"
        case .deleteRelationship:
            return "relationship \(id) still exists (\(status))"
        case .updateRelationship(let update):
            if let wanted = update.autoExtendDuration,
                relationship.autoExtendDuration.map(GDAPDurations.canonical) != GDAPDurations.canonical(wanted)
            {
                return "relationship \(id) auto-extends by \(relationship.autoExtendDuration ?? "nothing")"
            }
            return nil
        default:
            return nil
        }
    }

    private func verifyAssignment(
        _ request: PlannedRequest,
        change: Change,
        state: CustomerState,
        record: ChangeRecord
    ) async throws -> String? {
        let relationshipID: String
        switch request.kind {
        case .updateAccessAssignment(let update): relationshipID = update.relationshipId
        case .deleteAccessAssignment(let id): relationshipID = id
        default: relationshipID = try self.relationshipID(request, change: change, state: state)
        }
        guard
            let id = request.target.flatMap({ request.operation == .createAccessAssignment ? nil : $0 })
                ?? record.createdIDs["assignmentId"]
        else { return "no assignment id was recorded" }
        let assignment: DelegatedAdminAccessAssignment
        do {
            assignment = try await client.getGDAPAccessAssignment(relationshipID: relationshipID, assignmentID: id)
        } catch let error as PartnerCenterError where error.isNotFound {
            return request.operation == .deleteAccessAssignment ? nil : "assignment \(id) does not exist"
        }
        switch request.kind {
        case .deleteAccessAssignment:
            return assignment.status == .deleted || assignment.status == .deleting
                ? nil : "assignment \(id) still exists"
        case .updateAccessAssignment(let update):
            let wanted = Set(update.roles.map { $0.lowercased() })
            let have = Set((assignment.accessDetails?.roleDefinitionIDs ?? []).map { $0.lowercased() })
            return wanted == have || assignment.status == .pending ? nil : "assignment \(id) has other roles"
        default:
            return nil
        }
    }
}

/// ISO 8601 durations as GDAP compares them (`PT0S` and `P0D` both mean "none").
enum GDAPDurations {
    static func canonical(_ value: String) -> String {
        let upper = value.uppercased()
        return upper == "P0D" || upper == "PT0S" ? "PT0S" : upper
    }
}
