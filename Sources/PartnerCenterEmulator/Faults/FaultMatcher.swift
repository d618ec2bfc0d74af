import Foundation

/// Matching and seeded decisions for `FaultRule`s.
enum FaultMatcher {
    static func matches(_ rule: FaultRule, route: String, path: String, method: String) -> Bool {
        matches(rule, expression: compile(rule), route: route, path: path, method: method)
    }

    /// With the rule's route expression compiled once (compiling it per request took most of the store actor's
    /// time under load); nil (an invalid expression) matches nothing.
    static func matches(
        _ rule: FaultRule,
        expression: RoutePattern?,
        route: String,
        path: String,
        method: String
    ) -> Bool {
        if let wanted = rule.method, wanted.uppercased() != method.uppercased() { return false }
        guard let expression else { return false }
        return expression.matches(route) || expression.matches(path)
    }

    /// The rule's route as a `RoutePattern` (linear-time matching); nil (refused when the rule was set) matches
    /// nothing.
    static func compile(_ rule: FaultRule) -> RoutePattern? {
        try? RoutePattern(rule.route)
    }

    static func decide(
        _ rule: FaultRule,
        seed: UInt64,
        ruleIndex: Int,
        sequence: Int,
        burstRemaining: inout Int
    ) -> FaultDecision {
        var random = SplitMix64(seed: seed ^ (UInt64(ruleIndex + 1) &* 0xA076_1D64_78BD_642F) ^ UInt64(sequence))
        _ = random.next()
        var latency = rule.latencyMs ?? 0
        if let low = rule.latencyMs, let high = rule.latencyMaxMs, high > low {
            latency = low + Int(random.next() % UInt64(high - low + 1))
        }
        let retryAfter = rule.retryAfterSeconds ?? 1
        if burstRemaining > 0 {
            burstRemaining -= 1
            return FaultDecision(latencyMs: latency, outcome: .status(429, retryAfter: retryAfter))
        }
        let roll = random.unit()
        var threshold = 0.0
        let outcomes: [(Double?, FaultDecision.Outcome)] = [
            (rule.dropRate, .drop),
            (rule.loseResponseRate, .loseResponse),
            (rule.error500Rate, .status(500, retryAfter: nil)),
            (rule.error503Rate, .status(503, retryAfter: retryAfter)),
            (rule.throttleRate, .status(429, retryAfter: retryAfter)),
        ]
        for (rate, outcome) in outcomes {
            guard let rate, rate > 0 else { continue }
            threshold += rate
            if roll < threshold {
                if case .status(429, _) = outcome { burstRemaining = max(0, (rule.burstLength ?? 1) - 1) }
                return FaultDecision(latencyMs: latency, outcome: outcome)
            }
        }
        return FaultDecision(latencyMs: latency, outcome: .serve)
    }
}
