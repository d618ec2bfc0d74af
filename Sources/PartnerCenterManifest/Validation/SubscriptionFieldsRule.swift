import Foundation
import PartnerCenterModel

/// Formats of a subscription's fields and of `defaults.subscriptions`: offer id, quantity, term, billing
/// cycle, status, state, nickname.
enum SubscriptionFieldsRule {
    static let termDurations = ["P1M", "P1Y", "P3Y"]

    static func check(_ subscription: RawSubscription, into diagnostics: inout [Diagnostic]) {
        for field in [subscription.nickname, subscription.renamedFrom].compactMap({ $0 })
        where Formats.isBlank(field.value) || (field.value.utf8.count > 256 && field.value.count > 256) {
            diagnostics.append(
                ManifestMessage.invalidFormat(
                    "nickname",
                    field.value,
                    expected: "a name of 1 to 256 characters",
                    at: field.location
                )
            )
        }
        if let offer = subscription.offer, !Formats.isOffer(offer.value) {
            let parts = offer.value.split(separator: ":")
            let expected =
                parts.count == 3
                ? "PRODUCT:SKU; leave out the availability id (the third part), cspctl resolves it at purchase"
                : "a new-commerce offer written PRODUCT:SKU, such as CFQ7TTC0LH18:0001"
            diagnostics.append(
                ManifestMessage.invalidFormat("offer", offer.value, expected: expected, at: offer.location)
            )
        }
        if let quantity = subscription.quantity, quantity.value < 1 || quantity.value > Int(Int32.max) {
            diagnostics.append(
                ManifestMessage.outOfRange(
                    "quantity",
                    "\(quantity.value)",
                    range: "a positive whole number",
                    at: quantity.location
                )
            )
        }
        checkTerm(subscription.termDuration, cycle: subscription.billingCycle, into: &diagnostics)
        if let status = subscription.status {
            checkEnum(status, "status", DesiredSubscriptionStatus.allCases.map(\.rawValue), &diagnostics)
        }
        if let state = subscription.state { CustomerFieldsRule.checkPresence(state, path: "state", into: &diagnostics) }
    }

    static func check(_ settings: RawSubscriptionSettings, into diagnostics: inout [Diagnostic]) {
        checkTerm(settings.termDuration, cycle: settings.billingCycle, into: &diagnostics)
    }

    private static func checkTerm(
        _ term: Located<String>?,
        cycle: Located<String>?,
        into diagnostics: inout [Diagnostic]
    ) {
        if let term { checkEnum(term, "termDuration", termDurations, &diagnostics) }
        if let cycle { checkEnum(cycle, "billingCycle", BillingCycle.allCases.map(\.rawValue), &diagnostics) }
    }

    static func checkEnum(
        _ value: Located<String>,
        _ path: String,
        _ allowed: [String],
        _ diagnostics: inout [Diagnostic]
    ) {
        guard !allowed.contains(value.value) else { return }
        diagnostics.append(
            ManifestMessage.invalidValue(
                path,
                value.value,
                allowed: allowed,
                suggestion: EditDistance.closest(to: value.value, in: allowed),
                at: value.location
            )
        )
    }
}
