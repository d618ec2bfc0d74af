// Times the planner and the three renderers on a synthetic desired/live pair.
// `PLAN_BENCHMARK_CUSTOMERS` (default 200) customers × 5 subscriptions + a GDAP relationship with 2 assignments.
// Release figures: `PLAN_BENCHMARK_CUSTOMERS=10000 swift run -c release PlanBenchmark`.
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
                address: DesiredAddress(addressLine1: "1 Main St", city: "Redmond", country: "US")
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
                    address: LiveAddress(addressLine1: "1 Main St", city: "Redmond", country: "US"),
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
            (LiveCatalogKey(offer: $0, country: "US"), LiveCatalogLookup.available(LiveAvailability(availabilityId: "AV")))
        }
    )
)
let desiredState = DesiredState(customers: desired, ignores: [], manifestDigest: "bench", files: [])
let liveState = LiveState(observedAt: now, appUserAvailable: true, customers: live, catalog: catalog)
let options = PlanningOptions(createdAt: now, toolVersion: "bench", endpoint: "http://127.0.0.1")

let clock = ContinuousClock()
func milliseconds(_ duration: Duration) -> String {
    let ms = Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15
    return String(format: "%.1f ms", ms)
}

var plan: Plan?
let planning = clock.measure { plan = Planner().plan(desired: desiredState, live: liveState, options: options) }
guard let plan else { fatalError("no plan") }
print("customers: \(customers), subscriptions: \(customers * 5), changes: \(plan.changes.count)")
print("plan:     \(milliseconds(planning))")
var total = planning
for format in OutputFormat.allCases {
    var size = 0
    let elapsed = clock.measure { size = format.planRenderer().render(plan).utf8.count }
    total += elapsed
    print("\(format.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(milliseconds(elapsed)) (\(size) bytes)")
}
print("total:    \(milliseconds(total))")
