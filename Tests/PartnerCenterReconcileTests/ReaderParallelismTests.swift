import Foundation
import HTTPTypes
import NIOHTTP1
import PartnerCenterClient
import PartnerCenterEmulator
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterTestSupport
import Testing

/// `--parallelism N` bounds how many customers the reader works on at once: over loopback against the emulator,
/// with latency injected on every service route so that reads overlap, a transport wrapper records the most
/// service requests in flight at any moment (each customer's own reads are sequential, so that is the number of
/// customers being read at once). No timing is asserted: only counts.
@Suite(.tags(.loopback, .slow)) struct ReaderParallelismTests {
    @Test(arguments: [1, 3])
    func readerKeepsAtMostParallelismCustomersInFlight(parallelism: Int) async throws {
        try await ReaderSession.with { session in
            var customers: [DesiredCustomer] = []
            for index in 0..<8 {
                let domain = "parallel\(index).onmicrosoft.com"
                _ = try await session.createCustomer(domain)
                customers.append(ReaderSession.customer(domain))
            }
            // Latency only (no failures) on Partner Center and Graph, so that concurrent reads overlap.
            let faults = try await session.harness.control(
                .PUT,
                "faults",
                json: ["faults": [["route": "^/(v1|graph)/", "latencyMs": 25]]]
            )
            #expect(faults.status == 204 || faults.status == 200, "\(faults.text)")

            let (client, transport, tracker) = session.trackedClient(maxConcurrentRequests: 16)
            let store = session.harness.store
            let reader = LiveStateReader(client: client, parallelism: parallelism, serviceClock: { await store.now })
            let live = try await reader.read(ReaderSession.desired(customers))
            try? await transport.shutdown()

            // Every customer was read (billing known), with at most `parallelism` service requests in flight.
            #expect(live.customers.count == 8)
            for customer in customers {
                guard case .found(let read) = live.customers[customer.domain] else {
                    Issue.record("\(customer.domain) not found")
                    continue
                }
                #expect(read.billing.value != nil)
            }
            let peak = tracker.peak
            #expect(peak <= parallelism, "peak \(peak) requests in flight with parallelism \(parallelism)")
            // The bound is reached: with 8 customers and the latency, reads do overlap up to the limit (the
            // client's own limit, 16, is not what bounds them).
            #expect(peak == parallelism, "peak \(peak) requests in flight with parallelism \(parallelism)")
            #expect(tracker.total >= 8 * 5)
        }
    }
}

/// Counts service requests (not token requests) in flight and remembers the most at once.
final class InFlightTracker: PartnerCenterTransport, @unchecked Sendable {
    let inner: any PartnerCenterTransport
    private let lock = NSLock()
    private var current = 0
    private var highest = 0
    private var sent = 0

    init(_ inner: any PartnerCenterTransport) { self.inner = inner }

    var peak: Int { lock.withLock { highest } }
    var total: Int { lock.withLock { sent } }

    func send(_ request: HTTPRequest, body: Data?) async throws -> (HTTPResponse, Data) {
        let counted = !(request.path ?? "").contains("/oauth2/")
        if counted {
            lock.withLock {
                current += 1
                sent += 1
                highest = max(highest, current)
            }
        }
        defer {
            if counted { lock.withLock { current -= 1 } }
        }
        return try await inner.send(request, body: body)
    }
}

extension ReaderSession {
    /// The development partner's client (App+User too) over a transport that tracks requests in flight.
    func trackedClient(
        maxConcurrentRequests: Int
    ) -> (PartnerCenterClient, AsyncHTTPClientTransport, InFlightTracker) {
        let credentials = CredentialConfiguration.developmentPartner()
        let transport = AsyncHTTPClientTransport()
        let tracker = InFlightTracker(transport)
        let configuration = PartnerCenterClientConfiguration(
            endpoints: .custom(URL(string: harness.baseURL) ?? URL(fileURLWithPath: "/")),
            credentials: credentials,
            maxConcurrentRequests: maxConcurrentRequests
        )
        return (PartnerCenterClient(configuration: configuration, transport: tracker), transport, tracker)
    }
}
