package import PartnerCenterModel

extension StalenessCheck {
    /// The first field in which the saved plan's changes differ from a fresh plan of its own manifests, as
    /// `ADDRESS request N quantity is 250 in the saved plan, 25 when planned again`; nil when every change with
    /// work (on either side) is equal in every field. Exempt addresses (touched by an earlier run of this plan)
    /// are skipped, as in ``moved(saved:fresh:exempt:)``. A saved plan edited by hand is refused by this even
    /// when its id was made to match (issue 14 item 8).
    package static func firstDifference(saved: Plan, fresh: Plan, exempt touched: Set<String>) -> String? {
        let exempt = exemptAddresses(saved, touched: touched)
        func isExempt(_ address: String) -> Bool {
            exempt.contains(address) || exempt.contains(PlanAddress.customer(PlanAddress.customer(of: address)))
        }
        let savedChanges = Dictionary(saved.changes.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        let freshChanges = Dictionary(fresh.changes.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        let addresses = Set(saved.changes.map(\.address)).union(fresh.changes.map(\.address))
            .sorted(by: PlanAddress.precedes)
        for address in addresses where !isExempt(address) {
            let was = savedChanges[address]
            let now = freshChanges[address]
            guard was?.action.isWork == true || now?.action.isWork == true else { continue }
            guard let was, let now else {
                return was == nil
                    ? "\(address) is not in the saved plan, \(now?.action.rawValue ?? "") when planned again"
                    : "\(address) is \(was?.action.rawValue ?? "") in the saved plan, not planned again"
            }
            if let field = difference(was, now) { return "\(address) \(field)" }
        }
        return nil
    }

    /// `FIELD is A in the saved plan, B when planned again` for the first field of `was` that differs from `now`.
    static func difference(_ was: Change, _ now: Change) -> String? {
        func line(_ field: String, _ saved: String, _ again: String) -> String {
            "\(field) is \(saved) in the saved plan, \(again) when planned again"
        }
        func list(_ values: [String]) -> String { "[" + values.joined(separator: ", ") + "]" }
        if was.action != now.action { return line("action", was.action.rawValue, now.action.rawValue) }
        if was.reasons != now.reasons {
            return line("reasons", list(was.reasons.map(\.rawValue)), list(now.reasons.map(\.rawValue)))
        }
        if was.irreversible != now.irreversible {
            return line("irreversible", "\(was.irreversible)", "\(now.irreversible)")
        }
        if was.requiresAppUser != now.requiresAppUser {
            return line("requiresAppUser", "\(was.requiresAppUser)", "\(now.requiresAppUser)")
        }
        if was.dependsOn != now.dependsOn { return line("dependsOn", list(was.dependsOn), list(now.dependsOn)) }
        if was.requests.count != now.requests.count {
            return line("the number of requests", "\(was.requests.count)", "\(now.requests.count)")
        }
        for (index, (saved, again)) in zip(was.requests, now.requests).enumerated() where saved != again {
            return "request \(index + 1) " + (requestDifference(saved, again, line) ?? "differs")
        }
        if was.diffs.count != now.diffs.count {
            return line("the number of diffs", "\(was.diffs.count)", "\(now.diffs.count)")
        }
        for (saved, again) in zip(was.diffs, now.diffs) where saved != again {
            if saved.path != again.path { return line("diff path", saved.path, again.path) }
            if saved.name != again.name { return line("diff \(saved.path) name", saved.name, again.name) }
            if saved.before != again.before {
                return line("diff \(saved.path) before", show(saved.before), show(again.before))
            }
            return line("diff \(saved.path) after", show(saved.after), show(again.after))
        }
        if was.unchangedAttributes != now.unchangedAttributes {
            return line("unchangedAttributes", "\(was.unchangedAttributes)", "\(now.unchangedAttributes)")
        }
        if was.messages != now.messages { return line("messages", list(was.messages), list(now.messages)) }
        if was.approvalLink != now.approvalLink {
            return line("approvalLink", was.approvalLink ?? "none", now.approvalLink ?? "none")
        }
        return nil
    }

    private static func requestDifference(
        _ saved: PlannedRequest,
        _ again: PlannedRequest,
        _ line: (String, String, String) -> String
    ) -> String? {
        if saved.operation != again.operation {
            return line("operation", saved.operation.rawValue, again.operation.rawValue)
        }
        if saved.target != again.target { return line("target", saved.target ?? "none", again.target ?? "none") }
        if saved.etag != again.etag { return line("etag", saved.etag ?? "none", again.etag ?? "none") }
        let was = saved.parameters
        let now = again.parameters
        for name in Set(was.keys).union(now.keys).sorted() where was[name] != now[name] {
            return line(name, show(was[name]), show(now[name]))
        }
        return nil
    }

    /// A value as compact JSON (`"text"`, `25`), `absent` when missing.
    private static func show(_ value: JSONValue?) -> String {
        guard let value else { return "absent" }
        return String(decoding: JSONWriter.write(value), as: UTF8.self)
    }
}
