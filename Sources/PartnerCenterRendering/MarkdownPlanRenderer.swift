import Foundation
package import PartnerCenterModel

/// The plan as a pull-request comment: the summary, a table per customer, a collapsible `<details>` per customer
/// with a `diff` block, then notes and unknowns. Stays under GitHub's comment limit by leaving out details (and,
/// for huge plans, table rows and notes), saying so.
package struct MarkdownPlanRenderer: PlanRenderer {
    /// GitHub's limit on a comment body.
    package static let characterLimitDefault = 65_536

    package var characterLimit: Int

    package init(characterLimit: Int = MarkdownPlanRenderer.characterLimitDefault) {
        self.characterLimit = characterLimit
    }

    package func render(_ plan: Plan) -> String {
        var budget = Budget(limit: characterLimit - 600)  // room for the closing notices
        var out = "## cspctl plan\n\n**\(PlanPhrases.summaryLine(plan))**\n\n"
        out +=
            "Endpoint `\(plan.endpoint)` · live state read at \(plan.observedAt.formatted(.iso8601)) · plan `\(plan.id)`\n\n"
        budget.spend(out)

        let customers = grouped(plan.changes)
        var omittedRows = 0
        if !customers.isEmpty {
            let head =
                "| Customer | + create | ~ update | -/+ replace | - remove | ! blocked | … waiting |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n"
            out += head
            budget.spend(head)
            for (domain, changes) in customers {
                let counts = Dictionary(grouping: changes, by: \.action).mapValues(\.count)
                let cells = Action.allCases.map { "\(counts[$0] ?? 0)" }.joined(separator: " | ")
                let row = "| `\(domain)` | \(cells) |\n"
                guard budget.fits(row, reserve: 2_000) else {
                    omittedRows += 1
                    continue
                }
                out += row
                budget.spend(row)
            }
            if omittedRows > 0 { out += "| … \(omittedRows) more customers | | | | | | |\n" }
            out += "\n"
        }

        var omittedDetails = 0
        for (domain, changes) in customers {
            // Once one customer's details don't fit, the rest are left out unrendered (in order, no gaps).
            guard omittedRows == 0, omittedDetails == 0 else {
                omittedDetails += 1
                continue
            }
            let section = details(domain: domain, changes: changes)
            guard budget.fits(section, reserve: 1_000) else {
                omittedDetails += 1
                continue
            }
            out += section
            budget.spend(section)
        }

        let notes = notesSection(plan)
        if budget.fits(notes, reserve: 0) {
            out += notes
        } else if !plan.notes.isEmpty || !plan.unknowns.isEmpty {
            out += "\(plan.notes.count) note(s) and \(plan.unknowns.count) unread object(s) are left out here.\n\n"
        }
        if omittedDetails > 0 || omittedRows > 0 {
            out +=
                "> [!NOTE]\n> This plan is too large for one comment: details of \(omittedDetails) customer(s) are "
                + "left out. Run `cspctl show` on the saved plan (or `--format text`) for everything.\n"
        }
        return out
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
        var out = "<details><summary><code>\(domain)</code>: \(summary)</summary>\n\n```diff\n"
        for change in changes {
            out += "\(change.action.symbol) \(change.address)\n"
            out += "  \(PlanPhrases.header(change))\n"
            for line in PlanPhrases.body(change) {
                out += "    \(line.text)\n"
            }
        }
        out += "```\n\n</details>\n\n"
        return out
    }

    private func notesSection(_ plan: Plan) -> String {
        var out = ""
        if !plan.notes.isEmpty {
            out += "### Notes\n\n"
            for note in plan.notes {
                let label = note.severity == .warning ? "⚠️ " : ""
                out += "- \(label)`\(note.address)`: \(escape(note.message))\n"
            }
            out += "\n"
        }
        if !plan.unknowns.isEmpty {
            out += "### Could not be read (no change planned for these)\n\n"
            for unknown in plan.unknowns {
                out += "- `\(unknown.address)`: \(escape(unknown.reason))\n"
            }
            out += "\n"
        }
        return out
    }

    /// Keeps live text from opening HTML in the comment.
    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Counts UTF-8 bytes, an upper bound on the characters GitHub counts.
    private struct Budget {
        var remaining: Int

        init(limit: Int) { remaining = limit }

        func fits(_ text: String, reserve: Int) -> Bool { text.utf8.count + reserve <= remaining }

        mutating func spend(_ text: String) { remaining -= text.utf8.count }
    }
}
