package import Foundation

/// The partner types whose default GDAP role sets are documented (default-gdap.md §4).
package enum GDAPPartnerType: String, Codable, Sendable {
    case directBill, indirectProvider, indirectReseller, domainPartner, controlPanelVendor, advisor

    /// Directory Readers/Writers, License, Service Support, User, Privileged Role, Helpdesk, Privileged
    /// Authentication Administrator, Global Reader; plus Cloud Application and Application Administrator except for
    /// indirect resellers; plus External Identity Provider and Domain Name Administrator for domain partners.
    /// Never Global Administrator.
    package var defaultRoles: [String] {
        let common = [
            "88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "9360feb5-f418-4baa-8175-e2a00bac4301",
            "4d6ac14f-3453-41d0-bef9-a3e0c569773a", "f023fd81-a637-4b56-95fd-791ac0226033",
            "fe930be7-5e62-47db-91af-98c3a49a38b1", "e8611ab8-c189-46e8-94e1-60213ab1f814",
            "729827e3-9c14-49f7-bb1b-9608f156bbb8", "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
        ]
        let applications = ["158c047a-c907-4556-b7ef-446551a6b5f7", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"]
        let globalReader = ["f2ef992c-3afb-46b9-b7cf-a126ee74c451"]
        let domain = ["be2f45a1-457d-42af-a067-6ec1fa63bc45", "8329153b-31d0-4727-b945-745eb3bc5f31"]
        switch self {
        case .directBill, .indirectProvider, .controlPanelVendor: return common + applications + globalReader
        case .indirectReseller: return common + globalReader
        case .domainPartner: return common + applications + globalReader + domain
        case .advisor: return []
        }
    }
}

extension GraphState {
    /// The default GDAP relationship Partner Center creates with a new customer (`enableGDAPByDefault` true or
    /// omitted): active at once without customer action, no access assignments. Name, duration and auto-extend are
    /// undocumented; the emulator uses `Default_{partner[0:8]}_{customer[0:8]}_{8 digits}` (by analogy with MLT
    /// names), P730D (the maximum, the portal's default) and PT0S (Graph's default). Nil for advisors (no roles).
    package mutating func createDefaultRelationship(
        customerTenantId: String,
        customerName: String?,
        partnerTenantId: String,
        partnerType: GDAPPartnerType = .directBill,
        now: Date,
        newID: () -> String
    ) -> GDAPRelationship? {
        let roles = partnerType.defaultRoles
        guard !roles.isEmpty else { return nil }
        advance(to: now)
        let tenant = customerTenantId.lowercased()
        let guid = newID()
        let digits = String(guid.filter(\.isNumber).prefix(8)).padding(toLength: 8, withPad: "0", startingAt: 0)
        let id = "\(tenant)-\(guid)"
        let activated = GDAPRelationship(
            id: id,
            displayName: "Default_\(partnerTenantId.prefix(8))_\(tenant.prefix(8))_\(digits)",
            duration: .twoYears,
            autoExtendDuration: .zero,
            customer: GDAPCustomer(tenantId: tenant, displayName: customerName),
            roles: roles,
            status: .active,
            createdDateTime: now,
            lastModifiedDateTime: now,
            activatedDateTime: now,
            endDateTime: now.addingTimeInterval(GDAPDuration.twoYears.timeInterval),
            statusChangedDateTime: now,
            etag: nextETag(for: id),
            ordinal: sequence
        )
        store(activated)
        return activated
    }
}
