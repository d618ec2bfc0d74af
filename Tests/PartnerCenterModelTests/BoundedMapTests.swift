import PartnerCenterModel
import PartnerCenterTestSupport
import Testing

/// The one bounded-concurrency helper for I/O (`boundedMap`, under the live-state reader and apply's customers):
/// input order kept, never more than `width` calls at once, and a failure stops the work and is rethrown.
@Suite(.tags(.unit)) struct BoundedMapTests {
    private actor Gauge {
        private(set) var running = 0
        private(set) var most = 0
        private(set) var started = 0

        func enter() {
            running += 1
            started += 1
            most = max(most, running)
        }

        func leave() { running -= 1 }
    }

    private struct Refused: Error, Equatable { let item: Int }

    @Test(arguments: [1, 3, 8])
    func keepsTheOrderAndTheBound(width: Int) async {
        let gauge = Gauge()
        let items = Array(0..<40)
        let doubled = await items.boundedMap(width: width) { item in
            await gauge.enter()
            // Later items finish first, so the results arrive out of order.
            for _ in 0..<(40 - item) % 5 { await Task.yield() }
            await gauge.leave()
            return item * 2
        }
        #expect(doubled == items.map { $0 * 2 })
        #expect(await gauge.most <= width)
        #expect(await gauge.most >= 1)
        #expect(await gauge.started == items.count)
    }

    @Test func nothingToDoReturnsNothing() async {
        let none = await [Int]().boundedMap(width: 4) { $0 }
        #expect(none.isEmpty)
        #expect(await [1, 2].boundedMap(width: 0) { $0 } == [1, 2])
    }

    /// Items after the failing one wait until they are cancelled: so at most `width - 1` of them can have started,
    /// and the call returns only because the failure cancelled them.
    @Test func aFailureCancelsTheRestAndIsRethrown() async {
        let gauge = Gauge()
        await #expect(throws: Refused(item: 5)) {
            try await Array(0..<50).boundedMap(width: 3) { item in
                await gauge.enter()
                if item == 5 { throw Refused(item: 5) }
                while item > 5, !Task.isCancelled { await Task.yield() }
                return item
            }
        }
        #expect(await gauge.started <= 8)
    }
}
