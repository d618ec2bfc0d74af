import Foundation
import HTTPTypes
import Logging
import PartnerCenterClient
import PartnerCenterEmulator
import PartnerCenterWire
import PartnerCenterTestSupport

// Reads N customers' subscriptions through the client from the emulator, with injected latency and the documented
// rate budget scaled up, and compares the wall time with the bound
//     max(requests ÷ rate budget, requests × latency ÷ concurrency).
//
// Environment: CSPCTL_BENCH_CUSTOMERS (default 200; the issue's target is 5000), CSPCTL_BENCH_SCALE (rate budget
// factor, default 100), CSPCTL_BENCH_LATENCY_MS (default 20), CSPCTL_BENCH_CONCURRENCY (default 32).

let environment = ProcessInfo.processInfo.environment
func setting(_ name: String, _ fallback: Int) -> Int { environment[name].flatMap(Int.init) ?? fallback }
let customers = setting("CSPCTL_BENCH_CUSTOMERS", 200)
let scale = Double(setting("CSPCTL_BENCH_SCALE", 100))
let latencyMs = setting("CSPCTL_BENCH_LATENCY_MS", 20)
let concurrency = setting("CSPCTL_BENCH_CONCURRENCY", 32)

/// Records the time and status of every response the client receives.
final class MeasuringTransport: PartnerCenterTransport, @unchecked Sendable {
    let inner: any PartnerCenterTransport
    let start = ContinuousClock.now
    private let lock = NSLock()
    private var events: [(Duration, Int, String)] = []

    init(_ inner: any PartnerCenterTransport) { self.inner = inner }

    var recorded: [(at: Duration, status: Int, path: String)] { lock.withLock { events.map { ($0.0, $0.1, $0.2) } } }

    func reset() { lock.withLock { events = [] } }

    func send(_ request: HTTPRequest, body: Data?) async throws -> (HTTPResponse, Data) {
        let result = try await inner.send(request, body: body)
        let at = ContinuousClock.now - start
        lock.withLock { events.append((at, result.0.status.code, request.path ?? "")) }
        return result
    }
}

let documented = RateBudget.Configuration.documentedLimits
var emulatorLimits: [String: Int] = [:]
for family in ["customers", "orders", "subscriptions"] {
    emulatorLimits[family] = Int(500 * scale)
}
let server = try await EmulatorServer.start(
    EmulatorConfiguration(initialTime: nil, rateLimits: RateLimits(perMinute: emulatorLimits))
)
let http = AsyncHTTPClientTransport(timeout: .seconds(30))
let measuring = MeasuringTransport(http)
guard let base = URL(string: server.baseURL) else { fatalError("bad base URL") }

print("ClientBenchmark: \(customers) customers, latency \(latencyMs) ms, concurrency \(concurrency), rate budget ×\(Int(scale)) (\(Int(500 * scale)) requests/minute per family)")
let seeded = try await BenchmarkSeed.seed(server: server, customers: customers)
print("seeded \(seeded) customers with one subscription each")

// Latency on every service route from now on.
let faults = #"{"faults":[{"route":"^/v1/","latencyMs":\#(latencyMs)}]}"#
var faultRequest = HTTPRequest(method: .put, url: base.appendingPathComponent("_emulator/faults"))
faultRequest.headerFields[.contentType] = "application/json"
faultRequest.headerFields[.emulatorControlToken] = server.controlToken
_ = try await http.send(faultRequest, body: Data(faults.utf8))

let client = PartnerCenterClient(
    configuration: PartnerCenterClientConfiguration(
        endpoints: .custom(base),
        credentials: .developmentPartner(appUser: false),
        rateBudget: RateBudget.Configuration(scale: scale),
        maxConcurrentRequests: concurrency
    ),
    transport: measuring
)

let clock = ContinuousClock()
let began = clock.now
let ids = try await client.listCustomers(pageSize: 500).collect().compactMap(\.id)
let listed = clock.now - began
let subscriptionCount = try await withThrowingTaskGroup(of: Int.self) { group in
    var next = 0
    var total = 0
    func add() {
        guard next < ids.count else { return }
        let id = ids[next]
        next += 1
        group.addTask { try await client.listSubscriptions(id).collect().count }
    }
    for _ in 0..<min(concurrency * 2, ids.count) { add() }
    while let count = try await group.next() {
        total += count
        add()
    }
    return total
}
let wall = clock.now - began
let events = measuring.recorded.filter { !$0.path.contains("/oauth2/") }
let requests = events.count
let throttled = events.filter { $0.status == 429 }
let firstEvent = events.map(\.at).min() ?? .zero
let lateThrottled = throttled.filter { $0.at - firstEvent > .seconds(1) }
let customerPages = events.filter { $0.path.hasPrefix("/v1/customers?") || $0.path == "/v1/customers" }.count
let subscriptionReads = requests - customerPages
let perSecond = 500 * scale / 60
let rateBound = Double(max(customerPages, subscriptionReads)) / perSecond
let latencyBound = Double(requests) * Double(latencyMs) / 1000 / Double(concurrency)
let bound = max(rateBound, latencyBound)
let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
print("customers read:        \(ids.count) (subscriptions: \(subscriptionCount))")
print("requests sent:         \(requests) (\(customerPages) customer pages, \(subscriptionReads) subscription lists)")
print("429s received:         \(throttled.count) (after the first second: \(lateThrottled.count))")
print(String(format: "wall time:             %.2f s (customer list %.2f s)", seconds, Double(listed.components.attoseconds) / 1e18 + Double(listed.components.seconds)))
print(String(format: "bound:                 %.2f s = max(rate %.2f s, latency %.2f s)", bound, rateBound, latencyBound))
print(String(format: "wall / bound:          %.3f (target ≤ 1.1)", seconds / bound))
try await http.shutdown()
await server.shutdown()
