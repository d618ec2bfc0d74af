// End-to-end plan: N customers × 5 subscriptions + a GDAP relationship with 2 access assignments, read from an
// in-process emulator through the real client and LiveStateReader (wired as `cspctl plan` wires them), then
// planned and rendered as text. The emulator injects latency on every service route and throttles at the
// documented budgets scaled up; the client paces at the same scaled budgets.
//
// Environment: PLAN_E2E_CUSTOMERS (default 200; the issue's sizes are 1000 and 10000), PLAN_E2E_SCALE (rate-budget
// factor, default 100), PLAN_E2E_LATENCY_MS (default 20), PLAN_E2E_PARALLELISM (`--parallelism`, default 8 as in
// cspctl).
//
// Choosing the scale: against Partner Center the rate budget is the bound (10,000 customers need about 27,000
// customer-family reads, 54 minutes at 500 a minute). A scale small enough that the rate still dominates
// measures that regime in minutes (docs/plan.md uses 10 for 1,000 customers and 25 for 10,000). A large scale
// instead measures this machine: the emulator runs in the same process, and client plus emulator cost about
// 1-2 ms of CPU per request on two cores.
//
// What the reader must read (the minimum), for F customers found in Partner Center out of N named:
//   lookup   N ≤ 50: one filtered customer list per named domain (N); else the whole list, ⌈F ÷ 500⌉ pages
//   per found customer: billing profile, spending budget, MCA agreements, subscriptions (5 fit one page),
//            GDAP relationships (filtered by tenant), access assignments of its one active relationship = 6
//   catalog  one availability list per (offer, country) a purchase may need: 5 offers × US = 5
// The wall-time bound is the larger of the rate bound (per throttled family: its requests ÷ its scaled budget)
// and the latency bound (the reads each customer makes one after the other, `parallelism` customers at a time,
// after the sequential customer-list pages, then the catalog reads).
import Foundation
import Logging
import NIOHTTP1
import PartnerCenterClient
import PartnerCenterEmulator
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterRendering
import PartnerCenterTestSupport

let environment = ProcessInfo.processInfo.environment
func setting(_ name: String, _ fallback: Int) -> Int { environment[name].flatMap(Int.init) ?? fallback }
let customerCount = setting("PLAN_E2E_CUSTOMERS", 200)
let scale = setting("PLAN_E2E_SCALE", 100)
let latencyMs = setting("PLAN_E2E_LATENCY_MS", 20)
let parallelism = setting("PLAN_E2E_PARALLELISM", 8)

let helpdesk = GDAPRole(id: "729827e3-9c14-49f7-bb1b-9608f156bbb8", name: "Helpdesk Administrator")
let reader = GDAPRole(id: "f2ef992c-3afb-46b9-b7cf-a126ee74c451", name: "Global Reader")
let groups = ["5e4f2f7c-1b0a-4e5e-9d53-2b1f6f1d0c11", "869713c9-0b28-4d08-8949-ae07ae1bf528"]
/// Five new-commerce offers of the emulator's catalog: product, SKU, availability.
let offers = [
    ("CFQ7TTC0LH18", "0001", "CFQ7TTC0K971"), ("CFQ7TTC0LDPB", "0001", "CFQ7TTC0LDPB"),
    ("CFQ7TTC0LCHC", "0002", "CFQ7TTC0LCHC"), ("CFQ7TTC0LFLS", "0002", "CFQ7TTC0KDLJ"),
    ("CFQ7TTC0LFLZ", "0002", "CFQ7TTC0K4TS"),
]

/// Customer `index` exists in Partner Center unless index % 10 == 9 (those the plan creates).
func exists(_ index: Int) -> Bool { index % 10 != 9 }

func guid(_ kind: Int, _ index: Int) -> String {
    let hex = String(index, radix: 16)
    return "\(kind)0000000-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
}

// MARK: - Emulator and seeding

var limits: [String: Int] = [:]
for (family, perMinute) in RateLimits.documented.perMinute { limits[family] = perMinute * scale }
// The emulator clock follows the wall clock (`initialTime: nil`), as `cspctl emulator` runs it: its one-minute
// throttling windows must roll over during a run that takes minutes.
let emulator = try await EmulatorHarness.start(
    EmulatorConfiguration(initialTime: nil, rateLimits: RateLimits(perMinute: limits))
)
guard let base = URL(string: emulator.baseURL) else { fatalError("bad base URL \(emulator.baseURL)") }

struct SeedFailure: Error, CustomStringConvertible { var description: String }

/// One request of the seeding, as a partner's tool would send it; its JSON answer when 2xx.
func call(_ method: HTTPMethod, _ path: String, token: String? = nil, json: Any? = nil) async throws -> Any {
    let reply =
        if let json { try await emulator.send(method, path, token: token, json: json) } else {
            try await emulator.send(method, path, token: token)
        }
    return try reply.requireSuccess("\(method) \(path)")
}

/// One customer made through the APIs as a partner would (customer, MCA, an order of the five offers, a GDAP
/// relationship approved by the customer with two access assignments); the others are copies of it.
func seedTemplate() async throws -> String {
    let app = try await emulator.developmentToken()
    let appUser = try await emulator.developmentToken(appUser: true)
    let graph = try await emulator.developmentToken(graph: true)
    let customer = try await call(
        .POST,
        "/v1/customers",
        token: app,
        json: [
            "companyProfile": ["domain": "template.onmicrosoft.com"],
            "billingProfile": [
                "email": "it@template.com", "culture": "en-US", "language": "en", "companyName": "Template",
                "defaultAddress": [
                    "addressLine1": "1 Microsoft Way", "city": "Redmond", "state": "WA", "postalCode": "98052",
                    "country": "US",
                ],
            ],
            "enableGDAPByDefault": false,
        ]
    )
    guard let id = (customer as? [String: Any])?["id"] as? String else { throw SeedFailure(description: "no id") }
    _ = try await call(
        .POST,
        "/v1/customers/\(id)/agreements",
        token: appUser,
        json: [
            "primaryContact": ["firstName": "A", "lastName": "B", "email": "a@example.com"],
            "templateId": "117a77b0-9360-443b-8795-c6dedc750cf9", "dateAgreed": "2025-01-01T00:00:00Z",
            "type": "MicrosoftCustomerAgreement",
        ]
    )
    let lines: [[String: Any]] = offers.enumerated().map { number, offer in
        [
            "lineItemNumber": number, "offerId": "\(offer.0):\(offer.1):\(offer.2)", "friendlyName": "sub-\(number)",
            "quantity": 10 + number, "termDuration": "P1Y",
        ]
    }
    _ = try await call(
        .POST,
        "/v1/customers/\(id)/orders",
        token: app,
        json: ["billingCycle": "monthly", "lineItems": lines]
    )
    let relationships = "/graph/v1.0/tenantRelationships/delegatedAdminRelationships"
    let relationship = try await call(
        .POST,
        relationships,
        token: graph,
        json: [
            "displayName": "template-msp", "duration": "P730D", "autoExtendDuration": "P180D",
            "customer": ["tenantId": id],
            "accessDetails": [
                "unifiedRoles": [helpdesk, reader].sorted().map { ["roleDefinitionId": $0.id] }
            ],
        ]
    )
    guard let relationshipId = (relationship as? [String: Any])?["id"] as? String else {
        throw SeedFailure(description: "no relationship id")
    }
    _ = try await call(
        .POST,
        "\(relationships)/\(relationshipId)/requests",
        token: graph,
        json: ["action": "lockForApproval"]
    )
    _ = try await call(.POST, "/_emulator/gdap/relationships/\(relationshipId)/approve")
    for group in groups {
        _ = try await call(
            .POST,
            "\(relationships)/\(relationshipId)/accessAssignments",
            token: graph,
            json: [
                "accessContainer": ["accessContainerId": group, "accessContainerType": "securityGroup"],
                "accessDetails": ["unifiedRoles": [["roleDefinitionId": helpdesk.id]]],
            ]
        )
    }
    return id
}

/// Copies the template into `customerCount` customers (those that exist), with drift: a changed billing e-mail
/// for every 7th, two more seats on the first subscription of every 3rd.
func cloneTemplate(_ templateId: String) async throws {
    var state = await emulator.store.read { $0 }
    guard let customer = state.customers[templateId],
        let subscriptions = state.subscriptions[templateId]?.values.sorted(by: { $0.resource.id < $1.resource.id }),
        let relationship = state.graph.relationships.values.first(where: { $0.customer?.tenantId == templateId })
    else { throw SeedFailure(description: "template incomplete") }
    let agreements = state.agreements[templateId] ?? []
    let byName = Dictionary(uniqueKeysWithValues: subscriptions.map { ($0.resource.friendlyName ?? "", $0) })
    state.customers = [:]
    state.customerOrder = []
    state.subscriptions = [:]
    state.agreements = [:]
    state.orders = [:]
    state.carts = [:]
    state.replay = [:]
    state.replayOrder = []
    var graph = GraphState()
    graph.behaviour = state.graph.behaviour
    graph.sequence = state.graph.sequence
    state.customers.reserveCapacity(customerCount)
    graph.relationships.reserveCapacity(customerCount)
    for index in 0..<customerCount where exists(index) {
        let id = guid(1, index)
        let domain = "customer\(index).onmicrosoft.com"
        var copy = customer
        copy.id = id
        copy.commerceId = guid(2, index)
        copy.companyProfile.tenantId = id
        copy.companyProfile.domain = domain
        copy.companyProfile.companyName = "Customer \(index)"
        copy.billingProfile.companyName = "Customer \(index)"
        copy.billingProfile.email = index % 7 == 0 ? "old@customer\(index).com" : "it@customer\(index).com"
        copy.customDomains = [domain]
        copy.usageBudget = 500
        state.customers[id] = copy
        state.customerOrder.append(id)
        var mine: [String: SubscriptionRecord] = [:]
        for number in 0..<offers.count {
            guard var record = byName["sub-\(number)"] else { throw SeedFailure(description: "no sub-\(number)") }
            let subscriptionId = guid(3, index * offers.count + number)
            record.customerId = id
            record.resource.id = subscriptionId
            record.resource.quantity = 10 + number + (index % 3 == 0 && number == 0 ? 2 : 0)
            mine[subscriptionId] = record
        }
        state.subscriptions[id] = mine
        state.agreements[id] = agreements
        var gdap = relationship
        gdap.id = guid(4, index) + "-" + guid(5, index)
        gdap.displayName = "customer\(index)-msp"
        gdap.customer = GDAPCustomer(tenantId: id, displayName: "Customer \(index)")
        gdap.ordinal = relationship.ordinal + UInt64(index) + 1
        for assignment in gdap.accessAssignments.indices {
            gdap.accessAssignments[assignment].id = guid(6 + assignment, index)
        }
        graph.relationships[gdap.id] = gdap
    }
    state.graph = graph
    try await emulator.store.replace(with: state)
}

func desiredState() async -> DesiredState {
    let address = await emulator.store.read { state in state.customers.values.first?.billingProfile.defaultAddress }
    let desiredAddress = PostalAddress(
        addressLine1: address?.addressLine1 ?? "1 Microsoft Way",
        city: address?.city ?? "Redmond",
        state: address?.state,
        postalCode: address?.postalCode,
        country: address?.country ?? "US"
    )
    let customers = (0..<customerCount).map { index in
        DesiredCustomer(
            domain: "customer\(index).onmicrosoft.com",
            companyName: "Customer \(index)",
            billing: DesiredBilling(
                email: "it@customer\(index).com",
                culture: "en-US",
                language: "en",
                address: desiredAddress
            ),
            spendingBudget: 500,
            gdap: DesiredGDAP(
                displayName: "customer\(index)-msp",
                duration: "P730D",
                autoExtendDuration: "P180D",
                roles: [helpdesk, reader].sorted(),
                assignments: groups.map { DesiredAccessAssignment(group: $0, roles: [helpdesk]) }
            ),
            subscriptions: offers.enumerated().map { number, offer in
                DesiredSubscription(
                    nickname: "sub-\(number)",
                    offer: OfferID(productId: offer.0, skuId: offer.1),
                    quantity: 10 + number,
                    termDuration: "P1Y",
                    billingCycle: .monthly,
                    autoRenew: true
                )
            }
        )
    }
    return DesiredState(customers: customers, ignores: [], manifestDigest: "bench", files: [])
}

// MARK: - Run

print(
    "PlanEndToEndBenchmark: \(customerCount) customers × 5 subscriptions + GDAP, latency \(latencyMs) ms, "
        + "parallelism \(parallelism), rate budgets ×\(scale) (customers/orders/subscriptions "
        + "\(500 * scale)/min)"
)
let seedStart = ContinuousClock.now
try await cloneTemplate(try await seedTemplate())
let desired = await desiredState()
print(String(format: "seeded in %.1f s; peak memory after seeding %.0f MB", (ContinuousClock.now - seedStart).inSeconds, peakMemoryMB()))

_ = try await emulator.control(.PUT, "faults", json: ["faults": [["route": "^/(v1|graph)/", "latencyMs": latencyMs]]])
    .requireSuccess("set latency")
_ = try await emulator.control(.DELETE, "counters").requireSuccess("reset counters")

let clientTransport = AsyncHTTPClientTransport()
let client = PartnerCenterClient(
    configuration: PartnerCenterClientConfiguration(
        endpoints: .custom(base),
        credentials: .developmentPartner(),
        rateBudget: RateBudget.Configuration(scale: Double(scale)),
        // As PartnerCenterConnection.configuration sets it for `--parallelism`.
        maxConcurrentRequests: max(4, parallelism * 2),
        logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
    ),
    transport: clientTransport
)
let store = emulator.store
let liveReader = LiveStateReader(client: client, parallelism: parallelism, serviceClock: { await store.now })
let clock = ContinuousClock()
let began = clock.now
let live = try await liveReader.read(desired)
let readDone = clock.now
let plan = Planner().plan(
    desired: desired,
    live: live,
    options: PlanningOptions(createdAt: Date(), toolVersion: "bench", endpoint: emulator.baseURL)
)
let planned = clock.now
let text = TextPlanRenderer().render(plan)
let rendered = clock.now
let wall = (rendered - began).inSeconds

// MARK: - Figures

var byRoute: [String: (total: Int, throttled: Int)] = [:]
for (route, statuses) in await emulator.store.countersSnapshot() {
    byRoute[route] = (statuses.values.reduce(0, +), statuses[429] ?? 0)
}
let service = byRoute.filter { $0.key.contains(" /v1/") || $0.key.contains(" /graph/") }
let tokenRequests = byRoute.filter { $0.key.contains(" /login/") }.values.reduce(0) { $0 + $1.total }
let sent = service.values.reduce(0) { $0 + $1.total }
let throttled = service.values.reduce(0) { $0 + $1.throttled }

let found = (0..<customerCount).filter(exists).count
let lookups = customerCount <= LiveStateReader.listThresholdDefault
    ? customerCount : (found + LiveStateReader.listPageSize - 1) / LiveStateReader.listPageSize
let perCustomer = 6
let catalog = offers.count
let minimum = lookups + found * perCustomer + catalog
// Throttled families and their requests: customers = lookup + billing + budget + agreements; subscriptions = 1.
let perSecond = Double(500 * scale) / 60
let rateBound = max(Double(lookups + 3 * found), Double(found)) / perSecond
let customerListLatency = customerCount <= LiveStateReader.listThresholdDefault
    ? (customerCount + parallelism - 1) / parallelism : lookups
let rounds = customerListLatency + (found + parallelism - 1) / parallelism * perCustomer
    + (catalog + parallelism - 1) / parallelism
let latencyBound = Double(rounds * latencyMs) / 1000
let bound = max(rateBound, latencyBound)

print("changes planned:       \(plan.changes.count) (\(text.utf8.count) bytes of text)")
print("requests sent:         \(sent) (+ \(tokenRequests) token requests); minimum \(minimum) = \(lookups) lookup + "
    + "\(found) found × \(perCustomer) + \(catalog) catalog; ratio \(String(format: "%.3f", Double(sent) / Double(minimum))) (target ≤ 1.05)")
print("429s received:         \(throttled) (target 0)")
print(String(format: "wall time:             %.2f s (read %.2f s, diff %.3f s, render text %.3f s)", wall,
    (readDone - began).inSeconds, (planned - readDone).inSeconds, (rendered - planned).inSeconds))
print(String(format: "bound:                 %.2f s = max(rate %.2f s, latency %.2f s); wall / bound %.3f (target ≤ 1.1)",
    bound, rateBound, latencyBound, wall / bound))
print(String(format: "diff + render alone:   %.3f s", (rendered - readDone).inSeconds))
print(String(format: "peak memory (maxrss):  %.0f MB (target < 500 MB; includes the in-process emulator's state)", peakMemoryMB()))
if sent > minimum {
    for (route, counts) in service.sorted(by: { $0.key < $1.key }) { print("  \(route): \(counts.total)") }
}
try? await clientTransport.shutdown()
await emulator.shutdown()
