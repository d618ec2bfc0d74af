import Foundation
package import PartnerCenterModel

/// The Terraform-like plan for a terminal or a CI log: one block per changed object, then notes, unknowns and the
/// summary line. Colour only with `ColorMode.on`.
package struct TextPlanRenderer: PlanRenderer {
    package var color: ColorMode
    /// `cspctl plan against …` or `cspctl drift against …`.
    package var title: PlanTitle

    package init(color: ColorMode = .off, title: PlanTitle = .plan) {
        self.color = color
        self.title = title
    }

    package func render(_ plan: Plan) -> String {
        let style = TerminalStyle(mode: color)
        var out: [String] = []
        let observed = plan.observedAt.formatted(.iso8601)
        out.append("cspctl \(title.rawValue) against \(plan.endpoint) (live state read at \(observed))")
        out.append("")
        if !plan.changes.isEmpty {
            out.append("Actions are shown with these symbols:")
            for action in Action.allCases {
                out.append("  " + style.apply(tone(action), pad(action.symbol, 3)) + " " + action.rawValue)
            }
            out.append("")
        }
        // One block per change, rendered on all cores (a 10,000-customer plan has over 10,000 of them); each
        // block ends with the newline that makes the blank line after it.
        out += plan.changes.concurrentMap { change in
            var lines = [
                "  " + style.apply(.bold, PlanPhrases.header(change)),
                "  " + style.apply(tone(change.action), change.action.symbol) + " " + change.address,
            ]
            for line in PlanPhrases.body(change, observedAt: plan.observedAt) {
                lines.append("      " + style.apply(tone(line.kind), line.text))
            }
            return lines.joined(separator: "\n") + "\n"
        }
        if !plan.warnings.isEmpty {
            out.append(style.apply(.bold, "Manifest warnings:"))
            for warning in plan.warnings {
                // One visible line each: a saved plan's text is data, and a terminal obeys control characters.
                let place = warning.place.map { MarkdownEscape.oneLine($0) + ": " } ?? ""
                let text = MarkdownEscape.oneLine("\(warning.message) [\(warning.code)]")
                out.append("  - \(place)\(style.apply(.yellow, "warning")): \(text)")
            }
            out.append("")
        }
        if !plan.notes.isEmpty {
            out.append(style.apply(.bold, "Notes:"))
            for note in plan.notes {
                let label = note.severity == .warning ? style.apply(.yellow, "warning") : "info"
                out.append("  - \(label) \(note.address): \(note.message)")
            }
            out.append("")
        }
        if !plan.unknowns.isEmpty {
            out.append(style.apply(.bold, "Could not be read (no change planned for these):"))
            for unknown in plan.unknowns {
                out.append("  " + style.apply(.red, "?") + " \(unknown.address): \(unknown.reason)")
            }
            out.append("")
        }
        out.append(style.apply(.bold, PlanPhrases.summaryLine(plan)))
        out += UnmanagedSection.text(plan.unmanaged)
        return out.joined(separator: "\n") + "\n"
    }

    /// What apply says when the plan has no work: `Nothing to apply: …` and why (in sync, only changes that wait
    /// for someone or are blocked, or nothing planned while some live state is unknown).
    package static func nothingToApply(_ plan: Plan) -> String {
        let summary = plan.summary
        let (blocked, waiting) = (summary[.blocked] ?? 0, summary[.waiting] ?? 0)
        var parts: [String] = []
        if blocked > 0 { parts.append("\(blocked) blocked") }
        if waiting > 0 { parts.append("\(waiting) waiting for the customer") }
        var line = "Nothing to apply: "
        if !parts.isEmpty {
            line += "no change apply can make (\(parts.joined(separator: ", ")); see the plan)"
        } else if plan.unknowns.isEmpty {
            line += "Partner Center matches the manifests"
        } else {
            line += "no change planned, but \(plan.unknowns.count) object(s) could not be read"
        }
        return line + "."
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private func tone(_ action: Action) -> TerminalStyle.Tone {
        switch action {
        case .create: return .green
        case .update: return .yellow
        case .replace: return .magenta
        case .remove: return .red
        case .blocked: return .red
        case .waiting: return .cyan
        }
    }

    private func tone(_ kind: PlanPhrases.LineKind) -> TerminalStyle.Tone {
        switch kind {
        case .added: return .green
        case .removed: return .red
        case .changed: return .yellow
        case .comment: return .dim
        case .reason, .message: return .cyan
        }
    }
}
