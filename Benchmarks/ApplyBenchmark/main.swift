// Apply end to end: N new customers, each with an MCA acceptance, 3 new-commerce purchases and a GDAP relationship,
// planned against an empty partner on an in-process emulator and then applied through the real client and Applier
// (wired as `cspctl apply` wires them). The emulator injects latency on every service route and throttles at the
// documented budgets scaled up; the client paces at the same scaled budgets.
//
// Environment: APPLY_BENCH_CUSTOMERS (default 100; the size is 1000), APPLY_BENCH_SCALE (rate-budget
// factor, default 100), APPLY_BENCH_LATENCY_MS (default 20), APPLY_BENCH_PARALLELISM (`--parallelism`, default 8).
//
// Requests per customer (a customer's changes run as a dependency graph: the customer, then the agreement and the
// relationship side by side, then the three purchases side by side):
//   customer      POST /customers, then the proof GET /customers/{id}                                   2
//   agreement     POST .../agreements, proof GET .../agreements (the template id is read once per run)  2
//   3 purchases   POST .../carts, POST .../checkout, proof GET .../subscriptions/{id}               3 × 3 = 9
//   GDAP          POST relationship, POST .../requests (lockForApproval), proof GET relationship        3
// The minimum for the work is the 10 writes per customer plus one template read; the 6 proof reads per customer
// are what the issue asks apply to do after every change. The wall-time bound is the largest of: the rate bound
// (per throttled family: its requests ÷ its scaled budget), the concurrency bound (requests × latency ÷ the
// client's requests in flight, 2 × parallelism), and the critical path (7 requests one after the other per
// customer: customer 2, agreement 2, a purchase 3; `parallelism` customers at a time).
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
let customerCount = setting("APPLY_BENCH_CUSTOMERS", 100)
let scale = setting("APPLY_BENCH_SCALE", 100)
let latencyMs = setting("APPLY_BENCH_LATENCY_MS", 20)
let parallelism = setting("APPLY_BENCH_PARALLELISM", 8)

let helpdesk = GDAPRole(id: "729827e3-9c14-49f7-bb1b-9608f156bbb8", name: "Helpdesk Administrator")
let reader = GDAPRole(id: "f2ef992c-3afb-46b9-b7cf-a126ee74c451", name: "Global Reader")
let offers = [("CFQ7TTC0LH18", "0001"), ("CFQ7TTC0LCHC", "0002"), ("CFQ7TTC0LFLS", "0002")]

var limits: [String: Int] = [:]
for (family, perMinute) in RateLimits.documented.perMinute { limits[family] = perMinute * scale }
// The emulator clock follows the wall clock (`initialTime: nil`), as `cspctl emulator` runs it.
let emulator = try await EmulatorHarness.start(
    EmulatorConfiguration(initialTime: nil, rateLimits: RateLimits(perMinute: limits))
)
guard let base = URL(string: emulator.baseURL) else { fatalError("bad base URL \(emulator.baseURL)") }

let desired = DesiredState(
    customers: (0..<customerCount).map { index in
        let domain = "apply\(index).onmicrosoft.com"
        return DesiredCustomer(
            domain: domain,
            companyName: "Customer \(index)",
            billing: DesiredBilling(
                email: "it@\(domain)",
                culture: "en-US",
                language: "en",
                address: PostalAddress(
                    firstName: "Gena",
                    lastName: "Soto",
                    addressLine1: "1 Microsoft Way",
                    city: "Redmond",
                    state: "WA",
                    postalCode: "98052",
                    country: "US"
                )
            ),
            enableGDAPByDefault: false,
            agreement: DesiredAgreementContact(firstName: "Gena", lastName: "Soto", email: "gena@\(domain)"),
            gdap: DesiredGDAP(
                displayName: "apply\(index)-msp",
                duration: "P730D",
                autoExtendDuration: "P180D",
                roles: [helpdesk, reader].sorted(),
                assignments: []
            ),
            subscriptions: offers.enumerated().map { number, offer in
                DesiredSubscription(
                    nickname: "sub-\(number)",
                    offer: OfferID(productId: offer.0, skuId: offer.1),
                    quantity: 5 + number,
                    termDuration: "P1Y",
                    billingCycle: .monthly,
                    autoRenew: true
                )
            }
        )
    },
    ignores: [],
    manifestDigest: "bench",
    files: []
)

print(
    "ApplyBenchmark: \(customerCount) new customers × (MCA + 3 purchases + GDAP), latency \(latencyMs) ms, "
        + "parallelism \(parallelism), rate budgets ×\(scale) (customers/orders/subscriptions \(500 * scale)/min)"
)
let clientTransport = AsyncHTTPClientTransport()
let client = PartnerCenterClient(
    configuration: PartnerCenterClientConfiguration(
        endpoints: .custom(base),
        credentials: .developmentPartner(),
        rateBudget: RateBudget.Configuration(scale: Double(scale)),
        maxConcurrentRequests: max(4, parallelism * 2),  // as PartnerCenterConnection.configuration sets it
        logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
    ),
    transport: clientTransport
)
let store = emulator.store
let plan = Planner().plan(
    desired: desired,
    live: try await LiveStateReader(client: client, parallelism: parallelism, serviceClock: { await store.now })
        .read(desired),
    options: PlanningOptions(createdAt: Date(), toolVersion: "bench", endpoint: emulator.baseURL)
)
let work = plan.changes.filter(\.action.isWork).count
print("planned: \(work) changes with work (\(plan.changes.count) in all)")

_ = try await emulator.control(.PUT, "faults", json: ["faults": [["route": "^/(v1|graph)/", "latencyMs": latencyMs]]])
    .requireSuccess("set latency")
_ = try await emulator.control(.DELETE, "counters").requireSuccess("reset counters")

/// Admin credentials go nowhere in a benchmark (they are never printed anyway).
struct DiscardCredentials: CredentialsSink {
    func record(domain: String, customerID: String, userName: String?, password: String?) throws {}
}

let clock = ContinuousClock()
let began = clock.now
let result = await Applier(client: client).apply(
    plan,
    options: ApplyOptions(parallelism: parallelism, credentials: DiscardCredentials())
)
let wall = (clock.now - began).inSeconds

// Per rate-limit family, as the emulator counts its budgets: requests and 429s.
var families: [String: (total: Int, throttled: Int)] = [:]
for (route, statuses) in await emulator.store.countersSnapshot() {
    let path = String(route.split(separator: " ").last ?? "")
    guard path.hasPrefix("/v1/") || path.hasPrefix("/graph/") else { continue }
    let family = RateLimits.family(of: path)
    families[family, default: (0, 0)].total += statuses.values.reduce(0, +)
    families[family, default: (0, 0)].throttled += statuses[429] ?? 0
}
let sent = families.values.reduce(0) { $0 + $1.total }
let throttled = families.values.reduce(0) { $0 + $1.throttled }
let summary = result.summary
let perSecond = Double(500 * scale) / 60
let rateBound = families.filter { $0.key != "graph" }.values.map { Double($0.total) / perSecond }.max() ?? 0
let latency = Double(latencyMs) / 1000
let concurrencyBound = Double(sent) * latency / Double(max(4, parallelism * 2))
let criticalPath = 7 * latency * Double((customerCount + parallelism - 1) / parallelism)
let bound = max(rateBound, concurrencyBound, criticalPath)
let minimum = customerCount * 10 + 1

print(
    "outcomes:              \(summary[.applied] ?? 0) applied, \(summary[.failed] ?? 0) failed, "
        + "\(summary[.skipped] ?? 0) skipped"
)
print(
    "requests sent:         \(sent); minimum for the work \(minimum) (\(customerCount) × 10 writes + 1 template "
        + "read), + \(customerCount * 6) proof reads = \(minimum + customerCount * 6); ratio "
        + String(format: "%.3f", Double(sent) / Double(minimum + customerCount * 6))
)
for (family, counts) in families.sorted(by: { $0.key < $1.key }) {
    print("  \(family): \(counts.total) requests, \(counts.throttled) answered 429")
}
print("429s received:         \(throttled)")
print(
    String(
        format: "wall time:             %.2f s; bound %.2f s = max(rate %.2f s, concurrency %.2f s, critical path "
            + "%.2f s); wall / bound %.3f (target ≤ 1.2)",
        wall,
        bound,
        rateBound,
        concurrencyBound,
        criticalPath,
        wall / bound
    )
)
print(String(format: "peak memory (maxrss):  %.0f MB (includes the in-process emulator)", peakMemoryMB()))
if let failure = result.outcomes.first(where: { $0.status == .failed }) {
    print("first failure: \(failure.address): \(failure.message)")
}
try? await clientTransport.shutdown()
await emulator.shutdown()
