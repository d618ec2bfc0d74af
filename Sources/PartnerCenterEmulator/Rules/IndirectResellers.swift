import Foundation
import HTTPTypes

/// One indirect reseller of the emulated partner acting as an indirect provider: what `GET /v1/relationships`
/// answers as a PartnerRelationship (customers.md, "Relationships resources").
package struct IndirectResellerRecord: Codable, Sendable, Equatable {
    /// The reseller's Entra tenant id (PartnerRelationship `id`; what `associatedPartnerId` carries in the
    /// documented create-a-customer-for-an-indirect-reseller example).
    package var tenantId: String
    /// The reseller's MPN id (PartnerRelationship `mpnId`; what `partnerIdOnRecord` and the cart participant
    /// `transaction_reseller` carry).
    package var mpnId: String
    package var name: String
    package var location: String
    /// The relationship's state: `active`, or anything else (the emulator seeds `inactive`) for a reseller the
    /// provider cannot transact for.
    package var state: String

    package init(tenantId: String, mpnId: String, name: String, location: String, state: String) {
        self.tenantId = tenantId
        self.mpnId = mpnId
        self.name = name
        self.location = location
        self.state = state
    }

    package var isActive: Bool { state.lowercased() == "active" }
}

/// The indirect-provider rules (INDEX.md rule 42, orders-and-carts.md, create-a-customer-for-an-indirect-reseller):
/// the reseller named by a new customer's `associatedPartnerId` or by a line's partner of record must have an
/// active relationship with the provider, and is never the provider itself.
package enum IndirectResellers {
    /// The development partner's resellers, seeded in every new state: the MPN ids and the tenant id of the
    /// documented examples (cart participants 5357564, order partner of record 873452, the customer's
    /// associatedPartnerId 484e548c-…), the order example's additional reseller 517285, and one inactive reseller
    /// (5357563, the cart example's second additional reseller, which is never checked) for the refusals.
    /// Five in all, the indirect-provider sandbox's limit (INDEX.md rule 13).
    package static let development: [IndirectResellerRecord] = [
        .init(
            tenantId: "484e548c-f5f3-4528-93a9-c16c6373cb59",
            mpnId: "5357564",
            name: "Fabrikam Reseller",
            location: "US",
            state: "active"
        ),
        .init(
            tenantId: "6e1d3f0a-8b2c-4d5e-9f60-7a8b9c0d1e21",
            mpnId: "873452",
            name: "Tailspin Resellers",
            location: "US",
            state: "active"
        ),
        .init(
            tenantId: "9c2b7e44-1a3d-4f5b-8c6d-2e3f4a5b6c32",
            mpnId: "517285",
            name: "Northwind Traders Reseller",
            location: "DE",
            state: "active"
        ),
        .init(
            tenantId: "b5a4c3d2-7e6f-4a1b-9c8d-0e1f2a3b4c43",
            mpnId: "5357563",
            name: "Litware Reseller",
            location: "US",
            state: "inactive"
        ),
        .init(
            tenantId: "d0e1f2a3-b4c5-4d6e-8f70-81a2b3c4d554",
            mpnId: "6121212",
            name: "Adatum Reseller",
            location: "FR",
            state: "active"
        ),
    ]

    /// The reseller `id` (tenant id or MPN id, case-insensitive) names, if the provider has a relationship with it.
    static func find(_ id: String, in state: EmulatorState) -> IndirectResellerRecord? {
        let key = id.lowercased()
        return state.indirectResellers.first { $0.tenantId.lowercased() == key || $0.mpnId == key }
    }

    /// The active reseller `id` names, or the service's error: the provider's own id or a reseller that is not
    /// active is 400 800016 "MPN ID is not a valid Indirect Reseller"; an id the provider has no relationship with
    /// is 404 800015 "MPN ID is not found" (error-codes.md; which of the two the service picks for an unrelated
    /// partner is not documented).
    static func authorize(_ id: String, in state: EmulatorState) throws -> IndirectResellerRecord {
        let trimmed = id.trimmingCharacters(in: .whitespaces)
        if trimmed == state.partner.partnerId || trimmed.lowercased() == state.partner.tenantId.lowercased() {
            throw PartnerCenterError(
                status: .badRequest,
                code: 800016,
                description: "MPN ID is not a valid Indirect Reseller",
                data: [trimmed]
            )
        }
        guard let reseller = find(trimmed, in: state) else {
            throw PartnerCenterError(
                status: .notFound,
                code: 800015,
                description: "MPN ID is not found",
                data: [trimmed]
            )
        }
        guard reseller.isActive else {
            throw PartnerCenterError(
                status: .badRequest,
                code: 800016,
                description: "MPN ID is not a valid Indirect Reseller",
                data: [trimmed]
            )
        }
        return reseller
    }

    /// A purchase's partners of record: each line's `partnerIdOnRecord` (an order line's, or a cart line's
    /// `transaction_reseller`) must be an active reseller's MPN id. Additional partners of record are counted
    /// (at most 5) but not looked up: they may name partners outside the provider's relationships (the documented
    /// order example lists ids the development partner has no relationship with).
    static func checkPartnersOnRecord(_ lines: [Purchase.Line], in state: EmulatorState) throws {
        for line in lines {
            if let partner = line.partnerIdOnRecord, !partner.isEmpty {
                let reseller = try authorize(partner, in: state)
                guard reseller.mpnId == partner.trimmingCharacters(in: .whitespaces) else {
                    // partnerIdOnRecord carries the MPN id, never the tenant id.
                    throw PartnerCenterError.invalidProperty("PartnerIdOnRecord")
                }
            }
            if (line.additionalPartnerIdsOnRecord ?? []).count > 5 {
                throw PartnerCenterError.invalidProperty("AdditionalPartnerIdsOnRecord")
            }
        }
    }

    /// The relationship request link for a customer of reseller `resellerId` (an indirect reseller's tenant or MPN
    /// id): the customer accepts the reseller and the provider at once (customers.md swagger: the `indirectResellerId`
    /// query parameter; the link's shape beyond the documented one is derived).
    static func relationshipRequestURL(provider: PartnerRecord, reseller: IndirectResellerRecord?) -> String {
        guard let reseller else {
            return "https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId="
                + "\(provider.partnerId)&msppId=0&DAP=false#/BillingAccounts/partner-invitation"
        }
        return "https://admin.microsoft.com/Adminportal/Home?invType=IndirectResellerRelationship&partnerId="
            + "\(reseller.tenantId)&msppId=0&indirectCSPId=\(provider.tenantId)&DAP=false"
            + "#/BillingAccounts/partner-invitation"
    }
}
