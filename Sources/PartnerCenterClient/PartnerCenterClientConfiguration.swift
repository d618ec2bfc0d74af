package import Foundation
package import Logging

/// Everything a ``PartnerCenterClient`` needs besides the transport.
package struct PartnerCenterClientConfiguration: Sendable {
    package static let versionDefault = "0.1.0"

    package var endpoints: ServiceEndpoints
    package var credentials: CredentialConfiguration
    package var retryPolicy: RetryPolicy
    package var rateBudget: RateBudget.Configuration
    /// At most this many requests in flight at once (all families together).
    package var maxConcurrentRequests: Int
    /// Waits (retries, pacing) and token lifetimes are measured on this clock; tests inject their own.
    package var clock: any Clock<Duration>
    package var logger: Logger
    /// `X-Locale`.
    package var locale: String
    /// `User-Agent: cspctl/<version>`.
    package var version: String
    /// `MS-CorrelationId`: one per run, so Microsoft support can find every request of a run.
    package var correlationID: String
    /// A number in `0..<1` for retry jitter.
    package var random: @Sendable () -> Double
    /// Wall-clock time (client-assertion timestamps, `Retry-After` dates).
    package var wallClock: @Sendable () -> Date

    package init(
        endpoints: ServiceEndpoints = .cloud(.public),
        credentials: CredentialConfiguration,
        retryPolicy: RetryPolicy = .default,
        rateBudget: RateBudget.Configuration = .init(),
        maxConcurrentRequests: Int = 16,
        clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "cspctl.client"),
        locale: String = "en-US",
        version: String = PartnerCenterClientConfiguration.versionDefault,
        correlationID: String = UUID().uuidString.lowercased(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        wallClock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.endpoints = endpoints
        self.credentials = credentials
        self.retryPolicy = retryPolicy
        self.rateBudget = rateBudget
        self.maxConcurrentRequests = maxConcurrentRequests
        self.clock = clock
        self.logger = logger
        self.locale = locale
        self.version = version
        self.correlationID = correlationID
        self.random = random
        self.wallClock = wallClock
    }
}
