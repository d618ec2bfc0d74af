/// When and how long to wait before trying a request again.
///
/// Retried: 429 (throttled), 500, 502, 503, 504, and attempts that got no response (connection refused, lost,
/// or timed out). Never retried: any other status (a 400 or 409 will not change by asking again) and a failed TLS
/// handshake (the server does not speak TLS there or its certificate is not trusted; that does not change either).
///
/// Schedule with ``exponentialBackoff(maxAttempts:baseDelay:maxDelay:)``, for the wait before attempt `n + 1`
/// after attempt `n` failed:
///
///     backoff(n) = min(maxDelay, baseDelay × 2^(n−1)), then jittered uniformly within ±jitter × backoff(n)
///
/// so with the defaults (4 attempts, 1 s base, 30 s cap, 20 % jitter) the waits are about 1 s, 2 s and 4 s.
/// When the service sends `Retry-After` (seconds or an HTTP date) on a 429 or 503, that wait is used instead
/// (never shortened, at most ``maxRetryAfter``), and the route family's whole budget pauses as long (see
/// ``RateBudget``), so that concurrent requests do not run into the same wall.
///
/// A create (`POST`) is retried with its original `MS-RequestId`, which the service uses to recognise a repeat
/// and answer it with the first result instead of creating twice.
package struct RetryPolicy: Sendable, Hashable {
    package var maxAttempts: Int
    package var baseDelay: Duration
    package var maxDelay: Duration
    /// The fraction of each backoff that is randomised (0 disables jitter).
    package var jitter: Double
    /// The longest `Retry-After` honoured; a longer one is waited for up to this long before trying again.
    package var maxRetryAfter: Duration

    package static func exponentialBackoff(
        maxAttempts: Int = 4,
        baseDelay: Duration = .seconds(1),
        maxDelay: Duration = .seconds(30),
        jitter: Double = 0.2,
        maxRetryAfter: Duration = .seconds(120)
    ) -> RetryPolicy {
        RetryPolicy(
            maxAttempts: max(1, maxAttempts),
            baseDelay: baseDelay,
            maxDelay: maxDelay,
            jitter: min(max(jitter, 0), 1),
            maxRetryAfter: maxRetryAfter
        )
    }

    /// One attempt, no retries.
    package static let none = RetryPolicy.exponentialBackoff(maxAttempts: 1)
    package static let `default` = RetryPolicy.exponentialBackoff()

    /// The backoff after failed attempt `attempt` (1-based), before jitter.
    package func backoff(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let grown = baseDelay * (1 << exponent)
        return min(grown, maxDelay)
    }

    /// The backoff with jitter applied; `unit` is a random number in `0..<1`.
    package func delay(afterAttempt attempt: Int, unit: Double) -> Duration {
        let backoff = backoff(afterAttempt: attempt)
        guard jitter > 0 else { return backoff }
        let factor = 1 + jitter * (2 * unit - 1)
        return backoff * factor
    }

    /// Whether a response with `status` should be retried.
    package static func isRetryable(status: Int) -> Bool {
        status == 429 || status == 500 || status == 502 || status == 503 || status == 504
    }
}
