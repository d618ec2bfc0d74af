import PartnerCenterModel

/// Syntax checks for manifest values, written without regular expressions (fast on large trees).
enum Formats {
    static let domainSuffix = ".onmicrosoft.com"
    /// The longest prefix accepted: a DNS label. Partner Center documents no shorter limit in the references.
    static let maximumDomainPrefix = 63

    /// `<prefix>.onmicrosoft.com`: the prefix is ASCII letters and digits only. Initial tenant names cannot hold
    /// hyphens or dots (SharePoint derives `<prefix>-my` and `<prefix>-admin` host names from it).
    static func isDomain(_ text: String) -> Bool {
        let lower = text.lowercased()
        guard lower.hasSuffix(domainSuffix) else { return false }
        let prefix = lower.utf8.dropLast(domainSuffix.utf8.count)
        return !prefix.isEmpty && prefix.count <= maximumDomainPrefix
            && prefix.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    static func isGUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == 0x2D else { return false }
            } else {
                guard (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
                else { return false }
            }
        }
        return true
    }

    /// A practical e-mail check: `local@domain.tld`, no spaces, at most 254 characters.
    static func isEmail(_ text: String) -> Bool {
        guard text.utf8.count <= 254 else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let localAllowed = { (c: Character) in
            c.isASCII && (c.isLetter || c.isNumber || "!#$%&'*+-/=?^_`{|}~.".contains(c))
        }
        guard parts[0].allSatisfy(localAllowed), !parts[0].hasPrefix("."), !parts[0].hasSuffix(".") else {
            return false
        }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard !label.isEmpty, label.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-"),
                label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
            else { return false }
        }
        return labels.last.map { $0.count >= 2 && $0.allSatisfy { $0.isLetter } } ?? false
    }

    /// `ll-CC`: a two-letter lower-case language and an ISO 3166-1 country, such as `en-US`.
    static func isCulture(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, isLanguage(String(parts[0])) else { return false }
        return CountryRules.isCountryCode(String(parts[1]))
    }

    /// A two-letter ISO 639-1 language code, lower case (`en`, `fr`), as Partner Center takes it.
    static func isLanguage(_ text: String) -> Bool {
        text.utf8.count == 2 && text.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
    }

    /// `PRODUCT:SKU` as the new-commerce catalog writes it: a 12-character product id and a 4-character SKU id.
    static func isOffer(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        let alphanumeric = { (part: Substring) in part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
        return parts.count == 2 && parts[0].count == 12 && parts[1].count == 4 && alphanumeric(parts[0])
            && alphanumeric(parts[1])
    }

    /// The number of days an ISO 8601 date duration spans (`P730D`, `P2Y`, `P1Y6M`, `P4W`), counting a year as
    /// 365 days and a month as 30; nil when `text` is not such a duration. Time parts are not accepted except
    /// the zero duration `PT0S`.
    static func days(inDuration text: String) -> Int? {
        if text == "PT0S" { return 0 }
        guard text.hasPrefix("P"), text.count > 1, text.count <= 24 else { return nil }
        var total = 0
        var number = ""
        var lastUnitRank = -1
        let units: [Character: (rank: Int, days: Int)] = ["Y": (0, 365), "M": (1, 30), "W": (2, 7), "D": (3, 1)]
        for character in text.dropFirst() {
            if character.isASCII, character.isNumber {
                number.append(character)
            } else if let unit = units[character], !number.isEmpty, unit.rank > lastUnitRank, let value = Int(number),
                value <= 100_000
            {
                total += value * unit.days
                lastUnitRank = unit.rank
                number = ""
            } else {
                return nil
            }
        }
        return number.isEmpty ? total : nil
    }
}
