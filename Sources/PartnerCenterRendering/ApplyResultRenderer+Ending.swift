package import PartnerCenterModel

/// How apply's text result ends: what did not go through, so a reviewer reading a CI log does not have to hunt
/// through hundreds of outcome lines, and one summary line that counts every change of the plan.
extension ApplyResultRenderer {
    /// What a result ends with besides its outcomes: the plan's changes apply does not attempt (`blocked`,
    /// `waiting` for the customer), and how many changes with work an interrupted run never started.
    package struct Ending: Sendable {
        package var notAttempted: [Change]
        package var notStarted: Int

        package init(notAttempted: [Change] = [], notStarted: Int = 0) {
            self.notAttempted = notAttempted
            self.notStarted = notStarted
        }

        /// The plan's blocked and waiting changes.
        package init(plan: Plan, notStarted: Int = 0) {
            self.init(notAttempted: plan.changes.filter { !$0.action.isWork }, notStarted: notStarted)
        }
    }

    /// `Failed:` (address, action, HTTP status, error code, request id, message), `Not applied:` (skipped changes
    /// with their reason, blocked and waiting changes with the plan's message), and the summary line.
    static func endingLines(_ result: ApplyResult, _ ending: Ending) -> [String] {
        var lines: [String] = []
        let failed = result.outcomes.filter { $0.status == .failed }
        if !failed.isEmpty {
            lines.append("")
            lines.append("Failed:")
            for outcome in failed { lines.append("  ✗ " + failureLine(outcome)) }
        }
        let skipped = result.outcomes.filter { $0.status == .skipped }
        if !skipped.isEmpty || !ending.notAttempted.isEmpty {
            lines.append("")
            lines.append("Not applied:")
            for outcome in skipped {
                lines.append("  - \(outcome.address) (\(outcome.action.rawValue)): \(outcome.message)")
            }
            for change in ending.notAttempted {
                let why = change.messages.first ?? change.reasons.map(\.rawValue).joined(separator: ", ")
                var line = "  - \(change.address) (\(change.action.rawValue))"
                if !why.isEmpty { line += ": \(why)" }
                if let link = change.approvalLink { line += " (approve: \(link))" }
                lines.append(line)
            }
        }
        lines.append(summaryLine(result, ending))
        return lines
    }

    /// `Apply: N applied, N failed, N skipped, N blocked, N waiting.` (and `, N not started` after an interruption).
    static func summaryLine(_ result: ApplyResult, _ ending: Ending) -> String {
        let counts = result.summary
        let blocked = ending.notAttempted.count { $0.action == .blocked }
        let waiting = ending.notAttempted.count { $0.action == .waiting }
        var parts = [
            "\(counts[.applied] ?? 0) applied", "\(counts[.failed] ?? 0) failed", "\(counts[.skipped] ?? 0) skipped",
            "\(blocked) blocked", "\(waiting) waiting",
        ]
        if ending.notStarted > 0 { parts.append("\(ending.notStarted) not started") }
        return "Apply: " + parts.joined(separator: ", ") + "."
    }

    /// `address (action): HTTP 409 · error 800060 · request id …: message`.
    private static func failureLine(_ outcome: ChangeOutcome) -> String {
        var detail: [String] = []
        if let failure = outcome.failure {
            if let status = failure.status { detail.append("HTTP \(status)") }
            if let code = failure.code { detail.append("error \(code)") }
            if let requestId = failure.requestId { detail.append("request id \(requestId)") }
        }
        let prefix = "\(outcome.address) (\(outcome.action.rawValue))"
        return detail.isEmpty
            ? "\(prefix): \(outcome.message)" : "\(prefix): \(detail.joined(separator: " · ")): \(outcome.message)"
    }
}
