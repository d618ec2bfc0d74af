import Foundation
package import PartnerCenterModel

/// What `apply` prints: per change its fate (or, for `--dry-run`, the requests in order), the approval links of
/// relationships waiting for customers, then a summary table. JSON is the `ApplyResult` itself.
package enum ApplyResultRenderer {
    package static func json(_ result: ApplyResult) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(result) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// `outcomesShown`: each change's lines were printed as it finished (see ``outcomeLines(_:)``), so the result
    /// leaves them out and starts with the approval links.
    /// `ending`: what the plan holds that apply did not attempt, listed (with the failures) after the table.
    package static func text(_ result: ApplyResult, outcomesShown: Bool = false, ending: Ending = Ending()) -> String {
        result.dryRun ? dryRunText(result) : resultText(result, outcomesShown: outcomesShown, ending: ending)
    }

    private static func resultText(_ result: ApplyResult, outcomesShown: Bool, ending: Ending) -> String {
        var lines: [String] = []
        if !outcomesShown {
            for outcome in result.outcomes { lines.append(contentsOf: outcomeLines(outcome)) }
        }
        let links = result.outcomes.compactMap { outcome in
            outcome.approvalLink.map { "  \(outcome.address): \($0)" }
        }
        if !links.isEmpty {
            lines.append("")
            lines.append("Waiting for the customer's Global Administrator to approve:")
            lines.append(contentsOf: links)
        }
        lines.append("")
        lines.append(contentsOf: summaryTable(result))
        lines.append(contentsOf: endingLines(result, ending))
        return lines.joined(separator: "\n") + "\n"
    }

    /// One change's fate: `✓`/`✗`/`-`/`·`, the address, action and message, then (indented) the failed request
    /// (method, URL, HTTP status, error code, request id) and the ids it created. Apply prints these as each change
    /// finishes, and again in the result.
    package static func outcomeLines(_ outcome: ChangeOutcome) -> [String] {
        var lines: [String] = []
        let symbol: String
        switch outcome.status {
        case .applied: symbol = "✓"
        case .failed: symbol = "✗"
        case .skipped: symbol = "-"
        case .planned: symbol = "·"
        }
        lines.append("\(symbol) \(outcome.address) (\(outcome.action.rawValue)): \(outcome.message)")
        if let failure = outcome.failure {
            var detail: [String] = []
            if let method = failure.method, let url = failure.url { detail.append("\(method) \(url)") }
            if let status = failure.status { detail.append("HTTP \(status)") }
            if let code = failure.code { detail.append("error \(code)") }
            if let requestId = failure.requestId { detail.append("request id \(requestId)") }
            if !detail.isEmpty { lines.append("    " + detail.joined(separator: " · ")) }
        }
        if !outcome.createdIds.isEmpty {
            let ids = outcome.createdIds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            lines.append("    " + ids.joined(separator: ", "))
        }
        return lines
    }

    /// Per customer: applied, failed, skipped.
    private static func summaryTable(_ result: ApplyResult) -> [String] {
        var rows: [(String, [ChangeOutcome.Status: Int])] = []
        var index: [String: Int] = [:]
        for outcome in result.outcomes {
            let customer = PlanAddress.customer(of: outcome.address)
            if index[customer] == nil {
                index[customer] = rows.count
                rows.append((customer, [:]))
            }
            if let at = index[customer] { rows[at].1[outcome.status, default: 0] += 1 }
        }
        let width = max(8, rows.map(\.0.count).max() ?? 0)
        func pad(_ text: String, _ count: Int) -> String {
            text + String(repeating: " ", count: max(0, count - text.count))
        }
        func number(_ value: Int) -> String { pad(String(value), 8) }
        var lines = [pad("customer", width) + "  applied  failed   skipped"]
        for (customer, counts) in rows {
            lines.append(
                pad(customer, width) + "  " + number(counts[.applied] ?? 0) + " " + number(counts[.failed] ?? 0) + " "
                    + String(counts[.skipped] ?? 0)
            )
        }
        return lines
    }

    private static func dryRunText(_ result: ApplyResult) -> String {
        var lines: [String] = ["Dry run: nothing was sent. In order, apply would send:"]
        var count = 0
        for outcome in result.outcomes {
            lines.append("")
            lines.append("# \(outcome.address) (\(outcome.action.rawValue))")
            if outcome.status == .skipped || outcome.status == .failed {
                lines.append("  \(outcome.message)")
            }
            for request in outcome.requests {
                count += 1
                let url = request.url.removingPercentEncoding ?? request.url
                lines.append("\(request.method) \(url)")
                if let note = request.note { lines.append("  (\(note))") }
                for header in request.headers { lines.append("  \(header.name): \(header.value)") }
                if let body = request.body { lines.append("  " + body) }
            }
        }
        lines.append("")
        lines.append(
            "\(count) request(s) for \(result.outcomes.count) change(s); the bearer token is attached when each is sent."
        )
        return lines.joined(separator: "\n") + "\n"
    }
}
