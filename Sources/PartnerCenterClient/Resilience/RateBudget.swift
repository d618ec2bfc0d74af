/// A client-side request budget per route family, so that a large run proceeds at the rate the service allows
/// instead of provoking a storm of 429s.
///
/// Each family is a token bucket (implemented as GCRA: one "theoretical arrival time" per family): requests are
/// spaced `1 / (rate × headroom)` apart, with a burst of up to `burst` requests when the family has been idle. A request that
/// finds the bucket empty waits on the injected clock for its slot; slots are handed out in arrival order.
/// ``pause(_:for:)`` (called on a 429 with `Retry-After`) pushes the family's next slot past the pause.
///
/// Defaults, from the Partner Center reference ("500 requests per minute per tenant identifier" for the
/// Customer, Order and Subscription resources) and the Graph limit (130,000 requests per 10 seconds per app):
///
/// | family | requests per minute |
/// |---|---|
/// | customers, orders, subscriptions | 500 |
/// | other Partner Center routes (catalog, entitlements, ...) | 500 (not documented; assumed the same) |
/// | graph | 780,000 |
package actor RateBudget {
    /// A budget: requests per minute per family, a burst, and a scale factor (benchmarks against the emulator
    /// scale the documented limits up and the emulator's limits by the same factor).
    package struct Configuration: Sendable, Hashable {
        package var requestsPerMinute: [RouteFamily: Double]
        /// How many requests may go at once after an idle period, as a fraction of a minute's budget.
        package var burstFraction: Double
        /// The share of the budget the client uses. Below 1 so that the burst plus a minute at the full rate
        /// still fits in one of the service's one-minute windows (0.95 + 0.02 < 1).
        package var headroom: Double
        package var scale: Double

        package init(
            requestsPerMinute: [RouteFamily: Double] = Configuration.documentedLimits,
            burstFraction: Double = 0.02,
            headroom: Double = 0.95,
            scale: Double = 1
        ) {
            self.requestsPerMinute = requestsPerMinute
            self.burstFraction = burstFraction
            self.headroom = headroom
            self.scale = scale
        }

        package static let documentedLimits: [RouteFamily: Double] = [
            .customers: 500, .orders: 500, .subscriptions: 500, .other: 500, .graph: 780_000,
        ]

        /// Requests per second for `family`, after scaling; nil means unpaced.
        package func rate(_ family: RouteFamily) -> Double? {
            guard let perMinute = requestsPerMinute[family], perMinute > 0, scale > 0 else { return nil }
            return perMinute * scale * headroom / 60
        }

        package func burst(_ family: RouteFamily) -> Double {
            guard let rate = rate(family) else { return 1 }
            return max(1, (rate / headroom * 60 * burstFraction).rounded(.down))
        }
    }

    package let configuration: Configuration
    private let clock: any Clock<Duration>
    private let elapsed: @Sendable () -> Duration
    /// Per family: the theoretical arrival time of the next request, as elapsed time since creation.
    private var nextSlot: [RouteFamily: Duration] = [:]
    private var pausedUntil: [RouteFamily: Duration] = [:]

    package init(_ configuration: Configuration = .init(), clock: any Clock<Duration>) {
        self.configuration = configuration
        self.clock = clock
        self.elapsed = ClockReading.elapsedFunction(clock)
    }

    /// Waits until `family` may send one request.
    package func acquire(_ family: RouteFamily) async throws {
        guard let rate = configuration.rate(family) else { return }
        let interval = Duration.seconds(1 / rate)
        let tolerance = interval * (configuration.burst(family) - 1)
        let now = elapsed()
        let slot = max(nextSlot[family] ?? now, now)
        var earliest = slot - tolerance
        if let pause = pausedUntil[family], pause > earliest { earliest = pause }
        nextSlot[family] = max(slot, earliest) + interval
        if earliest > now {
            try await clock.sleep(for: earliest - now)
        }
    }

    /// Holds back every request of `family` for `duration` from now (the service said `Retry-After`).
    package func pause(_ family: RouteFamily, for duration: Duration) {
        let until = elapsed() + duration
        pausedUntil[family] = max(pausedUntil[family] ?? until, until)
        if let slot = nextSlot[family], slot < until { nextSlot[family] = until }
    }
}

/// Reads an existential clock as "time elapsed since a start".
package enum ClockReading {
    package static func elapsedFunction(_ clock: any Clock<Duration>) -> @Sendable () -> Duration {
        open(clock)
    }

    private static func open<C: Clock>(_ clock: C) -> @Sendable () -> Duration where C.Duration == Duration {
        let start = clock.now
        return { start.duration(to: clock.now) }
    }
}

/// Bounds how many requests are in flight at once.
package actor ConcurrencyLimit {
    private let limit: Int
    private var inFlight = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    package init(_ limit: Int) { self.limit = max(1, limit) }

    package func acquire() async {
        if inFlight < limit {
            inFlight += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    package func release() {
        if waiters.isEmpty {
            inFlight -= 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
