import Foundation
package import PartnerCenterModel

/// The Terraform-like plan for a terminal or a CI log: one block per changed object, then notes, unknowns and the
/// summary line. Colour only with `ColorMode.on`.
package struct TextPlanRenderer: PlanRenderer {
    package var color: ColorMode

    package init(color: ColorMode = .off) {
        self.color = color
    }

    package func render(_ plan: Plan) -> String {
        let style = TerminalStyle(mode: color)
        var out: [String] = []
        out.append("cspctl plan against \(plan.endpoint) (live state read at \(plan.observedAt.formatted(.iso8601)))")
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
        return out.joined(separator: "\n") + "\n"
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
