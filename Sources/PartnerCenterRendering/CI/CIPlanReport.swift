package import PartnerCenterModel

/// What `plan` and `drift` tell the CI besides their output: the Markdown plan for the job summary and the key
/// figures as step outputs.
package struct CIPlanReport: Sendable {
    /// GitHub's limit on what one step adds to the job summary (1 MiB); Azure's summary tab takes as much.
    package static let summaryLimit = 1_048_576
    /// Below this much room, the summary gets one line instead of a plan rendered into too little room.
    static let smallestPlanRoom = 16_384

    package var plan: Plan
    /// Whether there is something to apply (what `--detailed-exitcode` and `drift` count as changes).
    package var hasChanges: Bool
    /// The saved plan's path, when `--out` saved one.
    package var planFile: String?

    package init(plan: Plan, hasChanges: Bool, planFile: String?) {
        self.plan = plan
        self.hasChanges = hasChanges
        self.planFile = planFile
    }

    /// `has_changes`, `unknown` (how many objects could not be read), `plan_file` (empty without `--out`), then
    /// the count of each action (`create`, `update`, `replace`, `remove`, `blocked`, `waiting`) and `plan_id`.
    package var outputs: [(name: String, value: String)] {
        let summary = plan.summary
        var outputs: [(name: String, value: String)] = [
            ("has_changes", hasChanges ? "true" : "false"),
            ("unknown", "\(plan.unknowns.count)"),
            ("plan_file", planFile ?? ""),
        ]
        for action in Action.allCases { outputs.append((action.rawValue, "\(summary[action] ?? 0)")) }
        outputs.append(("plan_id", MarkdownPlanRenderer.markerToken(plan.id)))
        return outputs
    }

    /// The Markdown plan for a summary that already holds `existingBytes`, kept under `summaryLimit` in all
    /// (the renderer leaves out details and says so when the plan does not fit).
    package func summary(existingBytes: Int) -> String {
        let room = Self.summaryLimit - max(0, existingBytes) - 1_024
        guard room >= Self.smallestPlanRoom else {
            return room > 200
                ? "\n**cspctl: the job summary is full; " + MarkdownEscape.text(PlanPhrases.summaryLine(plan)) + "**\n"
                : ""
        }
        return "\n" + MarkdownPlanRenderer(characterLimit: room).render(plan) + "\n"
    }

    /// A failure (a refused plan, an unreadable manifest) for the job summary: a heading and the message in a
    /// code block whose fence no line of the message can close.
    package static func failureSummary(command: String, message: String) -> String {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map {
            String(CIEscape.visible(String($0)).prefix(2_000))
        }
        let kept = Array(lines.prefix(200))
        let fence = MarkdownEscape.fence(for: kept)
        return "\n### cspctl \(MarkdownEscape.text(command)) failed\n\n\(fence)text\n"
            + kept.joined(separator: "\n") + "\n\(fence)\n"
    }
}
