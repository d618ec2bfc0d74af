import Foundation
import PartnerCenterModel
import PartnerCenterReconcile

/// Builders for planner tables: a desired customer and the live customer it is compared with, at a fixed `now`.
enum PlannerFixtures {
    static let now = date("2026-11-21T12:00:00Z")
    static let domain = "wingtiptoys.onmicrosoft.com"
    static let tenant = "4b827261-d21f-4aa9-b7db-7fa1f56fb163"
    static let offer = OfferID(productId: "CFQ7TTC0LH18", skuId: "0001")
    static let availability = "CFQ7TTC0K971"
    static let globalReader = GDAPRole(id: "f2ef992c-3afb-46b9-b7cf-a126ee74c451", name: "Global Reader")
    static let helpdesk = GDAPRole(id: "729827e3-9c14-49f7-bb1b-9608f156bbb8", name: "Helpdesk Administrator")
    static let userAdmin = GDAPRole(id: "fe930be7-5e62-47db-91af-98c3a49a38b1", name: "User Administrator")
    static let groupA = "5e4f2f7c-1b0a-4e5e-9d53-2b1f6f1d0c11"
    static let groupB = "869713c9-0b28-4d08-8949-ae07ae1bf528"

    static func date(_ text: String) -> Date {
        (try? Date(text, strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0)
    }

    static func address() -> PostalAddress {
        PostalAddress(
            addressLine1: "One Microsoft Way",
            city: "Redmond",
            state: "WA",
            postalCode: "98052",
            country: "US"
        )
    }

    static func desiredCustomer(
        state: Presence = .present,
        budget: Decimal? = nil,
        agreement: DesiredAgreementContact? = nil,
        gdap: DesiredGDAP? = nil,
        subscriptions: [DesiredSubscription] = []
    ) -> DesiredCustomer {
        DesiredCustomer(
            domain: domain,
            state: state,
            companyName: "Wingtip Toys",
            billing: DesiredBilling(
                email: "gena@wingtiptoys.com",
                culture: "en-US",
                language: "en",
                address: address()
            ),
            spendingBudget: budget,
            agreement: agreement,
            gdap: gdap,
            subscriptions: subscriptions
        )
    }

    static let contact = DesiredAgreementContact(firstName: "Gena", lastName: "Soto", email: "gena@wingtiptoys.com")

    static func desiredSubscription(
        _ nickname: String = "m365-basic-hq",
        quantity: Int = 25,
        term: String = "P1Y",
        cycle: BillingCycle = .monthly,
        autoRenew: Bool? = true,
        status: DesiredSubscriptionStatus = .active,
        state: Presence = .present,
        renamedFrom: String? = nil
    ) -> DesiredSubscription {
        DesiredSubscription(
            nickname: nickname,
            renamedFrom: renamedFrom,
            offer: offer,
            quantity: quantity,
            termDuration: term,
            billingCycle: cycle,
            autoRenew: autoRenew,
            status: status,
            state: state
        )
    }

    static func liveBilling() -> LiveBillingProfile {
        LiveBillingProfile(
            email: "gena@wingtiptoys.com",
            culture: "en-US",
            language: "en",
            companyName: "Wingtip Toys",
            address: PostalAddress(
                addressLine1: "One Microsoft Way",
                city: "Redmond",
                state: "WA",
                postalCode: "98052",
                country: "US"
            ),
            etag: "billing-etag-1"
        )
    }

    static func liveSubscription(
        _ name: String = "m365-basic-hq",
        id: String = "a356ac8c-e310-44f4-bf85-c7f29044af99",
        quantity: Int = 25,
        status: LiveSubscriptionStatus = .active,
        autoRenew: Bool = true,
        cancellableUntil: Date? = nil,
        refundable: LiveRefundableQuantity? = nil,
        isTrial: Bool = false
    ) -> LiveSubscription {
        LiveSubscription(
            id: id,
            offerId: "CFQ7TTC0LH18:0001:CFQ7TTC0K971",
            friendlyName: name,
            quantity: quantity,
            status: status,
            autoRenewEnabled: autoRenew,
            commitmentEndDate: CalendarDate(year: 2027, month: 2, day: 28),
            cancellationAllowedUntilDate: cancellableUntil,
            refundableQuantity: refundable,
            isTrial: isTrial,
            etag: "sub-etag-\(id.prefix(4))"
        )
    }

    static func liveCustomer(
        billing: Observed<LiveBillingProfile>? = nil,
        budget: Observed<Decimal?> = .known(nil),
        agreement: Observed<LiveAgreement?> = .known(LiveAgreement(templateId: "mca-1")),
        subscriptions: Observed<[LiveSubscription]> = .known([]),
        relationships: Observed<[LiveRelationship]> = .known([])
    ) -> LiveCustomer {
        LiveCustomer(
            tenantId: tenant,
            domain: domain,
            billing: billing ?? .known(liveBilling()),
            spendingBudget: budget,
            agreement: agreement,
            subscriptions: subscriptions,
            relationships: relationships
        )
    }

    static func gdap(
        roles: [GDAPRole] = [globalReader, helpdesk],
        duration: String = "P730D",
        autoExtend: String = "P180D",
        assignments: [DesiredAccessAssignment] = []
    ) -> DesiredGDAP {
        DesiredGDAP(
            displayName: "wingtiptoys-msp",
            duration: duration,
            autoExtendDuration: autoExtend,
            roles: roles.sorted(),
            assignments: assignments
        )
    }

    static func relationship(
        _ name: String = "wingtiptoys-msp",
        id: String = "\(tenant)-8777b240-c6f0-4469-9e98-a3205431b836",
        status: LiveRelationshipStatus,
        roles: [GDAPRole] = [globalReader, helpdesk],
        duration: String = "P730D",
        autoExtend: String = "P180D",
        end: Date? = date("2028-01-01T00:00:00Z"),
        assignments: Observed<[LiveAccessAssignment]> = .known([])
    ) -> LiveRelationship {
        LiveRelationship(
            id: id,
            displayName: name,
            status: status,
            roles: roles.map(\.id),
            duration: duration,
            autoExtendDuration: autoExtend,
            endDateTime: end,
            etag: "W/\"rel-\(status.rawValue)\"",
            accessAssignments: assignments
        )
    }

    static func live(
        _ lookup: LiveCustomerLookup,
        appUser: Bool = true,
        sandbox: Bool = false,
        catalog: LiveCatalogLookup = .available(
            LiveAvailability(availabilityId: availability, termDurations: ["P1M", "P1Y", "P3Y"])
        ),
        now: Date = now
    ) -> LiveState {
        LiveState(
            observedAt: now,
            appUserAvailable: appUser,
            sandbox: sandbox,
            customers: [domain: lookup],
            catalog: LiveCatalog(entries: [LiveCatalogKey(offer: offer, country: "US"): catalog])
        )
    }

    static func plan(_ desired: DesiredCustomer, _ live: LiveState, ignores: [IgnoreRule] = []) -> Plan {
        Planner().plan(
            desired: DesiredState(customers: [desired], ignores: ignores, manifestDigest: "digest", files: ["a.yaml"]),
            live: live,
            options: PlanningOptions(createdAt: now, toolVersion: "0.1.0-test", endpoint: "http://127.0.0.1:1")
        )
    }

    static let customerAddress = PlanAddress.customer(domain)
    static func subscriptionAddress(_ name: String = "m365-basic-hq") -> String {
        PlanAddress.subscription(domain, name)
    }
    static let gdapAddress = PlanAddress.gdap(domain, "wingtiptoys-msp")
}

extension Plan {
    func change(_ address: String) -> Change? { changes.first { $0.address == address } }

    /// `address action` per change, the shape most table rows assert.
    var outline: [String] { changes.map { "\($0.address) \($0.action.rawValue)" } }
}
