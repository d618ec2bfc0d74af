import PartnerCenterModel

/// New-commerce terms and billing cycles combine as: P1M → monthly; P1Y → monthly or annual; P3Y → monthly,
/// annual or triennial (NCE-01..06: billing is at most once per term).
enum TermBillingRule {
    static let allowedCycles: [String: [String]] = [
        "P1M": ["monthly"],
        "P1Y": ["monthly", "annual"],
        "P3Y": ["monthly", "annual", "triennial"],
    ]

    static func check(_ customer: RawCustomer, into diagnostics: inout [Diagnostic]) {
        guard !customer.isAbsent else { return }
        for subscription in customer.subscriptions where subscription.state?.value != "absent" {
            guard let term = subscription.termDuration, let cycle = subscription.billingCycle,
                let allowed = allowedCycles[term.value], BillingCycle(rawValue: cycle.value) != nil,
                !allowed.contains(cycle.value)
            else { continue }
            diagnostics.append(
                ManifestMessage.termBillingMismatch(
                    term: term.value,
                    cycle: cycle.value,
                    allowed: allowed,
                    at: cycle.location
                )
            )
        }
    }
}
