import Foundation
import PartnerCenterModel

/// The planner's working state for one run: the inputs every kind planner reads and the plan parts they add to.
struct PlanningContext {
    let live: LiveState
    /// `live.observedAt`: the instant every time rule is judged at.
    let now: Date
    /// `now` as a UTC calendar day (for `ignore` expiries, which are inclusive days).
    let today: CalendarDate
    let ignores: [IgnoreRule]
    let options: PlanningOptions

    var changes: [Change] = []
    var notes: [PlanNote] = []
    var unknowns: [PlanUnknown] = []
    var fingerprints: [String: String] = [:]

    /// `customers`: how many customers this context will plan (by default every customer looked up).
    init(live: LiveState, ignores: [IgnoreRule], options: PlanningOptions, customers: Int? = nil) {
        self.live = live
        self.now = live.observedAt
        self.today = CalendarDate(utcDayOf: live.observedAt)
        self.ignores = ignores
        self.options = options
        // About a dozen fingerprinted objects per customer: growing the table step by step cost more than filling it.
        fingerprints.reserveCapacity((customers ?? live.customers.count) * 12)
    }

    /// What planning added: the part of a plan one context made.
    struct Output: Sendable {
        var changes: [Change]
        var notes: [PlanNote]
        var unknowns: [PlanUnknown]
        var fingerprints: [String: String]
    }

    var output: Output { Output(changes: changes, notes: notes, unknowns: unknowns, fingerprints: fingerprints) }

    /// Adds what another context planned (for other customers) after what this one has.
    mutating func join(_ part: Output) {
        changes += part.changes
        notes += part.notes
        unknowns += part.unknowns
        fingerprints.merge(part.fingerprints) { _, other in other }
    }

    mutating func add(_ change: Change) { changes.append(change) }

    mutating func note(_ kind: PlanNote.Kind, _ severity: PlanNote.Severity, _ address: String, _ message: String) {
        notes.append(PlanNote(kind: kind, severity: severity, address: address, message: message))
    }

    mutating func unknown(_ address: String, _ read: UnknownRead) {
        unknowns.append(PlanUnknown(address: address, reason: read.reason))
    }

    mutating func fingerprint(_ address: String, etag: String?, fields: [String]) {
        if let etag, !etag.isEmpty {
            fingerprints[address] = "etag:" + etag
        } else {
            fingerprints[address] = Fingerprint.digest(fields)
        }
    }

    /// Drops the diffs an unexpired `ignore` entry names (noting each use) and reports whether any were dropped.
    /// An entry names a diff when its path is the diff's path or a parent of it (`billing.address` names
    /// `billing.address.city`; `subscriptions[x]` names every attribute of that subscription).
    mutating func filterIgnored(
        domain: String,
        address: String,
        diffs: [AttributeDiff]
    ) -> (
        kept: [AttributeDiff], ignored: Bool
    ) {
        var kept: [AttributeDiff] = []
        var ignored = false
        for diff in diffs {
            let rule = ignores.first { rule in
                rule.customer.caseInsensitiveCompare(domain) == .orderedSame && Self.path(rule.path, names: diff.path)
                    && rule.until.map { today <= $0 } ?? true
            }
            if let rule {
                ignored = true
                let until = rule.until.map { " until \($0)" } ?? ""
                note(
                    .driftIgnored,
                    .info,
                    address,
                    "\(diff.path): drift accepted\(until) (\(rule.reason)): live \(diff.before?.planText ?? "none"), "
                        + "manifest \(diff.after?.planText ?? "none")"
                )
            } else {
                kept.append(diff)
            }
        }
        return (kept, ignored)
    }

    /// Whether an unexpired `ignore` entry names a whole object (`subscriptions[x]`): its purchase or removal is
    /// accepted drift too. Notes the use.
    mutating func ignoresObject(domain: String, address: String, path: String, drift: String) -> Bool {
        guard
            let rule = ignores.first(where: { rule in
                rule.customer.caseInsensitiveCompare(domain) == .orderedSame && rule.path == path
                    && rule.until.map { today <= $0 } ?? true
            })
        else { return false }
        let until = rule.until.map { " until \($0)" } ?? ""
        note(.driftIgnored, .info, address, "\(path): drift accepted\(until) (\(rule.reason)): \(drift)")
        return true
    }

    static func path(_ rulePath: String, names diffPath: String) -> Bool {
        diffPath == rulePath || diffPath.hasPrefix(rulePath + ".") || diffPath.hasPrefix(rulePath + "[")
    }

    /// Warns about every expired `ignore` entry: the drift it named counts again.
    mutating func noteExpiredIgnores() {
        for rule in ignores {
            guard let until = rule.until, until < today else { continue }
            let at = rule.location.map { " (\($0))" } ?? ""
            note(
                .ignoreExpired,
                .warning,
                PlanAddress.customer(rule.customer.lowercased()),
                "ignore entry for \(rule.path) expired on \(until)\(at): its drift counts again"
            )
        }
    }
}

/// Accumulates the attributes a change compares: the diffs and how many already match.
struct AttributeComparison {
    var diffs: [AttributeDiff] = []
    var unchanged = 0

    /// Compares one attribute; a nil `desired` means the manifest does not manage it (not counted).
    mutating func compare(
        _ path: @autoclosure () -> String,
        name: @autoclosure () -> String,
        live: JSONValue?,
        desired: JSONValue?,
        caseInsensitive: Bool = false
    ) {
        guard let desired else { return }
        let same: Bool
        if caseInsensitive, case .string(let l) = live, case .string(let d) = desired {
            same = Self.equalIgnoringCase(l, d)
        } else {
            same = (live ?? .null) == desired
        }
        if same {
            unchanged += 1
        } else {
            diffs.append(AttributeDiff(path: path(), name: name(), before: live ?? .null, after: desired))
        }
    }

    func contains(path: String) -> Bool { diffs.contains { $0.path == path } }

    /// ASCII case folding is all these fields need (e-mail, culture, language, country, ISO durations), and
    /// Foundation's `caseInsensitiveCompare` is slow in a 10,000-customer plan.
    static func equalIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        func fold(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte + 32 : byte }
        return lhs.utf8.count == rhs.utf8.count && zip(lhs.utf8, rhs.utf8).allSatisfy { fold($0) == fold($1) }
    }
}

extension CalendarDate {
    /// The UTC day of an instant.
    init(utcDayOf date: Date) {
        let parts = Calendar.utc.dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// The day `days` later (negative: earlier).
    func adding(days: Int) -> CalendarDate {
        let start =
            Calendar.utc.date(from: DateComponents(year: year, month: month, day: day))
            ?? Date(timeIntervalSince1970: 0)
        return CalendarDate(utcDayOf: start.addingTimeInterval(TimeInterval(days) * 86_400))
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()
}

extension Date {
    /// `2026-11-21T19:00:00Z`: how plans print instants in messages.
    var iso8601: String { Date.ISO8601FormatStyle().format(self) }
}
