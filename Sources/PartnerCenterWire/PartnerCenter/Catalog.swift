package import PartnerCenterModel

/// A catalog product (`/v1/products/{id}`), such as `CFQ7TTC0LH18` Microsoft 365 Business Basic.
package struct Product: Codable, Hashable, Sendable {
    package var id: String
    package var title: String?
    package var description: String?
    package var productType: ItemType?
    package var isMicrosoftProduct: Bool?
    package var publisherName: String?
    package var localizedAttributes: [KeyValue]?
    package var links: ResourceLinks?
}

/// A SKU of a product (`/v1/products/{pid}/skus/{sid}`).
package struct Sku: Codable, Hashable, Sendable {
    package var id: String
    package var productId: String?
    package var title: String?
    package var description: String?
    package var minimumQuantity: Int?
    package var maximumQuantity: Int?
    package var isTrial: Bool?
    package var supportedBillingCycles: [BillingCycle]?
    package var purchasePrerequisites: [String]?
    package var inventoryVariables: [String]?
    package var provisioningVariables: [String]?
    package var actions: [String]?
    package var dynamicAttributes: [String: JSONValue]?
    package var links: ResourceLinks?
}

/// An availability of a SKU (`.../availabilities/{aid}`): what can be bought, with its terms.
package struct Availability: Codable, Hashable, Sendable {
    package var id: String
    package var productId: String?
    package var skuId: String?
    package var catalogItemId: String?
    package var defaultCurrency: Currency?
    package var segment: String?
    package var country: String?
    package var isPurchasable: Bool?
    package var isRenewable: Bool?
    package var renewalInstructions: [RenewalInstruction]?
    package var terms: [Term]?
    package var product: Product?
    package var sku: Sku?
    package var links: ResourceLinks?

    // The documented examples elide `product` and `sku` as `{ ... }`; they are optional and decoded only when
    // they carry an id.
    enum CodingKeys: String, CodingKey {
        case id, productId, skuId, catalogItemId, defaultCurrency, segment, country, isPurchasable, isRenewable
        case renewalInstructions, terms, product, sku, links
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        productId = try container.decodeIfPresent(String.self, forKey: .productId)
        skuId = try container.decodeIfPresent(String.self, forKey: .skuId)
        catalogItemId = try container.decodeIfPresent(String.self, forKey: .catalogItemId)
        defaultCurrency = try container.decodeIfPresent(Currency.self, forKey: .defaultCurrency)
        segment = try container.decodeIfPresent(String.self, forKey: .segment)
        country = try container.decodeIfPresent(String.self, forKey: .country)
        isPurchasable = try container.decodeIfPresent(Bool.self, forKey: .isPurchasable)
        isRenewable = try container.decodeIfPresent(Bool.self, forKey: .isRenewable)
        renewalInstructions = try container.decodeIfPresent([RenewalInstruction].self, forKey: .renewalInstructions)
        terms = try container.decodeIfPresent([Term].self, forKey: .terms)
        product = try Self.decodeUnlessEmpty(Product.self, container, .product)
        sku = try Self.decodeUnlessEmpty(Sku.self, container, .sku)
        links = try container.decodeIfPresent(ResourceLinks.self, forKey: .links)
    }

    private static func decodeUnlessEmpty<T: Decodable>(
        _ type: T.Type,
        _ container: KeyedDecodingContainer<CodingKeys>,
        _ key: CodingKeys
    ) throws -> T? {
        guard let raw = try container.decodeIfPresent(JSONValue.self, forKey: key), raw != .object([:]) else {
            return nil
        }
        return try container.decode(T.self, forKey: key)
    }
}

/// `{ code, symbol }`.
package struct Currency: Codable, Hashable, Sendable {
    package var code: String?
    package var symbol: String?
}

/// A purchasable term of an availability: duration, billing cycle and cancellation policies.
package struct Term: Codable, Hashable, Sendable {
    package var id: String?
    package var duration: String?
    package var description: String?
    package var billingCycle: BillingCycle?
    package var cancellationPolicies: [CancellationPolicy]?
}

/// `{ refundOptions: [ { sequenceId, type, expiresAfter } ] }`: the cancellation window as ISO 8601 durations.
package struct CancellationPolicy: Codable, Hashable, Sendable {
    package var refundOptions: [RefundPolicyOption]?

    package struct RefundPolicyOption: Codable, Hashable, Sendable {
        package var sequenceId: Int?
        package var type: String?
        package var expiresAfter: String?
    }
}

/// `{ applicableTermIds, renewalOptions: [ { renewToId, isAutoRenewable } ] }`.
package struct RenewalInstruction: Codable, Hashable, Sendable {
    package var applicableTermIds: [String]?
    package var renewalOptions: [RenewalOption]?

    package struct RenewalOption: Codable, Hashable, Sendable {
        package var renewToId: String?
        package var isAutoRenewable: Bool?
    }
}

/// One item of a `checkInventory` answer.
package struct InventoryItem: Codable, Hashable, Sendable {
    package var productId: String?
    package var skuId: String?
    package var isRestricted: Bool?
    package var restrictions: [Restriction]?

    package struct Restriction: Codable, Hashable, Sendable {
        package var reasonCode: String?
        package var description: String?
        package var properties: [String: String]?
    }
}
