/// Accepted drift: `ignore:` entries suppress exactly the named drift until their expiry.
package struct IgnoreRule: Sendable, Hashable, Codable {
    /// The customer's domain (lower-cased).
    package var customer: String
    /// A path below the customer's address, as plans print it:
    /// `subscriptions[m365-basic-hq].quantity`, `billing.email`, `spendingBudget`, `gdap.autoExtend`.
    package var path: String
    package var reason: String
    /// Last day (inclusive, UTC) the entry applies; nil: no expiry.
    package var until: CalendarDate?
    package var location: SourceLocation?

    package init(
        customer: String,
        path: String,
        reason: String,
        until: CalendarDate? = nil,
        location: SourceLocation? = nil
    ) {
        self.customer = customer
        self.path = path
        self.reason = reason
        self.until = until
        self.location = location
    }
}

/// A day without a time zone (`2027-06-30`), as manifests write expiries.
package struct CalendarDate: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    package var year: Int
    package var month: Int
    package var day: Int

    package init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, checking the day exists in that month (leap years included).
    package init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), d >= 1, d <= CalendarDate.daysIn(month: m, year: y)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    package var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Whether this is a placeholder rather than a day: Partner Center writes `9999-12-…` as the "end" of
    /// subscriptions without one (legacy and usage-based offers, NCE-31: "a date far, far away in the future")
    /// and `0001-01-01` for an unset .NET date. Never shown as a date a user should act on.
    package var isPlaceholder: Bool { year >= 9999 || year <= 1 }

    package static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected YYYY-MM-DD, got \(text)")
        }
        self = date
    }
}
