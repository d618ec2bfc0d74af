/// One injected fault: which requests it matches and what happens to them. Decisions are drawn from a
/// generator seeded with the emulator seed, the rule's position and the count of requests it has matched, so
/// the same sequence of requests meets the same faults on every run.
package struct FaultRule: Codable, Sendable, Equatable {
    /// Regular expression matched against the route pattern (e.g. `^/v1/customers/\{id\}$`) and the request path.
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

    /// The first rule's `route` that is not a valid regular expression, if any.
    package var firstInvalidRoute: String? {
        faults.first { (try? Regex($0.route)) == nil }?.route
    }
}
