/// One request a change implies: what to send (a typed ``Kind`` with its payload), to which object, under which
/// etag. Never holds secrets. The JSON plan saves it as `operation` (the kind's stable name), `target`, `etag` and
/// `parameters` (the payload's fields; docs/plan.md lists them per operation).
package struct PlannedRequest: Sendable, Hashable {
    package var kind: Kind
    /// The id of the object the request acts on (customer tenant id, subscription id, relationship id,
    /// assignment id); nil when the object does not exist yet.
    package var target: String?
    /// The live etag to send as `If-Match`, when the operation needs one.
    package var etag: String?

    package init(_ kind: Kind, target: String? = nil, etag: String? = nil) {
        self.kind = kind
        self.target = target
        self.etag = etag
    }

    package var operation: Operation { kind.operation }

    /// The payload as the JSON plan saves it: parameter name → value.
    package var parameters: [String: JSONValue] { kind.parameters }

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
