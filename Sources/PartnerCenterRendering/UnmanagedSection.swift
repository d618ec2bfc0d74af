import PartnerCenterModel

/// How the plan shows the live customers no manifest names (``PlanUnmanaged``): one line after the summary
/// ("3 of 1000 live customers are managed …"), and with `--report-unmanaged` the list by domain and tenant id. Every
/// value from the service is made one visible line (a domain is data, and a terminal obeys control characters).
enum UnmanagedSection {
    /// The line that says how many customers are managed, or why that is not known.
    static func line(_ unmanaged: PlanUnmanaged) -> String {
        switch unmanaged {
        case .counted(0, _, _):
            // A new partner or an empty emulator: "0 of 0 live customers are managed" said nothing a newcomer could use.
            return "No live customers yet: nothing is unmanaged."
        case .counted(let live, let count, let customers):
            let managed = "\(live - count) of \(live) live customers are managed"
            guard count > 0 else { return managed + "." }
            let tail = customers == nil ? " (--report-unmanaged lists them)" : ":"
            return managed + "; \(count) in no manifest" + tail
        case .unknown(let reason):
            return "Unmanaged customers: unknown, the customer list could not be read ("
                + MarkdownEscape.oneLine(reason) + ")."
        case .notCounted(let reason):
            return "Unmanaged customers: not counted (" + MarkdownEscape.oneLine(reason) + ")."
        }
    }

    static func text(_ unmanaged: PlanUnmanaged?) -> [String] {
        guard let unmanaged else { return [] }
        var lines = [line(unmanaged)]
        if case .counted(_, _, let customers?) = unmanaged {
            lines += customers.map { "  \(MarkdownEscape.oneLine($0.domain)) (\(MarkdownEscape.oneLine($0.tenantId)))" }
        }
        return lines
    }

    /// The line, and the list (in a collapsed `<details>`) as much as fits in `room` characters, the rest counted.
    static func markdown(_ unmanaged: PlanUnmanaged?, room: Int) -> String {
        guard let unmanaged else { return "" }
        var out = MarkdownEscape.text(line(unmanaged)) + "\n\n"
        guard case .counted(_, _, let customers?) = unmanaged, !customers.isEmpty else { return out }
        out += "<details><summary>Customers in no manifest</summary>\n\n"
        let items = customers.map { "- \(MarkdownEscape.code($0.domain)) (\(MarkdownEscape.code($0.tenantId)))\n" }
        out += MarkdownPlanRenderer.fitting(items, room: room) {
            "- … and \($0) more: `--format json --report-unmanaged` lists them all\n"
        }
        return out + "\n</details>\n\n"
    }
}

extension JSONWriter {
    /// `summary.unmanaged` (format 1.4): nothing when not counted at all.
    mutating func unmanaged(_ unmanaged: PlanUnmanaged?) {
        guard let unmanaged else { return }
        key("unmanaged")
        object {
            switch unmanaged {
            case .counted(let live, let count, let customers):
                if let customers {
                    $0.key("customers")
                    $0.array(customers) { writer, customer in
                        writer.object {
                            $0.key("domain")
                            $0.string(customer.domain)
                            $0.key("tenantId")
                            $0.string(customer.tenantId)
                        }
                    }
                }
                $0.key("live")
                $0.integer(live)
                $0.key("managed")
                $0.integer(live - count)
                $0.key("status")
                $0.string(unmanaged.status)
                $0.key("unmanaged")
                $0.integer(count)
            case .unknown(let reason), .notCounted(let reason):
                $0.key("reason")
                $0.string(reason)
                $0.key("status")
                $0.string(unmanaged.status)
            }
        }
    }
}
