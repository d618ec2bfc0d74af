import Foundation
import PartnerCenterClient
import PartnerCenterTestSupport
import Testing

@Suite(.tags(.unit)) struct PacingTests {
    @Test func requestsAreSpacedAtTheRateAfterTheBurst() async throws {
        let clock = TestClock()
        // 60 per minute = 1 per second, burst 3.
        let budget = RateBudget(
            .init(requestsPerMinute: [.subscriptions: 60], burstFraction: 0.05, headroom: 1),
            clock: clock
        )
        var times: [Duration] = []
        for _ in 0..<6 {
            try await budget.acquire(.subscriptions)
            times.append(clock.elapsed)
        }
        #expect(times == [.zero, .zero, .zero, .seconds(1), .seconds(2), .seconds(3)])
    }

    @Test func documentedDefaultsAndScale() {
        let documented = RateBudget.Configuration()
        #expect(documented.requestsPerMinute[.customers] == 500)
        #expect(documented.requestsPerMinute[.orders] == 500)
        #expect(documented.requestsPerMinute[.subscriptions] == 500)
        #expect(documented.rate(.subscriptions) == 500.0 * 0.95 / 60)
        #expect(documented.rate(.identity) == nil)
        // A burst plus a minute at the client's rate stays inside one minute's budget.
        #expect(documented.burst(.customers) + documented.rate(.customers)! * 60 < 500)
        let scaled = RateBudget.Configuration(headroom: 1, scale: 10)
        #expect(scaled.rate(.subscriptions) == 5000.0 / 60)
    }

    @Test func familiesHaveSeparateBudgets() async throws {
        let clock = TestClock()
        let budget = RateBudget(
            .init(requestsPerMinute: [.customers: 60, .orders: 60], burstFraction: 0, headroom: 1),
            clock: clock
        )
        try await budget.acquire(.customers)
        try await budget.acquire(.orders)
        #expect(clock.elapsed == .zero)
        try await budget.acquire(.customers)
        #expect(clock.elapsed == .seconds(1))
    }

    @Test func throttlingPausesTheWholeFamily() async throws {
        let clock = TestClock()
        let budget = RateBudget(.init(requestsPerMinute: [.customers: 6000], burstFraction: 0.5), clock: clock)
        await budget.pause(.customers, for: .seconds(30))
        try await budget.acquire(.customers)
        #expect(clock.elapsed >= .seconds(29))
    }

    @Test func clientSpendsTheBudgetPerRequest() async throws {
        let clock = TestClock()
        let transport = ScriptedTransport.withTokens { _, _, _ in .status(200, json: #"{"id":"s1"}"#) }
        let client = PartnerCenterClient.forTesting(
            transport: transport,
            clock: clock,
            rateBudget: .init(requestsPerMinute: [.subscriptions: 120], burstFraction: 0, headroom: 1)
        )
        for _ in 0..<5 { _ = try await client.getSubscription("c", subscriptionID: "s1") }
        // 2 per second: the 5th request goes at 2 s.
        #expect(clock.elapsed == .seconds(2))
    }

    @Test func concurrencyIsBounded() async throws {
        let limit = ConcurrencyLimit(2)
        let tracker = InFlightTracker()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    await limit.acquire()
                    await tracker.enter()
                    await Task.yield()
                    await tracker.leave()
                    await limit.release()
                }
            }
            try await group.waitForAll()
        }
        #expect(await tracker.maximum <= 2)
        #expect(await tracker.total == 8)
    }
}

private actor InFlightTracker {
    private(set) var current = 0
    private(set) var maximum = 0
    private(set) var total = 0

    func enter() {
        current += 1
        total += 1
        maximum = max(maximum, current)
    }

    func leave() { current -= 1 }
}
