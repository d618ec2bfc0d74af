import Foundation
import PartnerCenterModel

/// Syntax checks for manifest values, on UTF-8 bytes and without regular expressions (fast on large trees).
enum Formats {
    static let domainSuffix = ".onmicrosoft.com"
    /// The longest prefix accepted: a DNS label. Partner Center documents no shorter limit in the references.
    static let maximumDomainPrefix = 63

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }

    /// `<prefix>.onmicrosoft.com` in any case: the prefix is ASCII letters and digits only. Initial tenant names
    /// cannot hold hyphens or dots (SharePoint derives `<prefix>-my` and `<prefix>-admin` host names from it).
    static func isDomain(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let suffix = Array(domainSuffix.utf8)
        guard bytes.count > suffix.count, bytes.count - suffix.count <= maximumDomainPrefix else { return false }
        let prefixCount = bytes.count - suffix.count
        for (offset, expected) in suffix.enumerated() {
            let byte = bytes[prefixCount + offset]
            guard byte == expected || (isLetter(byte) && byte | 0x20 == expected) else { return false }
        }
        return bytes[..<prefixCount].allSatisfy(isAlphanumeric)
    }

    /// True when `text` is empty or only whitespace (`CharacterSet.whitespaces`: spaces, tabs, other Unicode
    /// space separators). Decided on the bytes when an ASCII character other than space or tab shows it is not
    /// blank (every ordinary value); Foundation decides the rest.
    static func isBlank(_ text: String) -> Bool {
        var onlySpaces = true
        for byte in text.utf8 where byte != 0x20 && byte != 0x09 {
            if byte < 0x80 { return false }
            onlySpaces = false
        }
        return onlySpaces || text.trimmingCharacters(in: .whitespaces).isEmpty
    }

    static func isGUID(_ text: String) -> Bool {
        guard text.utf8.count == 36 else { return false }
        for (index, byte) in text.utf8.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == 0x2D else { return false }
            } else {
                guard isDigit(byte) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66) else { return false }
            }
        }
        return true
    }

    /// A practical e-mail check: `local@domain.tld`, ASCII, no spaces, at most 254 characters; the domain has
    /// at least two labels of letters, digits and inner hyphens, and a top-level label of two or more letters.
    static func isEmail(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count <= 254, let at = bytes.firstIndex(of: 0x40), at > 0, at <= 64 else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        let localSymbols = Array("!#$%&'*+-/=?^_`{|}~.".utf8)
        guard local.allSatisfy({ isAlphanumeric($0) || localSymbols.contains($0) }), local.first != 0x2E,
            local.last != 0x2E
        else { return false }
        let labels = domain.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard !label.isEmpty, label.count <= 63, label.first != 0x2D, label.last != 0x2D,
                label.allSatisfy({ isAlphanumeric($0) || $0 == 0x2D })
            else { return false }
        }
        return labels.last.map { $0.count >= 2 && $0.allSatisfy(isLetter) } ?? false
    }

    /// `ll-CC`: a two-letter lower-case language and an ISO 3166-1 country, such as `en-US`.
    static func isCulture(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == 0x2D, isLanguage(String(decoding: bytes[0..<2], as: UTF8.self)) else {
            return false
        }
        return CountryRules.isCountryCode(String(decoding: bytes[3..<5], as: UTF8.self))
    }

    /// A two-letter ISO 639-1 language code, lower case (`en`, `fr`), as Partner Center takes it.
    static func isLanguage(_ text: String) -> Bool {
        text.utf8.count == 2 && text.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
    }

    /// `PRODUCT:SKU` as the new-commerce catalog writes it: a 12-character product id and a 4-character SKU id.
    static func isOffer(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 17, bytes[12] == 0x3A else { return false }
        return bytes[..<12].allSatisfy(isAlphanumeric) && bytes[13...].allSatisfy(isAlphanumeric)
    }

    /// The number of days an ISO 8601 date duration spans (`P730D`, `P2Y`, `P1Y6M`, `P4W`), counting a year as
    /// 365 days and a month as 30; nil when `text` is not such a duration. Time parts are not accepted except
    /// the zero duration `PT0S`.
    static func days(inDuration text: String) -> Int? {
        if text == "PT0S" { return 0 }
        let bytes = Array(text.utf8)
        guard bytes.count > 1, bytes.count <= 24, bytes[0] == 0x50 else { return nil }
        var total = 0
        var number: Int? = nil
        var lastUnitRank = -1
        for byte in bytes.dropFirst() {
            if isDigit(byte) {
                let value = (number ?? 0) * 10 + Int(byte - 0x30)
                guard value <= 100_000 else { return nil }
                number = value
                continue
            }
            let unit: (rank: Int, days: Int)
            switch byte {
            case 0x59: unit = (0, 365)  // Y
            case 0x4D: unit = (1, 30)  // M
            case 0x57: unit = (2, 7)  // W
            case 0x44: unit = (3, 1)  // D
            default: return nil
            }
            guard let value = number, unit.rank > lastUnitRank else { return nil }
            total += value * unit.days
            lastUnitRank = unit.rank
            number = nil
        }
        return number == nil ? total : nil
    }
}
