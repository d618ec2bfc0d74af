import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Synchronization
import Testing

@Suite("Faults, throttling, replay, persistence, control API", .tags(.loopback))
struct InfrastructureTests {
    /// The same seed and the same request sequence meet the same faults.
    @Test func faultsAreDeterministicUnderSeed() async throws {
        let rule = FaultRule(route: "^/v1/customers$", method: "GET", error500Rate: 0.3, error503Rate: 0.3)
        func statuses() async throws -> [Int] {
            try await TestSession.with(faults: [rule]) { (session: TestSession) async throws in
                var result: [Int] = []
                for _ in 0..<30 { result.append(try await session.send(.GET, "/v1/customers").status) }
                return result
            }
        }
        let first = try await statuses()
        #expect(first == (try await statuses()))
        #expect(first.contains(500) && first.contains(503) && first.contains(200))
    }

    @Test func faultErrorsUseServiceShapes() async throws {
        let faults = [FaultRule(route: "customers", error503Rate: 1, retryAfterSeconds: 7)]
        try await TestSession.with(faults: faults) { (session: TestSession) async throws in
            let reply = try await session.send(.GET, "/v1/customers")
            #expect(reply.status == 503)
            #expect(reply.headers["Retry-After"].first == "7")
            #expect(reply.object["source"] as? String == "PartnerFD")
        }
    }

    @Test func throttleBurstsLastTheirLength() async throws {
        let faults = [FaultRule(route: "customers", throttleRate: 1, burstLength: 3, retryAfterSeconds: 2, limit: 1)]
        try await TestSession.with(faults: faults) { (session: TestSession) async throws in
            var statuses: [Int] = []
            for _ in 0..<5 { statuses.append(try await session.send(.GET, "/v1/customers").status) }
            #expect(statuses == [429, 429, 429, 200, 200])
        }
    }

    @Test func droppedConnectionNeverServes() async throws {
        try await TestSession.with(faults: [FaultRule(route: "^/v1/customers$", method: "POST", dropRate: 1, limit: 1)])
        { (session: TestSession) async throws in
            await #expect(throws: (any Error).self) {
                try await session.send(
                    .POST,
                    "/v1/customers",
                    json: try CustomerTests.body(domain: "dropped.onmicrosoft.com")
                )
            }
            #expect(try await session.send(.HEAD, "/v1/domains/dropped.onmicrosoft.com").status == 404)
        }
    }

    /// A lost response commits the change then closes the connection; the retry with the same MS-RequestId
    /// gets the first response instead of a duplicate.
    @Test func lostResponseCommitsAndReplayAnswers() async throws {
        let faults = [FaultRule(route: "^/v1/customers$", method: "POST", loseResponseRate: 1, limit: 1)]
        try await TestSession.with(faults: faults) { (session: TestSession) async throws in
            let headers = [("MS-RequestId", "6f0c4c6e-0f7e-4a41-9d0f-6b8a4c3e2a11")]
            let body = try CustomerTests.body(domain: "lost.onmicrosoft.com")
            await #expect(throws: (any Error).self) {
                try await session.send(.POST, "/v1/customers", headers: headers, json: body)
            }
            #expect(try await session.send(.HEAD, "/v1/domains/lost.onmicrosoft.com").status == 200)
            let retry = try await session.send(.POST, "/v1/customers", headers: headers, json: body)
            #expect(retry.status == 201)
            let list = try await session.send(.GET, "/v1/customers")
            #expect(list.object["totalCount"] as? Int == 1)
            #expect(JSONShape.value(list.object, "items.0.id") as? String == retry.object["id"] as? String)
        }
    }

    @Test func repeatedRequestIdReplaysCreate() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            let headers = [("MS-RequestId", "0b1d2c3e-4f50-4a61-8b72-9c8d7e6f5a4b")]
            let body = try CustomerTests.body(domain: "replay.onmicrosoft.com")
            let first = try await session.send(.POST, "/v1/customers", headers: headers, json: body)
            let second = try await session.send(.POST, "/v1/customers", headers: headers, json: body)
            #expect(first.status == 201)
            #expect(second.status == 201)
            #expect(first.body == second.body)
            let fresh = try await session.send(
                .POST,
                "/v1/customers",
                headers: [("MS-RequestId", "11111111-2222-4333-8444-555555555555")],
                json: body
            )
            #expect(fresh.status == 409)
        }
    }

    /// Throttling: the documented 429 body and Retry-After; the budget comes back after a minute.
    @Test func throttlingPerPartnerAndFamily() async throws {
        try await TestSession.with(rateLimits: RateLimits(perMinute: ["customers": 3])) {
            (session: TestSession) async throws in
            for _ in 0..<3 { #expect(try await session.send(.GET, "/v1/customers").status == 200) }
            let throttled = try await session.send(.GET, "/v1/customers")
            #expect(throttled.status == 429)
            let retryAfter = try #require(throttled.headers["Retry-After"].first.flatMap { Int($0) })
            #expect(retryAfter == 60)
            #expect(
                throttled.object as NSDictionary == [
                    "statusCode": 429, "message": "Rate limit is exceeded. Try again in 60 seconds.",
                ] as NSDictionary
            )
            #expect(try await session.send(.GET, "/v1/products?country=US&targetView=OnlineServices").status == 200)
            try await session.advanceClock(seconds: 60)
            #expect(try await session.send(.GET, "/v1/customers").status == 200)
        }
    }

    /// The emulator clock stands still (its default): a budget still comes back after a real minute, as the service
    /// counts requests per real minute. Before, a frozen clock throttled every run longer than a minute forever.
    @Test func aFrozenClockStillGetsItsBudgetBackAfterARealMinute() async throws {
        let real = Mutex(Duration.zero)
        try await TestSession.with(
            rateLimits: RateLimits(perMinute: ["customers": 2]),
            elapsed: { real.withLock { $0 } }
        ) { (session: TestSession) async throws in
            for _ in 0..<2 { #expect(try await session.send(.GET, "/v1/customers").status == 200) }
            real.withLock { $0 = .seconds(45) }
            let throttled = try await session.send(.GET, "/v1/customers")
            #expect(throttled.status == 429)
            #expect(throttled.headers["Retry-After"].first == "15")
            real.withLock { $0 = .seconds(60) }
            #expect(try await session.send(.GET, "/v1/customers").status == 200)
        }
    }

    @Test func documentedDefaultBudgets() {
        #expect(RateLimits.documented.perMinute == ["customers": 500, "orders": 500, "subscriptions": 500])
    }

    /// The state file survives a restart: customers and issued tokens are still there.
    @Test func statePersistsAcrossRestart() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("emulator-\(UUID().uuidString).json")
            .path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let (id, token) = try await TestSession.with(stateFile: file) { (session: TestSession) async throws in
            (try await session.createCustomer(domain: "durable.onmicrosoft.com"), session.app)
        }
        try await TestSession.with(stateFile: file) { (session: TestSession) async throws in
            let reply = try await session.emulator.send(.GET, "/v1/customers/\(id)", token: token)
            #expect(reply.status == 200)
            #expect(JSONShape.value(reply.object, "companyProfile.domain") as? String == "durable.onmicrosoft.com")
        }
    }

    @Test func controlApiCountersClockStateAndReset() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            _ = try await session.send(.GET, "/v1/customers")
            _ = try await session.send(.GET, "/v1/customers/00000000-0000-4000-8000-000000000000")
            let counters = try await session.emulator.control(.GET, "counters")
            let entries = counters.object["counters"] as? [[String: Any]] ?? []
            let list = entries.first { $0["route"] as? String == "GET /v1/customers" }
            #expect(JSONShape.value(list as Any, "statuses.200") as? Int == 1)
            let byId = entries.first { $0["route"] as? String == "GET /v1/customers/{customerId}" }
            #expect(JSONShape.value(byId as Any, "statuses.404") as? Int == 1)
            #expect(try await session.emulator.control(.DELETE, "counters").status == 204)
            let clock = try await session.emulator.control(.POST, "clock/advance", json: ["seconds": 90])
            #expect(clock.object["now"] as? String == "2025-01-01T00:01:30Z")
            try await session.createCustomer(domain: "snapshot.onmicrosoft.com")
            let snapshot = try await session.emulator.control(.GET, "state")
            #expect(try await session.emulator.control(.POST, "reset").status == 204)
            #expect(try await session.send(.HEAD, "/v1/domains/snapshot.onmicrosoft.com").status == 401)
            #expect(try await session.emulator.control(.PUT, "state", json: try snapshot.json()).status == 204)
            #expect(try await session.send(.HEAD, "/v1/domains/snapshot.onmicrosoft.com").status == 200)
            let faults = try await session.emulator.control(
                .PUT,
                "faults",
                json: ["faults": [["route": "products", "error500Rate": 1]]]
            )
            #expect(faults.status == 200)
            #expect(try await session.send(.GET, "/v1/products?country=US&targetView=OnlineServices").status == 500)
            #expect(try await session.emulator.control(.DELETE, "faults").status == 204)
            #expect(try await session.send(.GET, "/v1/products?country=US&targetView=OnlineServices").status == 200)
        }
    }

    @Test func requestPropertyNamesInAnyCasing() async throws {
        try await TestSession.with { (session: TestSession) async throws in
            var body = try CustomerTests.body(domain: "casing.onmicrosoft.com")
            body["companyprofile"] = body.removeValue(forKey: "CompanyProfile")
            body["BILLINGPROFILE"] = body.removeValue(forKey: "BillingProfile")
            let reply = try await session.send(.POST, "/v1/customers", json: body)
            #expect(reply.status == 201)
            #expect(JSONShape.value(reply.object, "billingProfile.companyName") as? String == "Wingtip Toys")
        }
    }
}
