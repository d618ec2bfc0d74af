import Foundation

/// The product catalog: products, their SKUs and the SKUs' availabilities (product-resources.md).
package struct Catalog: Codable, Sendable, Equatable {
    package var products: [CatalogProduct]

    package init(products: [CatalogProduct]) {
        self.products = products
    }

    package func product(_ id: String) -> CatalogProduct? {
        products.first { $0.id.caseInsensitiveCompare(id) == .orderedSame }
    }

    /// Resolves `{productId}:{skuId}:{availabilityId}`.
    package func item(catalogItemId: String) -> (CatalogProduct, CatalogSku, CatalogAvailability)? {
        let parts = catalogItemId.split(separator: ":").map(String.init)
        guard parts.count == 3, let product = product(parts[0]), let sku = product.sku(parts[1]),
            let availability = sku.availability(parts[2])
        else { return nil }
        return (product, sku, availability)
    }
}

package struct CatalogProduct: Codable, Sendable, Equatable {
    package var id: String
    package var title: String
    package var description: String
    /// `OnlineServicesNCE` for new-commerce license-based products.
    package var productType: String
    package var isMicrosoftProduct: Bool
    package var publisherName: String
    package var skus: [CatalogSku]

    package func sku(_ id: String) -> CatalogSku? {
        skus.first { $0.id.caseInsensitiveCompare(id) == .orderedSame }
    }
}

package struct CatalogSku: Codable, Sendable, Equatable {
    package var id: String
    package var title: String
    package var description: String
    package var minimumQuantity: Int
    package var maximumQuantity: Int
    package var isTrial: Bool
    package var supportedBillingCycles: [String]
    package var isAddon: Bool
    package var prerequisiteSkus: [String]
    package var upgradeTargetOffers: [String]
    package var provisioningId: String
    package var availabilities: [CatalogAvailability]

    package func availability(_ id: String) -> CatalogAvailability? {
        availabilities.first { $0.id.caseInsensitiveCompare(id) == .orderedSame }
    }
}

package struct CatalogAvailability: Codable, Sendable, Equatable {
    package var id: String
    package var segment: String
    package var isPurchasable: Bool
    package var isRenewable: Bool
    package var terms: [CatalogTerm]
}

package struct CatalogTerm: Codable, Sendable, Equatable {
    package var id: String
    /// P1M, P1Y or P3Y.
    package var duration: String
    package var description: String
    /// `Monthly`, `Annual` or `Triennial` (the documented availability spells it capitalised).
    package var billingCycle: String
}
