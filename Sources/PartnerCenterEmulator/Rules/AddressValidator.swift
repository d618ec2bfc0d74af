import Foundation

/// The emulator's address check (validate-an-address.md): the country must be an ISO alpha-2 code; for US, CA,
/// CN and MX the state is checked against a list (the emulator lists US and CA; for CN and MX it only requires
/// one); a US postal code is 5 digits (+4); a first line without a premises number is `StreetPartial`.
enum AddressValidator {
    enum Outcome: Equatable {
        /// Required parts are missing or the country is unknown: the service rejects the request.
        case malformed(String)
        case verified(suggestion: Address)
        case partial(status: String, suggestion: Address, message: String)
        case none(message: String)
    }

    static func validate(_ address: Address) -> Outcome {
        func has(_ value: String?) -> Bool { !(value ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
        guard has(address.addressLine1) else { return .malformed("addressLine1") }
        guard has(address.city) else { return .malformed("city") }
        guard has(address.postalCode) else { return .malformed("postalCode") }
        guard let country = address.country?.uppercased(), countries.contains(country) else {
            return .malformed("country")
        }
        let state = (address.state ?? address.region ?? "").uppercased()
        switch country {
        case "US":
            guard usStates.contains(state) else { return .none(message: "Address field invalid for property: 'State'") }
        case "CA":
            guard caProvinces.contains(state) else {
                return .none(message: "Address field invalid for property: 'State'")
            }
        case "CN", "MX":
            guard !state.isEmpty else { return .none(message: "Address field invalid for property: 'State'") }
        default:
            break
        }
        let postal = address.postalCode ?? ""
        if country == "US", postal.wholeMatch(of: /[0-9]{5}(-[0-9]{4})?/) == nil {
            return .none(message: "Address field invalid for property: 'PostalCode'")
        }
        var suggestion = Address(
            country: country,
            city: address.city,
            state: address.state,
            addressLine1: address.addressLine1,
            addressLine2: address.addressLine2,
            postalCode: postal
        )
        if country == "US" && postal.count == 5 {
            suggestion.postalCode = postal + "-" + String(format: "%04d", abs(postal.hashValueStable) % 10_000)
        }
        let line = address.addressLine1 ?? ""
        let firstWord = line.split(separator: " ").first.map { $0.lowercased() } ?? ""
        guard line.first?.isNumber == true || numberWords.contains(firstWord) else {
            suggestion.addressLine1 = "1 " + line
            return .partial(
                status: "StreetPartial",
                suggestion: suggestion,
                message: "Address field invalid for property: 'Region', 'PostalCode', 'City'"
            )
        }
        return .verified(suggestion: suggestion)
    }

    /// "One Microsoft Way" names its premises too.
    private static let numberWords: Set<String> = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    ]

    private static let countries: Set<String> = Set(
        Locale.Region.isoRegions.map(\.identifier).filter { $0.count == 2 && $0.allSatisfy(\.isLetter) }
    )

    private static let usStates: Set<String> = [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
        "ME",
        "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR",
        "PA",
        "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP",
        "AA",
        "AE", "AP",
    ]

    private static let caProvinces: Set<String> = [
        "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT",
    ]
}

extension Address {
    init(
        country: String?,
        city: String?,
        state: String?,
        addressLine1: String?,
        addressLine2: String? = nil,
        postalCode: String?
    ) {
        self.init(
            country: country,
            region: nil,
            city: city,
            state: state,
            addressLine1: addressLine1,
            addressLine2: addressLine2,
            addressLine3: nil,
            postalCode: postalCode,
            firstName: nil,
            middleName: nil,
            lastName: nil,
            phoneNumber: nil
        )
    }
}

extension String {
    /// A hash that is the same on every run (Swift's `hashValue` is seeded per process).
    var hashValueStable: Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        return Int(truncatingIfNeeded: hash >> 1)
    }
}
