// End-to-end export: an emulator seeded with a generated estate of N customers (`seedEstate`, as `cspctl emulator
// --seed-estate N`), exported through the real client and ExportSession (wired as `cspctl export --all` wires
// it) into a temporary folder. The emulator injects latency on every service route and throttles at the
// documented budgets scaled up; the client paces at the same scaled budgets.
//
// Environment: EXPORT_BENCH_CUSTOMERS (default 200; the issue's size is 10000), EXPORT_BENCH_SCALE (rate-budget
// factor, default 100), EXPORT_BENCH_LATENCY_MS (default 20), EXPORT_BENCH_PARALLELISM (`--parallelism`, default 8),
// EXPORT_BENCH_BILLING=1 (`--with-billing`).
//
// What the export must read (the minimum), for F customers:
//   list      ⌈F ÷ 500⌉ customer-list pages
//   per customer: spending budget, MCA agreements, subscriptions (one page), GDAP relationships (filtered by
//            tenant), and the billing profile with --with-billing
//   per active relationship: its access assignments
//   indirect  the provider's resellers (one request), then each reseller's customer list (one page each), or a
//            customer read per customer when there are fewer customers than resellers
// The wall-time bound is the larger of the rate bound (the customers family — list pages, budgets, agreements,
// billing profiles — at its scaled budget; the subscriptions family is lighter) and the latency bound (every read
// after the list pages, `parallelism` at a time: a customer's reads go one after the other).
import Foundation
import Logging
import NIOHTTP1
import PartnerCenterClient
import PartnerCenterEmulator
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterTestSupport

let environment = ProcessInfo.processInfo.environment
func setting(_ name: String, _ fallback: Int) -> Int { environment[name].flatMap(Int.init) ?? fallback }
let customerCount = setting("EXPORT_BENCH_CUSTOMERS", 200)
let scale = setting("EXPORT_BENCH_SCALE", 100)
let latencyMs = setting("EXPORT_BENCH_LATENCY_MS", 20)
let parallelism = setting("EXPORT_BENCH_PARALLELISM", 8)
let withBilling = setting("EXPORT_BENCH_BILLING", 0) != 0

var limits: [String: Int] = [:]
for (family, perMinute) in RateLimits.documented.perMinute { limits[family] = perMinute * scale }
// The emulator clock follows the wall clock (`initialTime: nil`): its one-minute throttling windows must roll over
// during a run that takes minutes.
let emulator = try await EmulatorHarness.start(
    EmulatorConfiguration(initialTime: nil, rateLimits: RateLimits(perMinute: limits)),
    estate: customerCount
)
guard let base = URL(string: emulator.baseURL) else { fatalError("bad base URL \(emulator.baseURL)") }
/// Active relationships: each costs one access-assignment list. Not main-actor isolated: the store runs it.
nonisolated func activeRelationships(_ state: EmulatorState) -> Int {
    state.graph.relationships.values.filter { $0.status == .active }.count
}
let active = await emulator.store.read(activeRelationships)
/// The emulator's indirect resellers: each costs one filtered customer list.
nonisolated func resellerCount(_ state: EmulatorState) -> Int { state.indirectResellers.count }
let resellers = await emulator.store.read(resellerCount)
print(
    "ExportBenchmark: \(customerCount) customers (\(active) active GDAP relationships), latency \(latencyMs) ms, "
        + "parallelism \(parallelism), rate budgets ×\(scale), billing \(withBilling ? "on" : "off")"
)
_ = try await emulator.control(.PUT, "faults", json: ["faults": [["route": "^/(v1|graph)/", "latencyMs": latencyMs]]])
    .requireSuccess("set latency")
_ = try await emulator.control(.DELETE, "counters").requireSuccess("reset counters")

let transport = AsyncHTTPClientTransport()
let client = PartnerCenterClient(
    configuration: PartnerCenterClientConfiguration(
        endpoints: .custom(base),
        credentials: .developmentPartner(),
        rateBudget: RateBudget.Configuration(scale: Double(scale)),
        // As PartnerCenterConnection.configuration sets it for `--parallelism`.
        maxConcurrentRequests: max(4, parallelism * 2),
        logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
    ),
    transport: transport
)
let store = emulator.store
let connection = PartnerCenterConnection(
    client: client,
    transport: transport,
    endpointIdentity: emulator.baseURL,
    serviceClock: { await store.now }
)
let out = FileManager.default.temporaryDirectory.appendingPathComponent("cspctl-export-bench-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: out) }
let clock = ContinuousClock()
let began = clock.now
/// When the last customer was read: the rest of the wall time composes and writes the tree.
final class ReadEnd: @unchecked Sendable {
    private let lock = NSLock()
    private var instant: ContinuousClock.Instant?
    func mark(_ progress: ReadProgress) {
        guard progress.customersRead == progress.customersTotal else { return }
        lock.withLock { instant = ContinuousClock.now }
    }
    var value: ContinuousClock.Instant? { lock.withLock { instant } }
}
let readEnd = ReadEnd()
var session = ExportSession(connection: connection, parallelism: parallelism)
session.progress = { readEnd.mark($0) }
let outcome = try await session.export(ExportRequest(out: out, all: true, withBilling: withBilling))
let wall = (clock.now - began).inSeconds
let readTime = ((readEnd.value ?? clock.now) - began).inSeconds

var sent = 0
var throttled = 0
var tokenRequests = 0
for (route, statuses) in await emulator.store.countersSnapshot() {
    let total = statuses.values.reduce(0, +)
    if route.contains(" /login/") { tokenRequests += total }
    guard route.contains(" /v1/") || route.contains(" /graph/") else { continue }
    sent += total
    throttled += statuses[429] ?? 0
}
let found = outcome.customers
let pages = max(1, (found + LiveStateReader.listPageSize - 1) / LiveStateReader.listPageSize)
let perCustomer = 4 + (withBilling ? 1 : 0)
let indirect = 1 + min(resellers, found)
let minimum = pages + found * perCustomer + active + indirect
let perSecond = Double(500 * scale) / 60
let rateBound = Double(pages + found * (2 + (withBilling ? 1 : 0))) / perSecond
// A customer's reads go one after the other (its assignment lists too), `parallelism` customers at a time.
let rounds = pages + (found * perCustomer + active + parallelism - 1) / parallelism
let latencyBound = Double(rounds * latencyMs) / 1000
let bound = max(rateBound, latencyBound)

print("customers exported:    \(found) (\(outcome.files.count) files; incomplete \(outcome.incomplete.count))")
print(
    "requests sent:         \(sent) (+ \(tokenRequests) token requests); minimum \(minimum) = \(pages) list pages + "
        + "\(found) × \(perCustomer) + \(active) assignment lists + \(indirect) reseller reads; ratio "
        + String(format: "%.3f", Double(sent) / Double(max(1, minimum)))
)
print("429s received:         \(throttled) (target 0)")
print(
    String(
        format: "wall time:             %.2f s; bound %.2f s = max(rate %.2f s, latency %.2f s); wall / bound %.3f "
            + "(target ≤ 1.1)",
        wall,
        bound,
        rateBound,
        latencyBound,
        wall / bound
    )
)
print(String(format: "read %.2f s; compose and write %.2f s", readTime, wall - readTime))
print(String(format: "peak memory (maxrss):  %.0f MB (includes the in-process emulator's state)", peakMemoryMB()))
await connection.close()
await emulator.shutdown()
