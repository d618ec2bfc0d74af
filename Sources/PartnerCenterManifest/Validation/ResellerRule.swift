import PartnerCenterModel

/// The indirect model (issue 17): `reseller` on a customer or in `defaults`, and `partnerOfRecord` on a
/// subscription, name an indirect reseller of the partner (acting as an indirect provider) by its MPN id (Partner
/// ID, digits) or its Entra tenant id (a GUID). Which of the two the API needs is the planner's business: it reads
/// the provider's resellers (`GET /v1/relationships`) and uses the tenant id for `associatedPartnerId` and the MPN
/// id for the partner of record.
enum ResellerRule {
    static let expected = "an indirect reseller's MPN id (5 to 10 digits, such as 5357564) or its tenant id (a GUID)"

    /// True for an MPN id (5 to 10 ASCII digits) or a GUID.
    static func isPartnerID(_ text: String) -> Bool {
        let bytes = text.utf8
        if (5...10).contains(bytes.count) && bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return true }
        return Formats.isGUID(text)
    }

    static func check(_ value: Located<String>, _ path: String, into diagnostics: inout [Diagnostic]) {
        guard !isPartnerID(value.value) else { return }
        diagnostics.append(ManifestMessage.invalidFormat(path, value.value, expected: expected, at: value.location))
    }

    /// The formats written on one customer and its subscriptions.
    static func check(_ customer: RawCustomer, into diagnostics: inout [Diagnostic]) {
        if let reseller = customer.reseller { check(reseller, "reseller", into: &diagnostics) }
        for subscription in customer.subscriptions {
            if let partner = subscription.partnerOfRecord { check(partner, "partnerOfRecord", into: &diagnostics) }
            if let additional = subscription.additionalPartnersOfRecord {
                checkAdditional(additional, into: &diagnostics)
            }
        }
    }

    /// `additionalPartnersOfRecord`: MPN ids only (the cart participant carries an MPN id), at most 5
    /// (orders-and-carts.md, `additional_transaction_reseller`).
    static func checkAdditional(_ list: LocatedList, into diagnostics: inout [Diagnostic]) {
        if list.value.count > 5 {
            diagnostics.append(
                ManifestMessage.outOfRange(
                    "additionalPartnersOfRecord",
                    "\(list.value.count) partners",
                    range: "at most 5 (Partner Center's limit for additional_transaction_reseller)",
                    at: list.location
                )
            )
        }
        for item in list.value {
            let bytes = item.value.utf8
            guard !(5...10).contains(bytes.count) || !bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { continue }
            diagnostics.append(
                ManifestMessage.invalidFormat(
                    "additionalPartnersOfRecord",
                    item.value,
                    expected: "an indirect reseller's MPN id (5 to 10 digits)",
                    at: item.location
                )
            )
        }
    }

    /// `defaults.reseller` for a customer that names none (its location stays in the defaults block).
    static func inherit(_ customer: inout RawCustomer, from defaults: RawDefaults?) {
        guard !customer.isAbsent, customer.reseller == nil, let reseller = defaults?.reseller else { return }
        customer.reseller = reseller
    }
}
