package import Foundation
import HTTPTypes
package import PartnerCenterModel
package import PartnerCenterWire

/// The requests that change things, as values: the operations send them, and the applier either performs them
/// (``PartnerCenterClient/perform(_:)``) or shows them (``PartnerCenterClient/preview(_:)``) for `--dry-run`. One
/// place knows each path, method and header.
extension PartnerCenterClient {
    static let relationshipsPath = "/tenantRelationships/delegatedAdminRelationships"

    // MARK: Customers

    package func createCustomerCall(_ customer: Customer, requestID: String) throws -> Call {
        Call(
            // create-a-customer-for-an-indirect-reseller.md: App+User only when the customer is an indirect reseller's.
            operation: customer.associatedPartnerId == nil ? .createCustomer : .createIndirectResellerCustomer,
            method: .post,
            path: "/customers",
            body: try json(customer),
            requestID: requestID
        )
    }

    /// `DELETE /v1/customers/{id}`: integration-sandbox accounts only.
    package func deleteCustomerCall(_ customerID: String, requestID: String? = nil) -> Call {
        Call(operation: .deleteCustomer, method: .delete, path: Self.customerPath(customerID), requestID: requestID)
    }

    package func removeResellerRelationshipCall(_ customerID: String, requestID: String? = nil) throws -> Call {
        let body: JSONValue = .object(["relationshipToPartner": .string(CustomerRelationship.none.wireValue)])
        return Call(
            operation: .removeResellerRelationship,
            method: .patch,
            path: Self.customerPath(customerID),
            body: try json(body),
            requestID: requestID
        )
    }

    package func getBillingProfileCall(_ customerID: String, requestID: String? = nil) -> Call {
        Call(
            operation: .getBillingProfile,
            method: .get,
            path: Self.customerPath(customerID) + "/profiles/billing",
            requestID: requestID
        )
    }

    /// The PUT carries the etag twice, as the reference shows: `If-Match` and `attributes.etag`.
    package func updateBillingProfileCall(
        _ customerID: String,
        profile: CustomerBillingProfile,
        etag: String,
        requestID: String? = nil
    ) throws -> Call {
        var profile = profile
        profile.attributes = ResourceAttributes(objectType: "CustomerBillingProfile", etag: etag)
        var call = Call(
            operation: .updateBillingProfile,
            method: .put,
            path: Self.customerPath(customerID) + "/profiles/billing",
            body: try json(profile),
            requestID: requestID
        )
        call.headers[.ifMatch] = Self.quotedETag(etag)
        return call
    }

    /// `PATCH /v1/customers/{id}/usagebudget`: `amount` is written with its exact decimal digits.
    package func updateSpendingBudgetCall(
        _ customerID: String,
        amount: Decimal,
        requestID: String? = nil
    ) throws -> Call {
        Call(
            operation: .updateSpendingBudget,
            method: .patch,
            path: Self.customerPath(customerID) + "/usagebudget",
            body: try json(SpendingBudget(amount: amount)),
            requestID: requestID
        )
    }

    package func listAgreementMetadataCall(
        agreementType: String = Agreement.microsoftCustomerAgreement,
        requestID: String? = nil
    ) -> Call {
        Call(
            operation: .listAgreementMetadata,
            method: .get,
            path: "/agreements",
            query: [("agreementType", agreementType)],
            requestID: requestID
        )
    }

    package func confirmCustomerAgreementCall(
        _ customerID: String,
        agreement: Agreement,
        requestID: String
    ) throws -> Call {
        Call(
            operation: .confirmCustomerAgreement,
            method: .post,
            path: Self.customerPath(customerID) + "/agreements",
            body: try json(agreement),
            requestID: requestID
        )
    }

    // MARK: Subscriptions, carts

    package func getSubscriptionCall(_ customerID: String, subscriptionID: String, requestID: String? = nil) -> Call {
        Call(
            operation: .getSubscription,
            method: .get,
            path: Self.subscriptionPath(customerID, subscriptionID),
            requestID: requestID
        )
    }

    /// The PATCH of a whole subscription body (what ``updateSubscription(_:subscriptionID:changes:requestID:)``
    /// builds from a fresh read), with `If-Match` when the body has an etag.
    package func patchSubscriptionCall(
        _ customerID: String,
        subscriptionID: String,
        body: JSONValue,
        requestID: String? = nil
    ) throws -> Call {
        var call = Call(
            operation: .updateSubscription,
            method: .patch,
            path: Self.subscriptionPath(customerID, subscriptionID),
            body: try json(body),
            requestID: requestID
        )
        if let etag = body["attributes"]?["etag"]?.stringValue { call.headers[.ifMatch] = Self.quotedETag(etag) }
        return call
    }

    package func createCartCall(_ customerID: String, cart: Cart, requestID: String) throws -> Call {
        Call(
            operation: .createCart,
            method: .post,
            path: Self.customerPath(customerID) + "/carts",
            body: try json(cart),
            requestID: requestID
        )
    }

    package func checkoutCartCall(_ customerID: String, cartID: String, requestID: String) -> Call {
        Call(
            operation: .checkoutCart,
            method: .post,
            path: Self.customerPath(customerID) + "/carts/\(cartID.pathEscaped)/checkout",
            requestID: requestID
        )
    }

    // MARK: GDAP

    package func createGDAPRelationshipCall(
        _ relationship: DelegatedAdminRelationship,
        requestID: String? = nil
    ) throws -> Call {
        Call(
            operation: .createRelationship,
            method: .post,
            path: Self.relationshipsPath,
            body: try json(relationship),
            requestID: requestID
        )
    }

    package func updateGDAPRelationshipCall(
        _ relationshipID: String,
        changes: RelationshipChanges,
        etag: String,
        requestID: String? = nil
    ) throws -> Call {
        var call = Call(
            operation: .updateRelationship,
            method: .patch,
            path: Self.relationshipPath(relationshipID),
            body: try json(changes),
            requestID: requestID
        )
        call.headers[.ifMatch] = Self.quotedETag(etag)
        return call
    }

    package func deleteGDAPRelationshipCall(_ relationshipID: String, etag: String, requestID: String? = nil) -> Call {
        var call = Call(
            operation: .deleteRelationship,
            method: .delete,
            path: Self.relationshipPath(relationshipID),
            requestID: requestID
        )
        call.headers[.ifMatch] = Self.quotedETag(etag)
        return call
    }

    package func createGDAPRelationshipRequestCall(
        _ relationshipID: String,
        action: DelegatedAdminRelationshipRequest.Action,
        requestID: String? = nil
    ) throws -> Call {
        Call(
            operation: .createRelationshipRequest,
            method: .post,
            path: Self.relationshipPath(relationshipID) + "/requests",
            body: try json(DelegatedAdminRelationshipRequest(action: action)),
            requestID: requestID
        )
    }

    package func createGDAPAccessAssignmentCall(
        relationshipID: String,
        assignment: DelegatedAdminAccessAssignment,
        requestID: String? = nil
    ) throws -> Call {
        Call(
            operation: .createAccessAssignment,
            method: .post,
            path: Self.relationshipPath(relationshipID) + "/accessAssignments",
            body: try json(assignment),
            requestID: requestID
        )
    }

    package func updateGDAPAccessAssignmentCall(
        relationshipID: String,
        assignmentID: String,
        accessDetails: AccessDetails,
        etag: String,
        requestID: String? = nil
    ) throws -> Call {
        var call = Call(
            operation: .updateAccessAssignment,
            method: .patch,
            path: Self.relationshipPath(relationshipID) + "/accessAssignments/\(assignmentID.pathEscaped)",
            body: try json(JSONValue.object(["accessDetails": try WireJSON.parse(try json(accessDetails))])),
            requestID: requestID
        )
        call.headers[.ifMatch] = Self.quotedETag(etag)
        return call
    }

    package func deleteGDAPAccessAssignmentCall(
        relationshipID: String,
        assignmentID: String,
        etag: String,
        requestID: String? = nil
    ) -> Call {
        var call = Call(
            operation: .deleteAccessAssignment,
            method: .delete,
            path: Self.relationshipPath(relationshipID) + "/accessAssignments/\(assignmentID.pathEscaped)",
            requestID: requestID
        )
        call.headers[.ifMatch] = Self.quotedETag(etag)
        return call
    }

    // MARK: Paths

    static func customerPath(_ customerID: String) -> String { "/customers/\(customerID.pathEscaped)" }

    static func subscriptionPath(_ customerID: String, _ subscriptionID: String) -> String {
        customerPath(customerID) + "/subscriptions/\(subscriptionID.pathEscaped)"
    }

    static func relationshipPath(_ relationshipID: String) -> String {
        relationshipsPath + "/\(relationshipID.pathEscaped)"
    }
}
