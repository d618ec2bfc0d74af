// Times the planner and the three renderers on a synthetic desired/live pair.
// `PLAN_BENCHMARK_CUSTOMERS` (default 200) customers × 5 subscriptions + a GDAP relationship with 2 assignments.
// Release figures: `CSPCTL_BENCHMARKS=1 PLAN_BENCHMARK_CUSTOMERS=10000 swift run -c release PlanBenchmark`.
import Foundation
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterRendering

let customers = Int(ProcessInfo.processInfo.environment["PLAN_BENCHMARK_CUSTOMERS"] ?? "") ?? 200
let now = Date(timeIntervalSince1970: 1_795_262_400)
let offers = (0..<5).map { OfferID(productId: "CFQ7TTC0LH1\($0)", skuId: "0001") }
let reader = GDAPRole(id: "f2ef992c-3afb-46b9-b7cf-a126ee74c451", name: "Global Reader")
let helpdesk = GDAPRole(id: "729827e3-9c14-49f7-bb1b-9608f156bbb8", name: "Helpdesk Administrator")
let groups = ["5e4f2f7c-1b0a-4e5e-9d53-2b1f6f1d0c11", "869713c9-0b28-4d08-8949-ae07ae1bf528"]

var desired: [DesiredCustomer] = []
var live: [String: LiveCustomerLookup] = [:]
for index in 0..<customers {
    let domain = "customer\(index).onmicrosoft.com"
    let subscriptions = offers.enumerated().map { number, offer in
        DesiredSubscription(
            nickname: "sub-\(number)",
            offer: offer,
            quantity: 10 + number,
            termDuration: "P1Y",
            billingCycle: .monthly,
            autoRenew: true
        )
    }
    let gdap = DesiredGDAP(
        displayName: "customer\(index)-msp",
        duration: "P730D",
        autoExtendDuration: "P180D",
        roles: [helpdesk, reader].sorted(),
        assignments: groups.map { DesiredAccessAssignment(group: $0, roles: [helpdesk]) }
    )
    desired.append(
        DesiredCustomer(
            domain: domain,
            companyName: "Customer \(index)",
            billing: DesiredBilling(
                email: "it@customer\(index).com",
                culture: "en-US",
                language: "en",
                address: PostalAddress(addressLine1: "1 Main St", city: "Redmond", country: "US")
            ),
            spendingBudget: 500,
            gdap: gdap,
            subscriptions: subscriptions
        )
    )
    if index % 10 == 9 {
        live[domain] = .notFound
        continue
    }
    let liveSubscriptions = subscriptions.enumerated().map { number, want in
        LiveSubscription(
            id: "\(index)-\(number)",
            offerId: "\(want.offer?.description ?? ""):AV",
            friendlyName: want.nickname,
            quantity: (want.quantity ?? 0) + (index % 3 == 0 && number == 0 ? 2 : 0),
            commitmentEndDate: CalendarDate(year: 2027, month: 2, day: 28),
            etag: "e\(number)"
        )
    }
    let relationship = LiveRelationship(
        id: "\(index)-rel",
        displayName: gdap.displayName,
        status: index % 11 == 0 ? .approvalPending : .active,
        roles: gdap.roles.map(\.id),
        duration: "P730D",
        autoExtendDuration: "P180D",
        endDateTime: now.addingTimeInterval(400 * 86_400),
        etag: "r",
        accessAssignments: .known(
            groups.map { LiveAccessAssignment(id: "\(index)-\($0)", group: $0, roles: [helpdesk.id], status: .active) }
        )
    )
    live[domain] = .found(
        LiveCustomer(
            tenantId: "tenant-\(index)",
            domain: domain,
            billing: .known(
                LiveBillingProfile(
                    email: index % 7 == 0 ? "old@customer\(index).com" : "it@customer\(index).com",
                    culture: "en-US",
                    language: "en",
                    companyName: "Customer \(index)",
                    address: PostalAddress(addressLine1: "1 Main St", city: "Redmond", country: "US"),
                    etag: "b"
                )
            ),
            spendingBudget: .known(500),
            agreement: .known(LiveAgreement(templateId: "mca")),
            subscriptions: .known(liveSubscriptions),
            relationships: .known([relationship])
        )
    )
}
let catalog = LiveCatalog(
    entries: Dictionary(
        uniqueKeysWithValues: offers.map {
            (
                LiveCatalogKey(offer: $0, country: "US"),
                LiveCatalogLookup.available(LiveAvailability(availabilityId: "AV"))
            )
        }
    )
)
let desiredState = DesiredState(customers: desired, ignores: [], manifestDigest: "bench", files: [])
let liveState = LiveState(observedAt: now, appUserAvailable: true, customers: live, catalog: catalog)
let options = PlanningOptions(createdAt: now, toolVersion: "bench", endpoint: "http://127.0.0.1")

/// Wall-clock and CPU time of `body`: on a shared, loaded machine the CPU time is the fairer figure.
func measure(_ body: () -> Void) -> (wall: Double, cpu: Double) {
    func cpuNow() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) * 1_000 + Double(spec.tv_nsec) / 1e6
    }
    let clock = ContinuousClock()
    let cpuStart = cpuNow()
    let wall = clock.measure(body)
    let ms = Double(wall.components.seconds) * 1_000 + Double(wall.components.attoseconds) / 1e15
    return (ms, cpuNow() - cpuStart)
}

func figures(_ time: (wall: Double, cpu: Double)) -> String {
    String(format: "%8.1f ms wall %8.1f ms cpu", time.wall, time.cpu)
}

var plan: Plan?
let planning = measure { plan = Planner().plan(desired: desiredState, live: liveState, options: options) }
guard let plan else { fatalError("no plan") }
print("customers: \(customers), subscriptions: \(customers * 5), changes: \(plan.changes.count)")
print("plan      \(figures(planning))")
var total = planning
for format in OutputFormat.allCases {
    var size = 0
    let elapsed = measure { size = format.planRenderer().render(plan).utf8.count }
    total = (total.wall + elapsed.wall, total.cpu + elapsed.cpu)
    print("\(format.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(figures(elapsed)) (\(size) bytes)")
}
print("total     \(figures(total))")

// The hand-written JSON core against Foundation on the same plan (docs/performance.md): Model's `JSONWriter` (under
// `PlanJSONWriter`) against `JSONEncoder` with the same options, and Model's `JSONParser` against `JSONDecoder`
// reading the same bytes into a `JSONValue` (what the client did before the parser).
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
encoder.dateEncodingStrategy = .iso8601
var planJSON = Data()
let ourWriter = measure { planJSON = JSONPlanRenderer.encode(plan) }
var foundationSize = 0
let foundationWriter = measure { foundationSize = (try? encoder.encode(plan))?.count ?? 0 }
print("write     \(figures(ourWriter)) JSONWriter, \(figures(foundationWriter)) JSONEncoder (\(foundationSize) bytes)")
var parsedMembers = 0
let ourParser = measure {
    if case .object(let members)? = try? JSONParser.parse(planJSON) { parsedMembers = members.count }
}
let foundationParser = measure { _ = try? JSONDecoder().decode(JSONValue.self, from: planJSON) }
print("parse     \(figures(ourParser)) JSONParser, \(figures(foundationParser)) JSONDecoder (\(parsedMembers) members)")
