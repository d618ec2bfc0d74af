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
package struct LiveCatalog: Sendable, Hashable, Codable {
    package var entries: [LiveCatalogKey: LiveCatalogLookup]

    package init(entries: [LiveCatalogKey: LiveCatalogLookup] = [:]) {
        self.entries = entries
    }

    /// The lookup for an offer in a country; nil when the reader did not look it up.
    package func lookup(_ offer: OfferID, country: String) -> LiveCatalogLookup? {
        entries[LiveCatalogKey(offer: offer, country: country.uppercased())]
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
