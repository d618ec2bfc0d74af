import Foundation
package import PartnerCenterModel

/// The plan as a pull-request comment. In order: a hidden marker with the plan id (`<!-- cspctl:plan <id> -->`,
/// so CI can find and update its one comment), the title and summary line, the truncation notice when something
/// is left out, what could not be read (never left out), a headline of what costs money or cannot be undone,
/// the manifests' validation warnings, the approval links waiting customers need, a table per customer, a collapsible `<details>` per customer with
/// a `diff` block, then notes. Stays under GitHub's comment limit by leaving out details (and, for huge plans,
/// table rows and notes), saying so at the top.
///
/// Every value from a manifest or from the service goes through `MarkdownEscape` for the place it lands (code
/// block, code span, table cell, HTML element, plain text, link), so data cannot add structure to the comment.
package struct MarkdownPlanRenderer: PlanRenderer {
    /// GitHub's limit on a comment body.
    package static let characterLimitDefault = 65_536

    package var characterLimit: Int
    /// `## cspctl plan` or `## cspctl drift`.
    package var title: PlanTitle

    package init(characterLimit: Int = MarkdownPlanRenderer.characterLimitDefault, title: PlanTitle = .plan) {
        self.characterLimit = characterLimit
        self.title = title
    }

    package func render(_ plan: Plan) -> String {
        let top =
            "<!-- cspctl:plan \(Self.markerToken(plan.id)) -->\n## cspctl \(title.rawValue)\n\n**\(PlanPhrases.summaryLine(plan))**\n\n"
        var head = unknownsSection(plan, room: characterLimit / 2)
        head += headline(plan)
        head += UnmanagedSection.markdown(plan.unmanaged, room: characterLimit / 8)
        head += warningsSection(plan, room: characterLimit / 8)
        head +=
            "Endpoint \(MarkdownEscape.code(plan.endpoint)) · live state read at "
            + "\(plan.observedAt.formatted(.iso8601)) · plan \(MarkdownEscape.code(plan.id))\n\n"
        // Room for the top, the truncation notice and the closing notes line.
        var budget = Budget(limit: characterLimit - top.utf8.count - head.utf8.count - 800)
        var body = ""
        var omittedApprovals = 0
        let approvals = approvalsSection(plan, budget: &budget, omitted: &omittedApprovals)
        body += approvals

        let customers = grouped(plan.changes)
        let (table, omittedRows) = customerTable(customers, budget: &budget)
        body += table
        let (details, omittedDetails) = detailSections(customers, tableComplete: omittedRows == 0, budget: &budget)
        body += details

        let notes = notesSection(plan)
        var omittedNotes = 0
        if budget.fits(notes, reserve: 0) {
            body += notes
        } else {
            omittedNotes = plan.notes.count
        }

        var left: [String] = []
        if omittedDetails > 0 { left.append("the details of \(omittedDetails) customer(s)") }
        if omittedRows > 0 { left.append("the table rows of \(omittedRows) customer(s)") }
        if omittedApprovals > 0 { left.append("\(omittedApprovals) approval link(s)") }
        if omittedNotes > 0 { left.append("\(omittedNotes) note(s)") }
        var notice = ""
        if !left.isEmpty {
            notice =
                "> [!NOTE]\n> This plan is too large for one comment: \(left.joined(separator: ", ")) are left out. "
                + "Run `cspctl show` on the saved plan (or `--format text`) for everything.\n\n"
        }
        return top + notice + head + body
    }

    /// The count table, one row per customer while the budget lasts; how many rows were left out.
    private func customerTable(_ customers: [(String, [Change])], budget: inout Budget) -> (String, Int) {
        guard !customers.isEmpty else { return ("", 0) }
        let tableHead =
            "| Customer | + create | ~ update | -/+ replace | - remove | ! blocked | … waiting |\n"
            + "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        var body = tableHead
        budget.spend(tableHead)
        var omittedRows = 0
        for (domain, changes) in customers {
            let counts = Dictionary(grouping: changes, by: \.action).mapValues(\.count)
            let cells = Action.allCases.map { "\(counts[$0] ?? 0)" }.joined(separator: " | ")
            let row = "| \(MarkdownEscape.code(domain, inTable: true)) | \(cells) |\n"
            guard budget.fits(row, reserve: 2_000) else {
                omittedRows += 1
                continue
            }
            body += row
            budget.spend(row)
        }
        if omittedRows > 0 { body += "| … \(omittedRows) more customers | | | | | | |\n" }
        return (body + "\n", omittedRows)
    }

    /// Each customer's details while the budget lasts (none when the table itself was cut); how many customers'
    /// details were left out.
    private func detailSections(
        _ customers: [(String, [Change])],
        tableComplete: Bool,
        budget: inout Budget
    ) -> (String, Int) {
        var body = ""
        var omittedDetails = 0
        for (domain, changes) in customers {
            // Once one customer's details don't fit, the rest are left out unrendered (in order, no gaps).
            guard tableComplete, omittedDetails == 0 else {
                omittedDetails += 1
                continue
            }
            let section = details(domain: domain, changes: changes)
            guard budget.fits(section, reserve: 1_000) else {
                omittedDetails += 1
                continue
            }
            body += section
            budget.spend(section)
        }
        return (body, omittedDetails)
    }

    /// The plan id as the marker shows it: only characters that cannot end an HTML comment.
    static func markerToken(_ id: String) -> String {
        let kept = id.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
        return kept.isEmpty ? "unknown" : String(String.UnicodeScalarView(kept.prefix(64)))
    }

    private func grouped(_ changes: [Change]) -> [(String, [Change])] {
        var order: [String] = []
        var groups: [String: [Change]] = [:]
        for change in changes {
            let domain = change.customer
            if groups[domain] == nil { order.append(domain) }
            groups[domain, default: []].append(change)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }

    private func details(domain: String, changes: [Change]) -> String {
        let counts = Dictionary(grouping: changes, by: \.action).mapValues(\.count)
        let summary = Action.allCases.compactMap { action in
            counts[action].map { "\($0) \(action.rawValue)" }
        }
        .joined(separator: ", ")
        var lines: [String] = []
        for change in changes {
            lines.append(MarkdownEscape.oneLine("\(change.action.symbol) \(change.address)"))
            lines.append("  " + MarkdownEscape.oneLine(PlanPhrases.header(change)))
            for line in PlanPhrases.body(change) {
                lines.append("    " + MarkdownEscape.oneLine(line.text))
            }
        }
        let fence = MarkdownEscape.fence(for: lines)
        var out = "<details><summary><code>\(MarkdownEscape.html(domain))</code>: \(summary)</summary>\n\n"
        out += "\(fence)diff\n" + lines.joined(separator: "\n") + "\n\(fence)\n\n</details>\n\n"
        return out
    }

    /// Everything that could not be read, first in the comment and never left out: with reasons when they fit
    /// in `room`, else by address only, else as many addresses as fit and how many more.
    private func unknownsSection(_ plan: Plan, room: Int) -> String {
        guard !plan.unknowns.isEmpty else { return "" }
        var out = "### ❓ Could not be read: \(plan.unknowns.count) (no change planned for these)\n\n"
        let withReasons = plan.unknowns.map {
            "- \(MarkdownEscape.code($0.address)): \(MarkdownEscape.text($0.reason))\n"
        }
        let addresses = plan.unknowns.map { "- \(MarkdownEscape.code($0.address))\n" }
        if withReasons.reduce(0, { $0 + $1.utf8.count }) <= room {
            out += withReasons.joined()
        } else {
            out += Self.fitting(addresses, room: room) {
                "- … and \($0) more: run `cspctl plan --format text` for all of them\n"
            }
        }
        return out + "\n"
    }

    /// As many of `items` (whole lines) as fit in `room` UTF-8 bytes, in order, then `more(count left out)` when
    /// some are left out.
    static func fitting(_ items: [String], room: Int, more: (Int) -> String) -> String {
        var out = ""
        var used = 0
        var shown = 0
        for item in items {
            guard used + item.utf8.count <= room else { break }
            out += item
            used += item.utf8.count
            shown += 1
        }
        return shown < items.count ? out + more(items.count - shown) : out
    }

    /// The manifests' validation warnings, as many as fit in `room` (the rest counted): place, message and code.
    /// An item never starts with the message (leading spaces would make it a code block): the code comes first
    /// when there is no place.
    private func warningsSection(_ plan: Plan, room: Int) -> String {
        guard !plan.warnings.isEmpty else { return "" }
        let items = plan.warnings.map { warning in
            let code = MarkdownEscape.code(warning.code)
            let text = MarkdownEscape.text(warning.message)
            return warning.place.map { "- \(MarkdownEscape.code($0)): \(text) (\(code))\n" } ?? "- \(code): \(text)\n"
        }
        let list = Self.fitting(items, room: room) { "- … and \($0) more: run `cspctl validate` for all of them\n" }
        return "### ⚠️ Manifest warnings: \(plan.warnings.count)\n\n" + list + "\n"
    }

    /// What costs money or cannot be undone, with counts; empty when nothing does.
    private func headline(_ plan: Plan) -> String {
        var purchases = 0
        var seatIncreases = 0
        var cancellations = 0
        var customerRemovals = 0
        var terminations = 0
        var otherIrreversible = 0
        for change in plan.changes where change.action.isWork {
            var counted = false
            for request in change.requests {
                switch request.operation {
                case .purchaseSubscription:
                    purchases += 1
                    counted = true
                case .cancelSubscription:
                    cancellations += 1
                    counted = true
                case .deleteCustomer, .removeResellerRelationship:
                    customerRemovals += 1
                    counted = true
                case .terminateRelationship:
                    terminations += 1
                    counted = true
                case .updateSubscription where Self.increasesSeats(change):
                    seatIncreases += 1
                    counted = true
                default:
                    continue
                }
            }
            if change.irreversible && !counted { otherIrreversible += 1 }
        }
        let items = [
            (purchases, "subscription purchase(s)"), (seatIncreases, "seat increase(s)"),
            (cancellations, "subscription cancellation(s)"), (customerRemovals, "customer removal(s)"),
            (terminations, "GDAP relationship termination(s)"), (otherIrreversible, "other irreversible change(s)"),
        ]
        .filter { $0.0 > 0 }
        guard !items.isEmpty else { return "" }
        let list = items.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        return "> [!WARNING]\n> **Costs money or cannot be undone:** \(list).\n\n"
    }

    private static func increasesSeats(_ change: Change) -> Bool {
        change.diffs.contains { diff in
            guard SubscriptionAttribute(diff: diff) == .quantity, case .integer(let after)? = diff.after else {
                return false
            }
            guard case .integer(let before)? = diff.before else { return true }
            return after > before
        }
    }

    /// Clickable approval links for changes waiting on a customer (only `https` links; others are shown as text).
    private func approvalsSection(_ plan: Plan, budget: inout Budget, omitted: inout Int) -> String {
        let waiting = plan.changes.filter { $0.approvalLink != nil }
        guard !waiting.isEmpty else { return "" }
        var out = "### Waiting for customer approval\n\n"
        for change in waiting {
            guard let link = change.approvalLink else { continue }
            let address = MarkdownEscape.code(change.address)
            let line: String
            if let url = MarkdownEscape.httpsURL(link) {
                line = "- \(address): [open the approval page](\(url))\n"
            } else {
                line = "- \(address): approval link (not https, not linked): \(MarkdownEscape.code(link))\n"
            }
            guard budget.fits(line, reserve: 4_000) else {
                omitted += 1
                continue
            }
            out += line
            budget.spend(line)
        }
        return out + "\n"
    }

    private func notesSection(_ plan: Plan) -> String {
        guard !plan.notes.isEmpty else { return "" }
        var out = "### Notes\n\n"
        for note in plan.notes {
            let label = note.severity == .warning ? "⚠️ " : ""
            out += "- \(label)\(MarkdownEscape.code(note.address)): \(MarkdownEscape.text(note.message))\n"
        }
        return out + "\n"
    }

    /// Counts UTF-8 bytes, an upper bound on the characters GitHub counts.
    private struct Budget {
        var remaining: Int

        init(limit: Int) { remaining = limit }

        func fits(_ text: String, reserve: Int) -> Bool { text.utf8.count + reserve <= remaining }

        mutating func spend(_ text: String) { remaining -= text.utf8.count }
    }
}
