import Foundation

/// A clock whose sleeps return at once: time jumps to the deadline and each sleep is recorded. Tests read the
/// waits a retry policy or rate budget asked for, and never wait themselves.
final class TestClock: Clock, @unchecked Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    private var recorded: [Duration] = []

    var now: Instant { lock.withLock { current } }
    var minimumResolution: Duration { .zero }

    /// Every sleep requested, in order.
    var sleeps: [Duration] { lock.withLock { recorded } }
    /// Time elapsed since the clock was made.
    var elapsed: Duration { lock.withLock { current.offset } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        lock.withLock {
            recorded.append(deadline.offset - current.offset)
            if deadline > current { current = deadline }
        }
    }

    func advance(by duration: Duration) {
        lock.withLock { current = current.advanced(by: duration) }
    }
}
