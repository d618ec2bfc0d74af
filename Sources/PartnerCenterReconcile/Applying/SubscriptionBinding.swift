import PartnerCenterModel

/// Binds a subscription update to what the plan saw. The plan recorded the subscription's fingerprint (its etag,
/// or a digest of its compared fields); right before each PATCH apply reads the subscription again and sends only
/// when it is what the plan saw, allowing for the fields this very change sets (an earlier, interrupted run of the
/// plan, or an earlier request of the same change, may have set them already). Anything else means someone changed
/// the subscription after the plan was reviewed: the change fails with "moved since the plan", nothing is sent,
/// and the portal's value stays. Without this, a re-run of a plan whose update had failed once (the journal exempts
/// it from the staleness check) would PATCH whatever it read just before, overwriting a change made in the portal.
enum SubscriptionBinding {
    enum Verdict: Equatable {
        /// As the plan saw it (apart from this change's own fields): send.
        case unmoved
        /// The fields this request sets already hold the planned values: nothing to send.
        case alreadyDone
        /// Someone else changed it: the reason, for the failure message.
        case moved(String)
    }

    /// The index in ``SubscriptionPlanner/fields(_:)`` of each attribute a subscription change diffs.
    static let fieldIndex: [SubscriptionAttribute: Int] = [.nickname: 2, .quantity: 3, .status: 4, .autoRenew: 7]

    /// - Parameters:
    ///   - live: the subscription as read right now.
    ///   - planned: the fingerprint the plan recorded for the change's address (nil: the plan recorded none).
    ///   - change: the planned change (its diffs say what the plan saw and what it sets).
    ///   - sets: the attribute values this request sets (`nickname`, `quantity`, `status`, `autoRenew`).
    ///   - resumed: an earlier run of the plan, or an earlier request of this change, may have sent something.
    static func verdict(
        live: LiveSubscription,
        planned: String?,
        change: Change,
        sets: [SubscriptionAttribute: String],
        resumed: Bool
    ) -> Verdict {
        let fields = SubscriptionPlanner.fields(live)
        if !sets.isEmpty, sets.allSatisfy({ name, value in fieldIndex[name].map { fields[$0] } == value }) {
            return .alreadyDone
        }
        guard let planned else { return .unmoved }
        // Each attribute this change sets must hold what the plan saw or what the plan sets; then, with the plan's
        // values put back, the fingerprint must be the plan's.
        var seen = fields
        var alternatives: [Int: [String]] = [:]
        for diff in change.diffs {
            guard let index = SubscriptionAttribute(diff: diff).flatMap({ fieldIndex[$0] }) else { continue }
            let before = diff.before.map(text) ?? ""
            let after = diff.after.map(text) ?? ""
            guard fields[index] == before || fields[index] == after else {
                return .moved(
                    "its \(diff.name) is \(fields[index]) now; the plan saw \(before) and sets \(after)"
                )
            }
            seen[index] = before
        }
        let diffed = Set(change.diffs.compactMap(SubscriptionAttribute.init(diff:)))
        if diffed.contains(.status), !diffed.contains(.autoRenew) {
            // Suspending turns auto-renew off (NCE-34): the plan may have seen either value.
            alternatives[7] = ["true", "false"]
        }
        if planned.hasPrefix("etag:") {
            if let etag = live.etag, "etag:" + etag == planned { return .unmoved }
            // The etag moves with every change, this plan's own included: only a resumed change can tell its own
            // move from someone else's, by the attributes it sets (checked above).
            return resumed ? .unmoved : .moved("its etag changed (it was changed in Partner Center after the plan)")
        }
        var candidates = [seen]
        for (index, values) in alternatives {
            candidates = candidates.flatMap { candidate in
                values.map { value in
                    var copy = candidate
                    copy[index] = value
                    return copy
                }
            }
        }
        if candidates.contains(where: { Fingerprint.digest($0) == planned }) { return .unmoved }
        return .moved("it was changed in Partner Center after the plan (its attributes differ from what the plan saw)")
    }

    /// A plan value as ``SubscriptionPlanner/fields(_:)`` writes it.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .bool(let flag): return "\(flag)"
        case .integer(let number): return "\(number)"
        case .decimal(let number): return "\(number)"
        default: return value.planText
        }
    }
}
