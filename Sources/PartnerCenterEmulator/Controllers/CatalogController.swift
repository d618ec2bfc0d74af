import Foundation
import HTTPTypes
import Hummingbird

/// Products, SKUs and availabilities by country (`country` and, for the product list, `targetView` are
/// required) and by customer (country from the customer's billing address) — catalog.md.
struct CatalogController {
    let store: EmulatorStore

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.get("products", use: products)
        group.get("products/{productId}", use: product)
        group.get("products/{productId}/skus", use: skus)
        group.get("products/{productId}/skus/{skuId}", use: sku)
        group.get("products/{productId}/skus/{skuId}/availabilities", use: availabilities)
        group.get("products/{productId}/skus/{skuId}/availabilities/{availabilityId}", use: availability)
        group.get("customers/{customerId}/products", use: products)
        group.get("customers/{customerId}/products/{productId}", use: product)
        group.get("customers/{customerId}/products/{productId}/skus", use: skus)
        group.get("customers/{customerId}/products/{productId}/skus/{skuId}", use: sku)
        group.get("customers/{customerId}/products/{productId}/skus/{skuId}/availabilities", use: availabilities)
        group.get(
            "customers/{customerId}/products/{productId}/skus/{skuId}/availabilities/{availabilityId}",
            use: availability
        )
    }

    struct ProductBody: Encodable {
        var id: String
        var title: String
        var description: String
        var productType: ProductType
        var isMicrosoftProduct: Bool
        var publisherName: String
        var links: [String: Link]
    }

    struct SkuBody: Encodable {
        var id: String
        var productId: String
        var title: String
        var description: String
        var minimumQuantity: Int
        var maximumQuantity: Int
        var isTrial: Bool
        var supportedBillingCycles: [String]
        var purchasePrerequisites: [String]
        var inventoryVariables: [String]
        var provisioningVariables: [String]
        var actions: [String]
        var dynamicAttributes: DynamicAttributes
        var links: [String: Link]
    }

    struct DynamicAttributes: Encodable {
        var isMicrosoftProduct: Bool
        var hasConstraints: Bool
        var isAddon: Bool
        var prerequisiteSkus: [String]
        var isSoftwareAssuranceApplicable: Bool
        var upgradeTargetOffers: [String]
        var provisioningId: String
        var `internal`: Bool
    }

    struct AvailabilityBody: Encodable {
        var id: String
        var productId: String
        var skuId: String
        var catalogItemId: String
        var defaultCurrency: Currency
        var segment: String
        var country: String
        var isPurchasable: Bool
        var isRenewable: Bool
        var renewalInstructions: [RenewalInstruction]
        var terms: [TermBody]
        var links: [String: Link]
    }

    struct Currency: Encodable {
        var code: String
        var symbol: String
    }

    struct RenewalInstruction: Encodable {
        var applicableTermIds: [String]
        var renewalOptions: [RenewalOption]
    }

    struct RenewalOption: Encodable {
        var renewToId: String
        var isAutoRenewable: Bool
    }

    struct TermBody: Encodable {
        var id: String
        var duration: String
        var description: String
        var billingCycle: String
        var cancellationPolicies: [CancellationPolicy]
    }

    struct CancellationPolicy: Encodable {
        var refundOptions: [RefundOptionBody]
    }

    struct RefundOptionBody: Encodable {
        var sequenceId: Int
        var type: String
        var expiresAfter: String
    }

    /// Country: the `country` query parameter, or the customer's billing country on customer-scoped routes.
    private func country(_ request: Request, _ context: EmulatorRequestContext) async throws -> String {
        if context.parameters.get("customerId") != nil {
            let record = try await store.read { try $0.customer(context.customerId) }
            return (record.billingProfile.defaultAddress?.country ?? "US").uppercased()
        }
        guard let country = request.uri.queryParameters["country"].map(String.init), country.count == 2 else {
            throw PartnerCenterError.invalidProperty("country")
        }
        return country.uppercased()
    }

    private func catalog() async -> Catalog {
        await store.read { $0.catalog }
    }

    @Sendable func products(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let country = try await country(request, context)
        guard let targetView = request.uri.queryParameters["targetView"].map(String.init) else {
            throw PartnerCenterError.invalidProperty("targetView")
        }
        // The emulated catalog holds license-based online services (NCE) only.
        let items =
            targetView.caseInsensitiveCompare("OnlineServices") == .orderedSame
            ? await catalog().products.map { Self.product($0, country: country) } : []
        let link = Link(uri: "/products?country=\(country)&targetView=\(targetView)")
        return try EmulatorJSON.response(status: .ok, ResourceCollection(items: items, links: ["self": link]))
    }

    @Sendable func product(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let country = try await country(request, context)
        let product = try await find(context).0
        return try EmulatorJSON.response(status: .ok, Self.product(product, country: country))
    }

    @Sendable func skus(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let country = try await country(request, context)
        let product = try await find(context).0
        let items = product.skus.map { Self.sku($0, product: product, country: country) }
        let link = Link(uri: "/products/\(product.id)/skus?country=\(country)")
        return try EmulatorJSON.response(status: .ok, ResourceCollection(items: items, links: ["self": link]))
    }

    @Sendable func sku(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let country = try await country(request, context)
        let (product, sku, _) = try await find(context, sku: true)
        guard let sku else { throw PartnerCenterError.notFound }
        return try EmulatorJSON.response(status: .ok, Self.sku(sku, product: product, country: country))
    }

    @Sendable func availabilities(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let country = try await country(request, context)
        let (product, sku, _) = try await find(context, sku: true)
        guard let sku else { throw PartnerCenterError.notFound }
        let items = sku.availabilities.map { Self.availability($0, product: product, sku: sku, country: country) }
        let link = Link(uri: "/products/\(product.id)/skus/\(sku.id)/availabilities?country=\(country)")
        return try EmulatorJSON.response(status: .ok, ResourceCollection(items: items, links: ["self": link]))
    }

    @Sendable func availability(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let country = try await country(request, context)
        let (product, sku, availability) = try await find(context, sku: true, availability: true)
        guard let sku, let availability else { throw PartnerCenterError.notFound }
        return try EmulatorJSON.response(
            status: .ok,
            Self.availability(availability, product: product, sku: sku, country: country)
        )
    }

    private func find(
        _ context: EmulatorRequestContext,
        sku: Bool = false,
        availability: Bool = false
    ) async throws
        -> (CatalogProduct, CatalogSku?, CatalogAvailability?)
    {
        let catalog = await catalog()
        guard let product = catalog.product(context.parameters.get("productId") ?? "") else {
            throw PartnerCenterError.notFound
        }
        guard sku else { return (product, nil, nil) }
        guard let found = product.sku(context.parameters.get("skuId") ?? "") else { throw PartnerCenterError.notFound }
        guard availability else { return (product, found, nil) }
        guard let item = found.availability(context.parameters.get("availabilityId") ?? "") else {
            throw PartnerCenterError.notFound
        }
        return (product, found, item)
    }

    static func product(_ product: CatalogProduct, country: String) -> ProductBody {
        ProductBody(
            id: product.id,
            title: product.title,
            description: product.description,
            productType: ProductType(id: product.productType, displayName: product.productType),
            isMicrosoftProduct: product.isMicrosoftProduct,
            publisherName: product.publisherName,
            links: [
                "skus": Link(uri: "/products/\(product.id)/skus?country=\(country)"),
                "self": Link(uri: "/products/\(product.id)?country=\(country)"),
            ]
        )
    }

    static func sku(_ sku: CatalogSku, product: CatalogProduct, country: String) -> SkuBody {
        SkuBody(
            id: sku.id,
            productId: product.id,
            title: sku.title,
            description: sku.description,
            minimumQuantity: sku.minimumQuantity,
            maximumQuantity: sku.maximumQuantity,
            isTrial: sku.isTrial,
            supportedBillingCycles: sku.supportedBillingCycles,
            purchasePrerequisites: ["MicrosoftCloudAgreement"],
            inventoryVariables: [],
            provisioningVariables: [],
            actions: ["Refund"],
            dynamicAttributes: DynamicAttributes(
                isMicrosoftProduct: product.isMicrosoftProduct,
                hasConstraints: true,
                isAddon: sku.isAddon,
                prerequisiteSkus: sku.prerequisiteSkus,
                isSoftwareAssuranceApplicable: false,
                upgradeTargetOffers: sku.upgradeTargetOffers,
                provisioningId: sku.provisioningId,
                internal: false
            ),
            links: [
                "availabilities": Link(uri: "/products/\(product.id)/skus/\(sku.id)/availabilities?country=\(country)"),
                "self": Link(uri: "/products/\(product.id)/skus/\(sku.id)?country=\(country)"),
            ]
        )
    }

    static func availability(
        _ availability: CatalogAvailability,
        product: CatalogProduct,
        sku: CatalogSku,
        country: String
    ) -> AvailabilityBody {
        let currency = currencies[country] ?? Currency(code: "USD", symbol: "$")
        return AvailabilityBody(
            id: availability.id,
            productId: product.id,
            skuId: sku.id,
            catalogItemId: "\(product.id):\(sku.id):\(availability.id)",
            defaultCurrency: currency,
            segment: availability.segment,
            country: country,
            isPurchasable: availability.isPurchasable,
            isRenewable: availability.isRenewable,
            renewalInstructions: [
                RenewalInstruction(
                    applicableTermIds: availability.terms.map(\.id),
                    renewalOptions: [RenewalOption(renewToId: "\(product.id):\(sku.id)", isAutoRenewable: true)]
                )
            ],
            terms: availability.terms.map {
                TermBody(
                    id: $0.id,
                    duration: $0.duration,
                    description: $0.description,
                    billingCycle: $0.billingCycle,
                    // The 7-day window as an ISO-8601 duration (catalog.md: refundOptions expiresAfter).
                    cancellationPolicies: [
                        CancellationPolicy(refundOptions: [
                            RefundOptionBody(sequenceId: 0, type: "Full", expiresAfter: "P7D")
                        ])
                    ]
                )
            },
            links: [
                "self": Link(
                    uri: "/products/\(product.id)/skus/\(sku.id)/availabilities/\(availability.id)?country=\(country)"
                )
            ]
        )
    }

    static let currencies: [String: Currency] = [
        "US": Currency(code: "USD", symbol: "$"),
        "CA": Currency(code: "CAD", symbol: "$"),
        "GB": Currency(code: "GBP", symbol: "£"),
        "DE": Currency(code: "EUR", symbol: "€"),
        "FR": Currency(code: "EUR", symbol: "€"),
        "NL": Currency(code: "EUR", symbol: "€"),
        "JP": Currency(code: "JPY", symbol: "¥"),
        "AU": Currency(code: "AUD", symbol: "$"),
    ]
}
