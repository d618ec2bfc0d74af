import Foundation

/// Where the estate's customers are: a country with addresses the emulator's `AddressValidator` verifies (a
/// premises number first, a listed state where the country needs one, a 5-digit US postal code), the culture and
/// language its billing profile uses, and what `CustomerCreation` requires there (a registration number, a phone).
struct EstateCountry {
    var code: String
    var culture: String
    var language: String
    /// Company-name suffix (legal form).
    var legalForm: String
    /// (city, state or nil, street without number, postal code).
    var places: [(city: String, state: String?, street: String, postalCode: String)]
    /// An organization registration number, for the countries that need one.
    var registration: String?
    var phone: String?

    /// Weighted towards the partner's home market, as real estates are.
    static let all: [(weight: Double, country: EstateCountry)] = [
        (
            30,
            EstateCountry(
                code: "US",
                culture: "en-US",
                language: "en",
                legalForm: "Inc.",
                places: [
                    ("Redmond", "WA", "Microsoft Way", "98052"), ("Austin", "TX", "Congress Avenue", "78701"),
                    ("New York", "NY", "West 42nd Street", "10036"), ("Chicago", "IL", "North Wacker Drive", "60606"),
                ]
            )
        ),
        (
            8,
            EstateCountry(
                code: "CA",
                culture: "en-CA",
                language: "en",
                legalForm: "Ltd.",
                places: [
                    ("Toronto", "ON", "Bay Street", "M5J 2T3"),
                    ("Montréal", "QC", "Rue Sainte-Catherine Ouest", "H3B 1B1"),
                ]
            )
        ),
        (
            10,
            EstateCountry(
                code: "GB",
                culture: "en-GB",
                language: "en",
                legalForm: "Ltd",
                places: [
                    ("London", nil, "Kingdom Street", "W2 6BD"), ("Reading", nil, "Thames Valley Park", "RG6 1WG"),
                ]
            )
        ),
        (
            9,
            EstateCountry(
                code: "DE",
                culture: "de-DE",
                language: "de",
                legalForm: "GmbH",
                places: [
                    ("München", nil, "Walter-Gropius-Straße", "80807"), ("Berlin", nil, "Unter den Linden", "10117"),
                ]
            )
        ),
        (
            6,
            EstateCountry(
                code: "FR",
                culture: "fr-FR",
                language: "fr",
                legalForm: "SAS",
                places: [
                    ("Issy-les-Moulineaux", nil, "Quai du Président Roosevelt", "92130")
                ]
            )
        ),
        (
            5,
            EstateCountry(
                code: "NL",
                culture: "nl-NL",
                language: "nl",
                legalForm: "B.V.",
                places: [
                    ("Amsterdam", nil, "Evert van de Beekstraat", "1118 CL")
                ]
            )
        ),
        (
            5,
            EstateCountry(
                code: "AU",
                culture: "en-AU",
                language: "en",
                legalForm: "Pty Ltd",
                places: [
                    ("Sydney", "NSW", "Epping Road", "2113"), ("Melbourne", "VIC", "Collins Street", "3000"),
                ]
            )
        ),
        (
            3,
            EstateCountry(
                code: "JP",
                culture: "ja-JP",
                language: "ja",
                legalForm: "K.K.",
                places: [
                    ("Tokyo", nil, "Konan", "108-0075")
                ]
            )
        ),
        (
            4,
            EstateCountry(
                code: "IN",
                culture: "en-IN",
                language: "en",
                legalForm: "Pvt Ltd",
                places: [
                    ("Bengaluru", "KA", "Lavelle Road", "560001"), ("Hyderabad", "TS", "Gachibowli", "500032"),
                ],
                registration: "U72200KA2004PTC033985"
            )
        ),
        (
            3,
            EstateCountry(
                code: "BR",
                culture: "pt-BR",
                language: "pt",
                legalForm: "Ltda",
                places: [
                    ("São Paulo", "SP", "Avenida Presidente Juscelino Kubitschek", "04543-907")
                ],
                registration: "04712500000107"
            )
        ),
        (
            3,
            EstateCountry(
                code: "PL",
                culture: "pl-PL",
                language: "pl",
                legalForm: "Sp. z o.o.",
                places: [
                    ("Warszawa", nil, "Aleje Jerozolimskie", "02-222")
                ],
                registration: "5272102834"
            )
        ),
        (
            2,
            EstateCountry(
                code: "HU",
                culture: "hu-HU",
                language: "hu",
                legalForm: "Kft.",
                places: [
                    ("Budapest", nil, "Neumann János utca", "1117")
                ],
                registration: "01-09-262202",
                phone: "+36 1 437 2800"
            )
        ),
        (
            3,
            EstateCountry(
                code: "MX",
                culture: "es-MX",
                language: "es",
                legalForm: "S.A. de C.V.",
                places: [
                    ("Ciudad de México", "CDMX", "Paseo de los Tamarindos", "05120")
                ]
            )
        ),
        (
            4,
            EstateCountry(
                code: "ES",
                culture: "es-ES",
                language: "es",
                legalForm: "S.L.",
                places: [
                    ("Madrid", nil, "Paseo del Club Deportivo", "28223")
                ]
            )
        ),
        (
            3,
            EstateCountry(
                code: "SE",
                culture: "sv-SE",
                language: "sv",
                legalForm: "AB",
                places: [
                    ("Stockholm", nil, "Kungsgatan", "111 43")
                ]
            )
        ),
        (
            2,
            EstateCountry(
                code: "ZA",
                culture: "en-ZA",
                language: "en",
                legalForm: "(Pty) Ltd",
                places: [
                    ("Johannesburg", nil, "William Nicol Drive", "2191")
                ],
                registration: "2000/123456/07"
            )
        ),
    ]

    static let weights = all.map(\.weight)
}

/// The words the estate's company and contact names are made of.
enum EstateNames {
    static let firstWords = [
        "Northwind", "Fabrikam", "Contoso", "Tailspin", "Adatum", "Litware", "Proseware", "Wingtip", "Alpine Ski",
        "Blue Yonder", "Coho", "Fourth Coffee", "Lucerne", "Margie's", "Relecloud", "Trey", "Wide World",
        "Woodgrove", "Humongous", "Graphic Design", "Southridge", "Lamna", "VanArsdel", "Bellows",
    ]
    static let secondWords = [
        "Traders", "Toys", "Airlines", "Bank", "Winery", "Publishing", "Labs", "Consulting", "Logistics", "Health",
        "Foods", "Systems", "Travel", "Insurance", "Energy", "Studios",
    ]
    static let givenNames = ["Gena", "Ray", "Ana", "Kenji", "Priya", "Lars", "Chloé", "Mateus", "Zsófia", "Noah"]
    static let familyNames = ["Soto", "Chen", "Müller", "Okafor", "Kowalski", "Sato", "Dubois", "Silva", "Nagy"]

    /// Lower-case ASCII letters and digits only: the domain label and e-mail local part of a name.
    static func slug(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en"))
        return String(
            folded.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        )
    }
}
