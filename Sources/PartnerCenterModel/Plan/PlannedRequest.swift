/// One request a change implies, in plain terms: the operation and the parameters the applier needs.
/// Never holds secrets. Parameter keys per operation are listed in docs/plan.md.
package struct PlannedRequest: Sendable, Hashable, Codable {
    package var operation: Operation
    /// The id of the object the request acts on (customer tenant id, subscription id, relationship id,
    /// assignment id); nil when the object does not exist yet.
    package var target: String?
    /// The live etag to send as `If-Match`, when the operation needs one.
    package var etag: String?
    package var parameters: [String: PlanValue]

    package init(
        operation: Operation,
        target: String? = nil,
        etag: String? = nil,
        parameters: [String: PlanValue] = [:]
    ) {
        self.operation = operation
        self.target = target
        self.etag = etag
        self.parameters = parameters
    }

    /// The operations a plan can ask for. Raw values are stable snake_case strings.
    package enum Operation: String, Sendable, Hashable, Codable, CaseIterable {
        case createCustomer = "create_customer"
        case updateBillingProfile = "update_billing_profile"
        case updateSpendingBudget = "update_spending_budget"
        case acceptCustomerAgreement = "accept_customer_agreement"
        case removeResellerRelationship = "remove_reseller_relationship"
        case deleteCustomer = "delete_customer"
        case purchaseSubscription = "purchase_subscription"
        case updateSubscription = "update_subscription"
        case suspendSubscription = "suspend_subscription"
        case reactivateSubscription = "reactivate_subscription"
        case cancelSubscription = "cancel_subscription"
        case createRelationship = "create_gdap_relationship"
        case updateRelationship = "update_gdap_relationship"
        case lockRelationshipForApproval = "lock_gdap_relationship_for_approval"
        case terminateRelationship = "terminate_gdap_relationship"
        case deleteRelationship = "delete_gdap_relationship"
        case createAccessAssignment = "create_access_assignment"
        case updateAccessAssignment = "update_access_assignment"
        case deleteAccessAssignment = "delete_access_assignment"

        /// Whether Partner Center serves it only to App+User (delegated) credentials.
        package var requiresAppUser: Bool {
            switch self {
            case .removeResellerRelationship, .acceptCustomerAgreement: return true
            default: return false
            }
        }
    }
}
