import Foundation

/// What the fault rules say about one request: whether its answer starts with a byte-order mark, and what happens
/// to it (`FaultDecision.none` when no rule decides, or when the request's surface takes no faults).
package struct FaultVerdict: Sendable, Equatable {
    package var byteOrderMark: Bool
    package var decision: FaultDecision
}

/// The fault rules in force and their runtime bookkeeping (never persisted): each rule's route compiled once, how
/// many requests each rule has matched, and the 429 bursts under way. Owned by `EmulatorStore`, which serializes
/// every call.
struct FaultBook {
    private(set) var rules: [FaultRule]
    /// `rules[i].route` compiled.
    private var expressions: [RoutePattern?]
    private var matches: [Int: Int] = [:]
    private var bursts: [Int: Int] = [:]
    /// How many times the rules were consulted (one per request that any rule could concern).
    private(set) var lookups = 0

    init(_ rules: [FaultRule]) {
        self.rules = rules
        self.expressions = rules.map(FaultMatcher.compile)
    }

    /// Whether any rule decides faults (rules that only ask for byte-order marks decide none).
    var decidesFaults: Bool { rules.contains { !$0.onlyByteOrderMark } }

    /// Whether any rule asks for byte-order marks.
    var marksBodies: Bool { rules.contains { $0.byteOrderMark == true } }

    /// One pass over the rules for one request: the byte-order mark (any matching rule that asks for it) and, when
    /// `decidingFaults`, the fault (the first matching rule that decides faults applies; a 429 burst runs its full
    /// length even past the rule's limit).
    mutating func verdict(
        route: String,
        path: String,
        method: String,
        decidingFaults: Bool,
        seed: UInt64
    ) -> FaultVerdict {
        lookups += 1
        var verdict = FaultVerdict(byteOrderMark: false, decision: .none)
        var decided = !decidingFaults
        for (index, rule) in rules.enumerated() {
            let concerned =
                (!decided && !rule.onlyByteOrderMark) || (!verdict.byteOrderMark && rule.byteOrderMark == true)
            guard concerned,
                FaultMatcher.matches(rule, expression: expressions[index], route: route, path: path, method: method)
            else { continue }
            if rule.byteOrderMark == true { verdict.byteOrderMark = true }
            guard !decided, !rule.onlyByteOrderMark else { continue }
            decided = true
            verdict.decision = decide(index, seed: seed)
        }
        return verdict
    }

    private mutating func decide(_ index: Int, seed: UInt64) -> FaultDecision {
        let rule = rules[index]
        let sequence = matches[index, default: 0]
        matches[index] = sequence + 1
        if let limit = rule.limit, sequence >= limit, bursts[index, default: 0] == 0 { return .none }
        return FaultMatcher.decide(
            rule,
            seed: seed,
            ruleIndex: index,
            sequence: sequence,
            burstRemaining: &bursts[index, default: 0]
        )
    }
}
