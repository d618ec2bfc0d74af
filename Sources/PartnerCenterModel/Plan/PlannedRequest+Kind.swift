package import Foundation

extension PlannedRequest {
    /// What a request does, with what the applier needs to send it: one case per ``Operation``.
    package enum Kind: Sendable, Hashable {
        case createCustomer(NewCustomer)
        /// The attributes that change, with their new values.
        case updateBillingProfile([BillingAttribute: String])
        case updateSpendingBudget(amount: Decimal)
        case acceptCustomerAgreement(AgreementAcceptance)
        /// Sets `relationshipToPartner` to `none`.
        case removeResellerRelationship
        case deleteCustomer
        case purchaseSubscription(SubscriptionPurchase)
        case updateSubscription(SubscriptionUpdate)
        case suspendSubscription
        case reactivateSubscription
        case cancelSubscription
        case createRelationship(NewRelationship)
        case updateRelationship(RelationshipUpdate)
        case lockRelationshipForApproval
        case terminateRelationship
        case deleteRelationship
        case createAccessAssignment(NewAccessAssignment)
        case updateAccessAssignment(AccessAssignmentUpdate)
        /// The assignment is the request's target; this is its relationship.
        case deleteAccessAssignment(relationshipId: String)

        package var operation: Operation {
            switch self {
            case .createCustomer: return .createCustomer
            case .updateBillingProfile: return .updateBillingProfile
            case .updateSpendingBudget: return .updateSpendingBudget
            case .acceptCustomerAgreement: return .acceptCustomerAgreement
            case .removeResellerRelationship: return .removeResellerRelationship
            case .deleteCustomer: return .deleteCustomer
            case .purchaseSubscription: return .purchaseSubscription
            case .updateSubscription: return .updateSubscription
            case .suspendSubscription: return .suspendSubscription
            case .reactivateSubscription: return .reactivateSubscription
            case .cancelSubscription: return .cancelSubscription
            case .createRelationship: return .createRelationship
            case .updateRelationship: return .updateRelationship
            case .lockRelationshipForApproval: return .lockRelationshipForApproval
            case .terminateRelationship: return .terminateRelationship
            case .deleteRelationship: return .deleteRelationship
            case .createAccessAssignment: return .createAccessAssignment
            case .updateAccessAssignment: return .updateAccessAssignment
            case .deleteAccessAssignment: return .deleteAccessAssignment
            }
        }
    }
}
