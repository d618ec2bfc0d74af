package import Foundation

/// What the live-state reader observed in Partner Center and Microsoft Graph for the customers the manifests
/// name: the planner's second input (with `DesiredState`).
///
/// Only what the manifests name is read: `customers` has one entry per desired customer domain (lower-cased).
/// A desired domain missing from `customers` is treated as not read (unknown), never as absent.
package struct LiveState: Sendable, Hashable, Codable {
    /// The service's clock when the reads were made (the `Date` response header of the reads, or the
    /// emulator's clock). Every time-based rule (cancellation window, refundable seats, GDAP expiry,
    /// `ignore` expiry) is judged against this instant, not the local clock.
    package var observedAt: Date
    /// Whether App+User (delegated, Secure Application Model) credentials are configured. Operations only
    /// App+User may perform are blocked with `requires_app_user` when false.
    package var appUserAvailable: Bool
    /// Whether the endpoint is a Partner Center integration sandbox (customers can be deleted there).
    package var sandbox: Bool
    /// Keyed by lower-cased `*.onmicrosoft.com` domain.
    package var customers: [String: LiveCustomerLookup]
    /// Offer availability per (offer, country), for the purchases the manifests may need.
    package var catalog: LiveCatalog
    /// The partner's indirect resellers (`GET /v1/relationships`), read only when a manifest names a reseller;
    /// nil when not read.
    package var indirectResellers: Observed<[LiveIndirectReseller]>?
    /// The relationship request link for a customer of each reseller (keyed by the reseller's tenant id, lower
    /// case), read for the resellers some customer lacks the relationship with.
    package var resellerRelationshipLinks: [String: Observed<String>] = [:]

    package init(
        observedAt: Date,
        appUserAvailable: Bool,
        sandbox: Bool = false,
        customers: [String: LiveCustomerLookup] = [:],
        catalog: LiveCatalog = LiveCatalog()
    ) {
        self.observedAt = observedAt
        self.appUserAvailable = appUserAvailable
        self.sandbox = sandbox
        self.customers = customers
        self.catalog = catalog
    }
}

/// The result of looking a domain up in the partner's customer list (Partner Center filter by domain).
package enum LiveCustomerLookup: Sendable, Hashable, Codable {
    /// The partner has a customer with this domain.
    case found(LiveCustomer)
    /// The lookup succeeded and no customer of this partner has this domain.
    case notFound
    /// The lookup failed after retries.
    case unknown(UnknownRead)
}

/// Catalog lookups the reader made: for each offer (`product:sku`) and customer country, the new-commerce
/// availability to buy, or why there is none.
///
/// The reader looks up the offer of every desired subscription that has no live match, in the customer's country
/// (`defaultAddress.country` of the live billing profile; for a customer the plan creates, the manifest's
/// `billing.address.country`). A purchase whose offer was not looked up is reported as unknown.
///
/// It also reads the SKU (`GET /v1/products/{productId}/skus/{skuId}?country=`) of every offer a purchase or a
/// quantity change needs, for its purchase limits (``LiveSkuLimits``): the planner checks them before apply,
/// so that 301 seats of a 300-seat SKU are blocked in the plan rather than refused by the service (800088, 2002).
package struct LiveCatalog: Sendable, Hashable, Codable {
    package var entries: [LiveCatalogKey: LiveCatalogLookup]
    /// SKU limits per (offer, country): `known(nil)` when the catalog has no such SKU, `unknown` when the read
    /// failed. A key missing here means the limits were not read (the planner then checks none).
    package var skus: [LiveCatalogKey: Observed<LiveSkuLimits?>]

    package init(
        entries: [LiveCatalogKey: LiveCatalogLookup] = [:],
        skus: [LiveCatalogKey: Observed<LiveSkuLimits?>] = [:]
    ) {
        self.entries = entries
        self.skus = skus
    }

    /// The lookup for an offer in a country; nil when the reader did not look it up.
    package func lookup(_ offer: OfferID, country: String) -> LiveCatalogLookup? {
        entries[LiveCatalogKey(offer: offer, country: country.uppercased())]
    }

    /// The SKU's limits for an offer in a country; nil when the reader did not read them.
    package func limits(_ offer: OfferID, country: String) -> Observed<LiveSkuLimits?>? {
        skus[LiveCatalogKey(offer: offer, country: country.uppercased())]
    }
}

/// What the catalog documents about buying a SKU (`Sku` resource, catalog.md): the quantity bounds and what a
/// purchase needs first. Every field is optional on the wire; absent means "no limit stated".
package struct LiveSkuLimits: Sendable, Hashable, Codable {
    /// `title`, for messages.
    package var title: String?
    /// `minimumQuantity`: the fewest seats one subscription may hold (error 2002 below it).
    package var minimumQuantity: Int?
    /// `maximumQuantity`: the most seats one subscription may hold (2002 above it). For small-business SKUs it
    /// is also the Max Seat Count pooled across the customer's subscriptions of the SKU, from every partner
    /// (new-commerce/rules.md NCE-24: 403 800088).
    package var maximumQuantity: Int?
    /// `supportedBillingCycles`, lower case; empty when not listed.
    package var supportedBillingCycles: [String]
    /// `dynamicAttributes.isAddon`.
    package var isAddon: Bool
    /// `dynamicAttributes.prerequisiteSkus` (`PRODUCT:SKU`, upper case): for an add-on, the base SKUs one of which
    /// the customer must hold (error 400041, NCE-46).
    package var prerequisiteSkus: [String]

    package init(
        title: String? = nil,
        minimumQuantity: Int? = nil,
        maximumQuantity: Int? = nil,
        supportedBillingCycles: [String] = [],
        isAddon: Bool = false,
        prerequisiteSkus: [String] = []
    ) {
        self.title = title
        self.minimumQuantity = minimumQuantity
        self.maximumQuantity = maximumQuantity
        self.supportedBillingCycles = supportedBillingCycles
        self.isAddon = isAddon
        self.prerequisiteSkus = prerequisiteSkus
    }
}

/// An offer in a market: `GET /v1/products/{productId}/skus/{skuId}/availabilities?country={country}`.
package struct LiveCatalogKey: Sendable, Hashable, Codable {
    package var offer: OfferID
    /// ISO 3166-1 alpha-2, upper case.
    package var country: String

    package init(offer: OfferID, country: String) {
        self.offer = offer
        self.country = country.uppercased()
    }
}

/// What the catalog says about an offer in one country.
package enum LiveCatalogLookup: Sendable, Hashable, Codable {
    /// Purchasable: the availability to put in the cart.
    case available(LiveAvailability)
    /// The catalog has no such product/SKU, or no purchasable availability in this country.
    case notOffered
    case unknown(UnknownRead)
}

/// A purchasable availability of an offer.
package struct LiveAvailability: Sendable, Hashable, Codable {
    package var availabilityId: String
    /// Terms the availability sells (`P1M`, `P1Y`, `P3Y`), from `terms[].duration`; empty when not listed.
    package var termDurations: [String]

    package init(availabilityId: String, termDurations: [String] = []) {
        self.availabilityId = availabilityId
        self.termDurations = termDurations
    }
}
