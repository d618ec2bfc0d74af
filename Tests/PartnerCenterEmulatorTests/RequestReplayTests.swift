import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// `MS-RequestId` idempotency beyond creates: a repeated PATCH is replayed (rest-conventions.md "Idempotency
/// semantics for an emulator"), and a repeat that arrives while the first is still being handled is never run a
/// second time.
@Suite(.tags(.loopback)) struct RequestReplayTests {
    /// A client whose PATCH answer was lost retries with the same request id and the same (now stale) etag: it gets
    /// the first answer again instead of 2055, and the change is made once. A new request id with the stale etag is
    /// still refused.
    @Test func repeatedPatchIsReplayedNotRefusedForItsOwnEtag() async throws {
        try await TestSession.with { session in
            let customer = try await session.createCustomer(domain: "patch-replay.onmicrosoft.com")
            try await session.confirmAgreement(customer)
            let id = try await session.purchase(customer, quantity: 5)
            var body = try await session.subscription(customer, id)
            let etag = try #require(JSONShape.value(body, "attributes.etag") as? String)
            body["quantity"] = 7
            let path = "/v1/customers/\(customer)/subscriptions/\(id)"
            let headers = [("If-Match", etag), ("MS-RequestId", "7d0c9f64-2f1e-4a57-9b3c-1e2d3c4b5a69")]
            let first = try await session.send(.PATCH, path, headers: headers, json: body)
            #expect(first.status == 200, "\(first.text)")
            let repeated = try await session.send(.PATCH, path, headers: headers, json: body)
            #expect(repeated.status == 200, "\(repeated.text)")
            #expect(repeated.body == first.body)
            #expect(try await session.subscription(customer, id)["quantity"] as? Int == 7)

            body["quantity"] = 9
            let stale = try await session.send(
                .PATCH,
                path,
                headers: [("If-Match", etag), ("MS-RequestId", "0e3b6a1c-5d4f-4e2a-8c7b-6a5f4e3d2c1b")],
                json: body
            )
            #expect(stale.errorCode == 2055, "\(stale.text)")
            #expect(try await session.subscription(customer, id)["quantity"] as? Int == 7)
        }
    }

    /// Many copies of one create sent at once (two runners racing with one derived request id): one customer is
    /// created; every answer is either the first answer or 409 / 800060 "Your order is in progress".
    @Test func concurrentRepeatsOfOneRequestIdActOnce() async throws {
        let copies = Int(ProcessInfo.processInfo.environment["CSPCTL_REPLAY_COPIES"] ?? "") ?? 16
        // The same latency for every copy: they all reach the replay check together, as racing runners' requests do.
        let faults = [FaultRule(route: "^/v1/customers$", method: "POST", latencyMs: 200)]
        try await TestSession.with(faults: faults) { session in
            let headers = [("MS-RequestId", "3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99")]
            let body = try JSONSerialization.data(
                withJSONObject: try CustomerTests.body(domain: "concurrent.onmicrosoft.com")
            )
            let emulator = session.emulator
            let token = session.app
            let replies = try await withThrowingTaskGroup(of: (Int, Int?, Data).self) { group in
                for _ in 0..<copies {
                    group.addTask {
                        let reply = try await emulator.send(
                            .POST,
                            "/v1/customers",
                            token: token,
                            headers: headers,
                            body: body
                        )
                        return (Int(reply.status), reply.errorCode, reply.body)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let created = replies.filter { $0.0 == 201 }
            #expect(!created.isEmpty)
            #expect(Set(created.map(\.2)).count == 1, "every 201 is the first answer")
            for reply in replies where reply.0 != 201 {
                #expect(reply.0 == 409 && reply.1 == 800060, "\(reply.0) \(String(decoding: reply.2, as: UTF8.self))")
            }
            let list = try await session.send(.GET, "/v1/customers")
            #expect(list.object["totalCount"] as? Int == 1)
        }
    }
}
