import Foundation
import PartnerCenterModel

extension ExportCustomer {
    /// With `--with-billing`: the company name and the billing profile's fields a manifest accepts as they are;
    /// a field it would reject is left out (and said so), so validate passes and the plan compares only the rest.
    mutating func describeBilling(_ record: ExportRecord) {
        guard let billing = record.billing else { return }
        let profile: LiveBillingProfile
        switch billing {
        case .known(let value): profile = value
        case .unknown(let read):
            unknown.append("billing profile: \(read.reason)")
            return
        }
        if let name = profile.companyName, !name.trimmingCharacters(in: .whitespaces).isEmpty {
            companyName = name
        }
        var result = Billing()
        func keep(_ value: String?, _ label: String, _ valid: (String) -> Bool) -> String? {
            guard let value, !value.isEmpty else { return nil }
            guard valid(value) else {
                leftOut.append("billing \(label) \(YAMLText.quoted(value)): a manifest would reject it")
                return nil
            }
            return value
        }
        result.email = keep(profile.email, "e-mail", Self.isEmail)
        result.culture = keep(profile.culture, "culture", Self.isCulture)
        result.language = keep(profile.language, "language", Self.isLanguage)
        if let address = profile.address {
            result.address = addressFields(address, registrationNumber: record.organizationRegistrationNumber)
        }
        if result.email != nil || result.culture != nil || result.language != nil || !result.address.isEmpty {
            self.billing = result
        }
    }

    private mutating func addressFields(
        _ address: PostalAddress,
        registrationNumber: String?
    ) -> [(key: String, value: String)] {
        let fields: [(String, String?)] = [
            ("firstName", address.firstName), ("lastName", address.lastName), ("addressLine1", address.addressLine1),
            ("addressLine2", address.addressLine2), ("addressLine3", address.addressLine3), ("city", address.city),
            ("state", address.state), ("postalCode", address.postalCode), ("country", address.country?.uppercased()),
            ("region", address.region), ("district", address.district), ("phoneNumber", address.phoneNumber),
        ]
        let present = fields.compactMap { key, value in
            value.flatMap { $0.isEmpty ? nil : (key: key, value: $0) }
        }
        let country = address.country?.uppercased() ?? ""
        let complete = ["addressLine1", "city"].allSatisfy { key in present.contains { $0.key == key } }
        guard complete, CountryRules.isCountryCode(country) else {
            leftOut.append("billing address: incomplete (a manifest address needs addressLine1, city and a country)")
            return []
        }
        if CountryRules.requiresOrganizationRegistrationNumber(country: country) {
            guard let number = registrationNumber, !number.isEmpty else {
                leftOut.append(
                    "billing address: \(country) needs an organization registration number, and none was read"
                )
                return []
            }
            organizationRegistrationNumber = number
        }
        return present
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, text.utf8.count <= 254, text.allSatisfy(\.isASCII) else {
            return false
        }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let top = labels.last, top.count >= 2, top.allSatisfy(\.isLetter) else { return false }
        let localSymbols = Set("!#$%&'*+-/=?^_`{|}~.")
        return parts[0].allSatisfy { $0.isLetter || $0.isNumber || localSymbols.contains($0) }
            && parts[0].first != "." && parts[0].last != "."
            && labels.allSatisfy { label in
                !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                    && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
            }
    }

    static func isCulture(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && isLanguage(String(parts[0])) && CountryRules.isCountryCode(String(parts[1]))
    }

    static func isLanguage(_ text: String) -> Bool {
        text.utf8.count == 2 && text.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
    }
}
