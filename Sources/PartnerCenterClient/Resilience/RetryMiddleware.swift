package import Foundation
package import HTTPTypes

/// Applies a ``RetryPolicy``: the same request (same `MS-RequestId`) is sent again after a retryable answer or
/// no answer, waiting on the injected clock.
package struct RetryMiddleware: ClientMiddleware {
    let policy: RetryPolicy
    let clock: any Clock<Duration>
    let budget: RateBudget?
    let random: @Sendable () -> Double
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - random: a number in `0..<1` for jitter (tests pin it).
    ///   - now: wall-clock time, to read `Retry-After` given as an HTTP date.
    package init(
        policy: RetryPolicy,
        clock: any Clock<Duration>,
        budget: RateBudget? = nil,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.policy = policy
        self.clock = clock
        self.budget = budget
        self.random = random
        self.now = now
    }

    package func intercept(
        _ request: HTTPRequest,
        body: Data?,
        context: RequestContext,
        next: @Sendable (HTTPRequest, Data?, RequestContext) async throws -> (HTTPResponse, Data)
    ) async throws -> (HTTPResponse, Data) {
        while true {
            let attempt = context.progress.beginAttempt()
            let isLast = attempt >= policy.maxAttempts
            let wait: Duration
            do {
                let (response, responseBody) = try await next(request, body, context)
                let status = response.status.code
                guard RetryPolicy.isRetryable(status: status) else { return (response, responseBody) }
                let retryAfter = Self.retryAfter(response.headerFields[.retryAfter], now: now())
                context.progress.record(retryAfter: retryAfter)
                if let retryAfter, status == 429 || status == 503 {
                    let requested = Duration.milliseconds(Int64((retryAfter * 1000).rounded(.up)))
                    wait = min(requested, policy.maxRetryAfter)
                    if status == 429 { await budget?.pause(context.operation.family, for: wait) }
                } else {
                    wait = policy.delay(afterAttempt: attempt, unit: random())
                }
                if isLast { return (response, responseBody) }
            } catch let failure as TransportFailure {
                if failure.kind == .connectionLost || failure.kind == .timeout { context.progress.recordLostResponse() }
                // A TLS handshake that failed fails the same way again: the server does not speak TLS there, or its
                // certificate is not trusted. Nothing was sent.
                if isLast || failure.kind == .tls { throw failure }
                wait = policy.delay(afterAttempt: attempt, unit: random())
            }
            try await clock.sleep(for: wait)
        }
    }

    /// `Retry-After` as seconds (`57`, `0.5`) or an HTTP date; nil when absent or unreadable.
    package static func retryAfter(_ value: String?, now: Date) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds >= 0, seconds.isFinite { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
