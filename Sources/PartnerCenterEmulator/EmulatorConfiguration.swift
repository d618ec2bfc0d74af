package import Foundation

/// Everything that shapes one emulator instance. The defaults give a loopback server on an ephemeral port, in
/// memory, with the throttling budgets documented for Partner Center.
package struct EmulatorConfiguration: Sendable {
    /// Interface to bind; the emulator only ever listens on loopback by default.
    package var host: String
    /// TCP port; 0 asks the OS for an ephemeral port (the bound port is reported by `EmulatorServer.baseURL`).
    package var port: Int
    /// JSON file the state is loaded from at start and written to (atomically, mode 0600) by a background writer:
    /// within `stateFlushInterval` of a change, and at shutdown. It must be writable at start, or the emulator
    /// refuses to start.
    package var stateFile: String?
    /// How long after a change the state file is written at the latest; changes within it are written together.
    package var stateFlushInterval: Duration
    /// The secret every control API request (`/_emulator/...`) must carry in `X-Emulator-Control-Token`; nil
    /// generates a random one at start (`EmulatorServer.controlToken`).
    package var controlToken: String?
    /// Seed for generated ids and for fault decisions.
    package var seed: UInt64
    /// The emulator clock's start; nil follows the wall clock (plus any advance made through the control API).
    package var initialTime: Date?
    /// Per-partner request budgets per route family.
    package var rateLimits: RateLimits
    /// Faults active from the start (the control API can replace them).
    package var faults: [FaultRule]
    /// Integration sandbox (TiP) account: customers can be deleted, orders cancelled, sandbox quotas apply.
    package var sandbox: Bool
    /// Lifetime of issued access tokens (Entra's default is 3600-4800 s; 3600 is what it reports).
    package var tokenLifetime: TimeInterval
    /// NCE cancellation / seat-reduction window (learn: 7 days; the 2021 preview used 72 hours).
    package var cancellationWindow: TimeInterval
    /// The well-known development partner is accepted out of the box.
    package var developmentPartnerEnabled: Bool
    /// Real time elapsed since the emulator was configured. Throttling windows end after a real minute too, not
    /// only after a minute of the emulator clock: the service counts requests per real minute, and an emulator
    /// clock that is frozen (the default `initialTime`) must not throttle a long run forever. Tests inject it.
    package var elapsed: @Sendable () -> Duration

    package init(
        host: String = "127.0.0.1",
        port: Int = 0,
        stateFile: String? = nil,
        stateFlushInterval: Duration = .milliseconds(100),
        controlToken: String? = nil,
        seed: UInt64 = 0x5eed,
        initialTime: Date? = EmulatorConfiguration.initialTimeDefault,
        rateLimits: RateLimits = .documented,
        faults: [FaultRule] = [],
        sandbox: Bool = false,
        tokenLifetime: TimeInterval = 3600,
        cancellationWindow: TimeInterval = 7 * 24 * 3600,
        developmentPartnerEnabled: Bool = true,
        elapsed: (@Sendable () -> Duration)? = nil
    ) {
        self.host = host
        self.port = port
        self.stateFile = stateFile
        self.stateFlushInterval = stateFlushInterval
        self.controlToken = controlToken
        self.seed = seed
        self.initialTime = initialTime
        self.rateLimits = rateLimits
        self.faults = faults
        self.sandbox = sandbox
        self.tokenLifetime = tokenLifetime
        self.cancellationWindow = cancellationWindow
        self.developmentPartnerEnabled = developmentPartnerEnabled
        self.elapsed =
            elapsed
            ?? {
                let start = ContinuousClock.now
                return { start.duration(to: .now) }
            }()
    }

    /// The largest the emulator clock may be moved from its start, either way: 100 years. Dates beyond it stop
    /// being dates the services write (and token expiry arithmetic stops making sense).
    package static let maxClockOffset: TimeInterval = 100 * 365.25 * 24 * 3600

    /// 2025-01-01T00:00:00Z: a fixed start so tests never depend on the wall clock.
    package static let initialTimeDefault = Date(timeIntervalSince1970: 1_735_689_600)
}

/// Request budgets per partner tenant and route family, per fixed one-minute window of the emulator clock.
package struct RateLimits: Codable, Sendable, Equatable {
    /// Budgets in requests per minute, keyed by route family (`customers`, `orders`, `subscriptions`, `graph`, ...).
    package var perMinute: [String: Int]

    package init(perMinute: [String: Int]) {
        self.perMinute = perMinute
    }

    /// "The Customer, Order and Subscription resources each have a rate limit of 500 requests per minute per
    /// tenant identifier" (customer-resources.md, order-resources.md, subscription-resources.md). Other
    /// families have no documented number and are not limited by default.
    package static let documented = RateLimits(perMinute: ["customers": 500, "orders": 500, "subscriptions": 500])
    /// No throttling at all (benchmarks).
    package static let unlimited = RateLimits(perMinute: [:])
}
