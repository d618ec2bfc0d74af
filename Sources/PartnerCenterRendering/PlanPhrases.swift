package import Foundation
import PartnerCenterModel

/// Wording shared by the text and Markdown renderers, so both say the same thing.
package enum PlanPhrases {
    static func verb(_ action: Action) -> String {
        switch action {
        case .create: return "will be created"
        case .update: return "will be updated in place"
        case .replace: return "must be replaced"
        case .remove: return "will be removed"
        case .blocked: return "is blocked"
        case .waiting: return "is waiting"
        }
    }

    /// `Plan: 1 to create, …, 0 waiting, 2 unknown.` or the in-sync line; never claims "in sync" when something
    /// could not be read.
    static func summaryLine(_ plan: Plan) -> String {
        if plan.changes.isEmpty {
            if plan.unknowns.isEmpty { return "No changes. Partner Center matches the manifests." }
            return "Plan: " + counts(plan.summary) + ", \(plan.unknowns.count) unknown. No changes planned, but "
                + "\(plan.unknowns.count) object(s) could not be read: Partner Center may not match the manifests."
        }
        return "Plan: " + counts(plan.summary) + ", \(plan.unknowns.count) unknown."
    }

    static func counts(_ summary: [Action: Int]) -> String {
        let n = { (action: Action) in summary[action] ?? 0 }
        return "\(n(.create)) to create, \(n(.update)) to update, \(n(.replace)) to replace, "
            + "\(n(.remove)) to remove, \(n(.blocked)) blocked, \(n(.waiting)) waiting"
    }

    /// A value as people read it. Plans keep GDAP roles as role definition ids (stable, what the API takes); a
    /// reviewer reads names, so lists under a `roles` attribute show the Entra role names (unknown ids stay ids).
    static func shown(_ value: JSONValue, attribute: String) -> String {
        guard attribute == "roles" || attribute.hasSuffix(".roles"), case .array(let items) = value else {
            return value.planText
        }
        let names = items.map { item -> JSONValue in
            guard case .string(let id) = item else { return item }
            return .string(EntraBuiltInRoles.displayName(forID: id))
        }
        return JSONValue.array(names).planText
    }

    /// The lines of one change's block, without its header; `kind` tells the text renderer how to colour them.
    /// `observedAt` (the plan's): a waiting change's line says how long it has waited by then.
    static func body(_ change: Change, observedAt: Date? = nil) -> [(kind: LineKind, text: String)] {
        var lines: [(LineKind, String)] = []
        for diff in change.diffs {
            let shown = { (value: JSONValue) in Self.shown(value, attribute: diff.name) }
            switch (diff.before, diff.after) {
            case (nil, let after?):
                lines.append((.added, "+ \(diff.name): \(shown(after))"))
            case (let before?, nil):
                lines.append((.removed, "- \(diff.name): \(shown(before))"))
            case (let before?, let after?):
                lines.append((.changed, "~ \(diff.name): \(shown(before)) → \(shown(after))"))
            case (nil, nil):
                continue
            }
        }
        if change.unchangedAttributes > 0 {
            let plural = change.unchangedAttributes == 1 ? "attribute" : "attributes"
            lines.append((.comment, "# (\(change.unchangedAttributes) unchanged \(plural) hidden)"))
        }
        for reason in change.reasons {
            lines.append((.reason, "reason: \(reason.rawValue): \(reason.summary)"))
        }
        for message in change.messages {
            lines.append((.message, "note: \(message)"))
        }
        if let link = change.approvalLink {
            lines.append((.message, "approval link: \(link)"))
        }
        if let since = change.waitingSince {
            lines.append((.message, waitingLine(since: since, observedAt: observedAt)))
        }
        if !change.dependsOn.isEmpty {
            lines.append((.comment, "after: \(change.dependsOn.joined(separator: ", "))"))
        }
        if !change.requests.isEmpty {
            let operations = change.requests.map(\.operation.rawValue).joined(separator: ", ")
            lines.append((.comment, "requests: \(operations)"))
        }
        return lines
    }

    /// `waiting since 2026-11-02T10:00:00Z (20 days)`; without `observedAt` only the date.
    static func waitingLine(since: Date, observedAt: Date?) -> String {
        let date = "waiting since \(since.formatted(.iso8601))"
        guard let observedAt else { return date }
        return date + " (\(duration(observedAt.timeIntervalSince(since))))"
    }

    /// A wait as people say it: `20 days`, `1 day`, `5 hours`, `12 minutes`, `less than a minute`.
    package static func duration(_ seconds: TimeInterval) -> String {
        let plural = { (count: Int, unit: String) in "\(count) \(unit)\(count == 1 ? "" : "s")" }
        let whole = Int(max(0, seconds))
        if whole >= 86_400 { return plural(whole / 86_400, "day") }
        if whole >= 3_600 { return plural(whole / 3_600, "hour") }
        if whole >= 60 { return plural(whole / 60, "minute") }
        return "less than a minute"
    }

    static func header(_ change: Change) -> String {
        var header = "# \(change.address) \(verb(change.action))"
        if change.irreversible { header += " (irreversible)" }
        if change.requiresAppUser { header += " (needs App+User)" }
        return header
    }

    enum LineKind {
        case added, removed, changed, comment, reason, message
    }
}
