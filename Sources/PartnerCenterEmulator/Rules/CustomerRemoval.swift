import Foundation
import HTTPTypes

/// Ending a customer (customers.md, sandbox-scenario.md): deletion exists only for integration-sandbox accounts and
/// not for a customer created with an invalid address; removing the reseller relationship needs every subscription
/// suspended first, and in the sandbox deletes the customer tenant.
enum CustomerRemoval {
    /// `DELETE /customers/{id}` in the sandbox (the controller refuses it in production).
    static func deleteSandboxCustomer(_ id: String, in state: inout EmulatorState) throws {
        let record = try state.customer(id)
        if record.invalidAddress {
            throw PartnerCenterError(
                status: .forbidden,
                code: 600006,
                description: "The requested action is not allowed",
                data: ["A customer created with an invalid address cannot be deleted"]
            )
        }
        state.purgeCustomer(id)
    }

    /// `PATCH /customers/{id}` with `relationshipToPartner: none`.
    static func removeRelationship(_ id: String, sandbox: Bool, in state: inout EmulatorState) throws {
        _ = try state.customer(id)
        let active = (state.subscriptions[id] ?? [:]).values.filter { $0.resource.status == "active" }
        guard active.isEmpty else {
            throw PartnerCenterError(
                status: .forbidden,
                code: 600006,
                description: "The requested action is not allowed",
                data: ["All subscriptions must be suspended before the reseller relationship is removed"]
            )
        }
        if sandbox {
            state.purgeCustomer(id)
        } else {
            state.customers[id]?.relationshipToPartner = "none"
            state.customerOrder.removeAll { $0 == id }
        }
    }
}

extension EmulatorState {
    /// Removes a customer and everything under it (sandbox deletion).
    mutating func purgeCustomer(_ id: String) {
        customers[id] = nil
        customerOrder.removeAll { $0 == id }
        subscriptions[id] = nil
        orders[id] = nil
        carts[id] = nil
        agreements[id] = nil
    }
}
