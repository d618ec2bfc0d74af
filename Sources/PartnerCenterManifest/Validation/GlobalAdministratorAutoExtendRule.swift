import PartnerCenterModel

/// A relationship that includes Global Administrator cannot be auto-extended: autoExtend must be PT0S or P0D.
enum GlobalAdministratorAutoExtendRule {
    static func check(_ customer: RawCustomer, into diagnostics: inout [Diagnostic]) {
        guard let gdap = customer.gdap, gdap.enabled?.value != false, let autoExtend = gdap.autoExtend,
            autoExtend.value == "P180D",
            let globalAdministrator = gdap.roles?.value.first(where: {
                EntraBuiltInRoles.role(nameOrID: $0.value)?.id == EntraBuiltInRoles.globalAdministratorID
            })
        else { return }
        diagnostics.append(
            ManifestMessage.globalAdministratorAutoExtend(
                customer: customer.domain?.value ?? "the customer",
                at: autoExtend.location,
                roles: globalAdministrator.location
            )
        )
    }
}
