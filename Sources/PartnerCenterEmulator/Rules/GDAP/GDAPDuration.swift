import Foundation

/// An `Edm.Duration` as Graph handles it: the service parses the ISO 8601 text into a .NET `TimeSpan` (XmlConvert:
/// a year is 365 days, a month 30 days) and serialises it back in days/hours/minutes/seconds, so `P2Y` reads back as
/// `P730D` and `P0D` as `PT0S`. The references only show `P730D`, `P180D`, `P31D`, `P30D`, `PT0S` echoed back, which
/// this round trip preserves.
package struct GDAPDuration: Codable, Sendable, Equatable, Hashable {
    package var seconds: Int64

    package init(seconds: Int64) { self.seconds = seconds }

    package static let zero = GDAPDuration(seconds: 0)
    package static let oneDay = GDAPDuration(seconds: 86_400)
    package static let twoYears = GDAPDuration(seconds: 730 * 86_400)
    /// The only non-zero `autoExtendDuration`: six months, 180 days.
    package static let autoExtend = GDAPDuration(seconds: 180 * 86_400)

    /// Parses `[-]PnYnMnDTnHnMnS` (fractions of seconds are dropped). Returns nil for anything else, including weeks,
    /// which `Edm.Duration` does not allow.
    package init?(iso8601 text: String) {
        var rest = Substring(text)
        guard rest.first == "P" else { return nil }
        rest = rest.dropFirst()
        var total: Int64 = 0
        var inTime = false
        var sawComponent = false
        var sawTimeComponent = false
        var number = ""
        for character in rest {
            if character.isASCII, character.isNumber || character == "." {
                number.append(character)
                continue
            }
            if character == "T" {
                guard !inTime, number.isEmpty else { return nil }
                inTime = true
                continue
            }
            guard !number.isEmpty, let value = Double(number), value.isFinite, value < 1e9 else { return nil }
            let unit: Double
            switch (character, inTime) {
            case ("Y", false): unit = 365 * 86_400
            case ("M", false): unit = 30 * 86_400
            case ("D", false): unit = 86_400
            case ("H", true): unit = 3_600
            case ("M", true): unit = 60
            case ("S", true): unit = 1
            default: return nil
            }
            total += Int64((value * unit).rounded(.down))
            number = ""
            sawComponent = true
            sawTimeComponent = sawTimeComponent || inTime
        }
        guard sawComponent, number.isEmpty, !inTime || sawTimeComponent else { return nil }
        seconds = total
    }

    /// The `TimeSpan` serialisation: `P730D`, `P1DT2H`, `PT0S`.
    package var iso8601: String {
        if seconds == 0 { return "PT0S" }
        let days = seconds / 86_400
        let hours = seconds % 86_400 / 3_600
        let minutes = seconds % 3_600 / 60
        let secs = seconds % 60
        var text = "P"
        if days > 0 { text += "\(days)D" }
        if hours > 0 || minutes > 0 || secs > 0 {
            text += "T"
            if hours > 0 { text += "\(hours)H" }
            if minutes > 0 { text += "\(minutes)M" }
            if secs > 0 { text += "\(secs)S" }
        }
        return text
    }

    var timeInterval: TimeInterval { TimeInterval(seconds) }
}
