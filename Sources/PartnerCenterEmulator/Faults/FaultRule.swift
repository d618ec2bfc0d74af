/// One injected fault: which requests it matches and what happens to them. Decisions are drawn from a
/// generator seeded with the emulator seed, the rule's position and the count of requests it has matched, so
/// the same sequence of requests meets the same faults on every run.
package struct FaultRule: Codable, Sendable, Equatable {
    /// Regular expression matched against the route pattern (e.g. `^/v1/customers/\{id\}$`) and the request path,
    /// in the linear-time subset `RoutePattern` takes (no backreferences or lookaround; at most 512 characters).
    package var route: String
    /// Only this HTTP method (upper case); nil matches all.
    package var method: String?
    /// Added latency in milliseconds: fixed when `latencyMaxMs` is nil, else uniform in `latencyMs...latencyMaxMs`.
    package var latencyMs: Int?
    package var latencyMaxMs: Int?
    /// Probability (0...1) of answering 500 / 503 instead of serving the request.
    package var error500Rate: Double?
    package var error503Rate: Double?
    /// Probability that a request starts a burst of `burstLength` consecutive 429 answers.
    package var throttleRate: Double?
    package var burstLength: Int?
    /// Seconds announced in `Retry-After` on injected 429s.
    package var retryAfterSeconds: Int?
    /// Probability of closing the connection without answering and without serving the request.
    package var dropRate: Double?
    /// Probability of serving the request (its change is committed) and then closing without answering.
    package var loseResponseRate: Double?
    /// Only the first N matching requests are affected; nil means all.
    package var limit: Int?
    /// Every answer to a matching request (success or error; Partner Center, Graph and the token endpoint) starts
    /// with a UTF-8 byte-order mark (EF BB BF), as most bodies of the real service do. Independent of the other
    /// fields: every matching rule with `byteOrderMark: true` applies, whichever rule decides the fault, and a rule
    /// with nothing else set takes no part in choosing the fault. `limit` does not apply to it.
    package var byteOrderMark: Bool?

    package init(
        route: String,
        method: String? = nil,
        latencyMs: Int? = nil,
        latencyMaxMs: Int? = nil,
        error500Rate: Double? = nil,
        error503Rate: Double? = nil,
        throttleRate: Double? = nil,
        burstLength: Int? = nil,
        retryAfterSeconds: Int? = nil,
        dropRate: Double? = nil,
        loseResponseRate: Double? = nil,
        limit: Int? = nil,
        byteOrderMark: Bool? = nil
    ) {
        self.route = route
        self.method = method
        self.latencyMs = latencyMs
        self.latencyMaxMs = latencyMaxMs
        self.error500Rate = error500Rate
        self.error503Rate = error503Rate
        self.throttleRate = throttleRate
        self.burstLength = burstLength
        self.retryAfterSeconds = retryAfterSeconds
        self.dropRate = dropRate
        self.loseResponseRate = loseResponseRate
        self.limit = limit
        self.byteOrderMark = byteOrderMark
    }

    /// Whether the rule only asks for byte-order marks (then it takes no part in choosing the fault).
    var onlyByteOrderMark: Bool {
        byteOrderMark == true && latencyMs == nil && latencyMaxMs == nil && error500Rate == nil && error503Rate == nil
            && throttleRate == nil && burstLength == nil && retryAfterSeconds == nil && dropRate == nil
            && loseResponseRate == nil
    }
}

/// What the fault middleware does with one request.
package struct FaultDecision: Sendable, Equatable {
    package enum Outcome: Sendable, Equatable {
        case serve
        case status(Int, retryAfter: Int?)
        case drop
        case loseResponse
    }

    package var latencyMs: Int
    package var outcome: Outcome

    package static let none = FaultDecision(latencyMs: 0, outcome: .serve)
}

/// SplitMix64: small, fast and good enough to make seeded decisions and ids.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) {
        self.state = seed
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in 0..<1.
    package mutating func unit() -> Double {
        Double(next() >> 11) / Double(UInt64(1) << 53)
    }
}

/// `{"faults": [rules]}`: what `PUT /_emulator/faults` and `cspctl emulator --faults FILE` take.
package struct FaultList: Codable, Sendable {
    package var faults: [FaultRule]

    package init(faults: [FaultRule]) {
        self.faults = faults
    }

    /// Most rules in one list.
    package static let maxRules = 1_000

    /// Why the list cannot be used (the first problem, naming the rule by position and route), or nil.
    package var problem: String? {
        guard faults.count <= Self.maxRules else { return "at most \(Self.maxRules) rules, not \(faults.count)" }
        for (index, rule) in faults.enumerated() {
            if let problem = rule.problem { return "rule \(index + 1) (route \(rule.route.prefix(80))): \(problem)" }
        }
        return nil
    }
}

extension FaultRule {
    /// Largest latency a rule may add, in milliseconds (a minute: clients time out long before).
    package static let maxLatencyMs = 60_000
    /// Largest `Retry-After` announced, in seconds (a day).
    package static let maxRetryAfterSeconds = 86_400
    /// Longest 429 burst.
    package static let maxBurstLength = 10_000

    /// Why the rule cannot be used, or nil: a route `RoutePattern` refuses, or a number outside its range.
    package var problem: String? {
        do {
            _ = try RoutePattern(route)
        } catch {
            return "route is not a usable regular expression: \(error.reason)"
        }
        if let method, method.isEmpty || method.count > 20 || !method.allSatisfy({ $0.isLetter }) {
            return "method must be an HTTP method such as GET"
        }
        for (name, value) in [("latencyMs", latencyMs), ("latencyMaxMs", latencyMaxMs)] {
            if let value, !(0...Self.maxLatencyMs).contains(value) {
                return "\(name) must be between 0 and \(Self.maxLatencyMs)"
            }
        }
        if let latencyMaxMs, latencyMaxMs < (latencyMs ?? 0) { return "latencyMaxMs must not be below latencyMs" }
        let rates = [
            ("error500Rate", error500Rate), ("error503Rate", error503Rate), ("throttleRate", throttleRate),
            ("dropRate", dropRate), ("loseResponseRate", loseResponseRate),
        ]
        for (name, value) in rates {
            if let value, !value.isFinite || !(0...1).contains(value) { return "\(name) must be between 0 and 1" }
        }
        if rates.compactMap(\.1).reduce(0, +) > 1 { return "the rates add up to more than 1" }
        if let burstLength, !(1...Self.maxBurstLength).contains(burstLength) {
            return "burstLength must be between 1 and \(Self.maxBurstLength)"
        }
        if let retryAfterSeconds, !(0...Self.maxRetryAfterSeconds).contains(retryAfterSeconds) {
            return "retryAfterSeconds must be between 0 and \(Self.maxRetryAfterSeconds)"
        }
        if let limit, limit < 0 { return "limit must not be negative" }
        return nil
    }
}
