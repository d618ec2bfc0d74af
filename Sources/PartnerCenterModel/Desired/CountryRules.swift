/// Country rules the manifest loader and the planner share.
package enum CountryRules {
    /// ISO 3166-1 alpha-2 codes (officially assigned, 249 countries and territories), upper case.
    package static let isoAlpha2: Set<String> = [
        "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB",
        "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY",
        "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX",
        "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK",
        "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS",
        "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR",
        "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA",
        "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
        "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE",
        "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
        "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG",
        "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF",
        "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY",
        "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
    ]

    /// Countries where Partner Center requires `companyProfile.organizationRegistrationNumber` (INN) to create a
    /// customer (error 600049 when missing). Source: Partner Center "Create a customer" (companyProfile table) and
    /// the error-code reference; elsewhere the number is optional.
    package static let organizationRegistrationNumberRequired: Set<String> = [
        "AM",  // Armenia
        "AZ",  // Azerbaijan
        "BY",  // Belarus
        "HU",  // Hungary
        "KZ",  // Kazakhstan
        "KG",  // Kyrgyzstan
        "MD",  // Moldova
        "RU",  // Russia
        "TJ",  // Tajikistan
        "UZ",  // Uzbekistan
        "UA",  // Ukraine
        "BR",  // Brazil
        "IN",  // India
        "ZA",  // South Africa
        "PL",  // Poland
        "AE",  // United Arab Emirates
        "SA",  // Saudi Arabia
        "TR",  // Turkey
        "TH",  // Thailand
        "VN",  // Vietnam
        "MM",  // Myanmar (Burma)
        "IQ",  // Iraq
        "SS",  // South Sudan
        "VE",  // Venezuela
    ]

    /// Whether `code` is an ISO 3166-1 alpha-2 code (upper case as written).
    package static func isCountryCode(_ code: String) -> Bool { isoAlpha2.contains(code) }

    /// Whether a customer billed in `country` must give an organization registration number.
    package static func requiresOrganizationRegistrationNumber(country: String) -> Bool {
        organizationRegistrationNumberRequired.contains(country.uppercased())
    }
}
