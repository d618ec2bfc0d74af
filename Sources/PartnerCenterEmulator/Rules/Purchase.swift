import Foundation
import HTTPTypes

/// Turning purchased lines into an order and new-commerce subscriptions, with the purchase rules:
/// the catalog item must exist (900142 / 800004), term and billing cycle must be offered, new commerce needs the
/// customer's confirmed MCA acceptance (13605, INDEX.md rule 19), the quantity must fit the SKU (2002) and the
/// seat limit across the customer's subscriptions (800088, NCE-24), sandbox quotas (800018, INDEX.md rule 12).
struct Purchase {
    struct Line {
        var lineItemNumber: Int
        var catalogItemId: String
        var quantity: Int
        var termDuration: String?
        var billingCycle: String?
        var friendlyName: String?
        var partnerIdOnRecord: String?
        var additionalPartnerIdsOnRecord: [String]?
    }

    var customerId: String
    var lines: [Line]
    var orderBillingCycle: String?
    var now: Date
    var window: TimeInterval
    var seed: UInt64
    var sandbox: Bool

    /// Billing cycles each term allows (NCE-01/02/06).
    static let cyclesByTerm: [String: Set<String>] = [
        "P1M": ["monthly"],
        "P1Y": ["monthly", "annual"],
        "P3Y": ["monthly", "annual", "triennial"],
    ]

    /// Checks one line against the catalog; used by carts at creation and by orders.
    static func validate(_ line: Line, catalog: Catalog) throws {
        guard let (_, _, availability) = catalog.item(catalogItemId: line.catalogItemId) else {
            throw PartnerCenterError.badRequest("The catalog item ID is not present", code: 900142)
        }
        guard line.quantity >= 1 else {
            throw PartnerCenterError.badRequest(
                "Subscription quantity is not within minimum and maximum allowed quantity",
                code: 2002
            )
        }
        guard let term = line.termDuration?.uppercased(), availability.terms.contains(where: { $0.duration == term })
        else {
            throw PartnerCenterError.invalidProperty("TermDuration")
        }
        guard let cycle = line.billingCycle?.lowercased(), cyclesByTerm[term]?.contains(cycle) == true else {
            throw PartnerCenterError.invalidProperty("BillingCycle")
        }
    }

    /// Applies the purchase to the state: an order with one subscription per line.
    func execute(in state: inout EmulatorState) throws -> OrderRecord {
        let catalog = state.catalog
        try IndirectResellers.checkPartnersOnRecord(lines, in: state)
        try checkAgreement(in: state)
        try checkLimits(existing: state.subscriptions[customerId] ?? [:], catalog: catalog)
        // Ids are drawn in this order (the order's, then one per line) so a seed gives the same ids every run.
        let orderId = state.newShortID(seed: seed)
        var orderLines: [OrderLineItem] = []
        for line in lines {
            guard let (product, sku, availability) = catalog.item(catalogItemId: line.catalogItemId) else { continue }
            let subscriptionId = state.newGUID(seed: seed)
            let links = Self.catalogLinks(product: product.id, sku: sku.id, availability: availability.id)
            let subscription = newSubscription(
                line,
                item: (product, sku, availability),
                id: subscriptionId,
                orderId: orderId,
                links: links
            )
            state.subscriptions[customerId, default: [:]][subscriptionId] = SubscriptionRecord(
                customerId: customerId,
                resource: subscription
            )
            orderLines.append(
                OrderLineItem(
                    lineItemNumber: line.lineItemNumber,
                    offerId: line.catalogItemId,
                    subscriptionId: subscriptionId,
                    termDuration: line.termDuration?.uppercased(),
                    transactionType: "New",
                    friendlyName: line.friendlyName ?? product.title,
                    quantity: line.quantity,
                    partnerIdOnRecord: line.partnerIdOnRecord,
                    additionalPartnerIdsOnRecord: line.additionalPartnerIdsOnRecord,
                    links: links
                )
            )
        }
        let record = OrderRecord(customerId: customerId, resource: order(orderId, lines: orderLines), createdAt: now)
        state.orders[customerId, default: [:]][orderId] = record
        return record
    }

    /// 13605: new commerce needs the customer's confirmed Microsoft Customer Agreement.
    private func checkAgreement(in state: EmulatorState) throws {
        let catalog = state.catalog
        let newCommerce = lines.contains {
            catalog.item(catalogItemId: $0.catalogItemId)?.0.productType == "OnlineServicesNCE"
        }
        guard newCommerce, !state.hasCustomerAgreement(customerId) else { return }
        throw PartnerCenterError(
            status: .forbidden,
            code: 13605,
            description:
                "Either a partner confirmation of the customer acceptance of the Microsoft Customer Agreement "
                + "must be provided or the customer must accept the Microsoft Customer Agreement in the Microsoft Admin "
                + "Center before you can complete this purchase"
        )
    }

    /// Each line against the catalog (900142, 2002, term and cycle), the sandbox quotas (800018) and the seat limit
    /// across the customer's subscriptions of the same SKU (800088).
    private func checkLimits(existing: [String: SubscriptionRecord], catalog: Catalog) throws {
        if sandbox && existing.count + lines.count > 5 {
            throw PartnerCenterError.badRequest("The sandbox limit has been met", code: 800018)
        }
        for line in lines {
            try Self.validate(line, catalog: catalog)
            guard let (_, sku, _) = catalog.item(catalogItemId: line.catalogItemId) else { continue }
            if sandbox && line.quantity > 25 {
                throw PartnerCenterError.badRequest("The sandbox limit has been met", code: 800018)
            }
            let skuPrefix = line.catalogItemId.split(separator: ":").prefix(2).joined(separator: ":").lowercased()
            let held = existing.values.filter {
                ["active", "suspended"].contains($0.resource.status)
                    && $0.resource.offerId.lowercased().hasPrefix(skuPrefix + ":")
            }
            .reduce(0) { $0 + $1.resource.quantity }
            let remaining = sku.maximumQuantity - held
            if line.quantity > remaining {
                throw PartnerCenterError(
                    status: .forbidden,
                    code: 800088,
                    description: "The requested number of \(line.quantity) seat/s exceeded the remaining limit of "
                        + "\(max(0, remaining)) seats allowed per subscription for the CatalogID - \(line.catalogItemId)"
                )
            }
        }
    }

    /// The subscription one line creates: active, auto-renewing, its seats refundable for the cancellation window.
    private func newSubscription(
        _ line: Line,
        item: (product: CatalogProduct, sku: CatalogSku, availability: CatalogAvailability),
        id subscriptionId: String,
        orderId: String,
        links: [String: Link]
    ) -> Subscription {
        let (product, sku, _) = item
        var subscription = Subscription(
            id: subscriptionId,
            offerId: "\(product.id):\(sku.id):\(item.availability.id)",
            offerName: product.title,
            friendlyName: line.friendlyName ?? product.title,
            productType: ProductType(id: product.productType, displayName: product.productType),
            quantity: line.quantity,
            unitType: "Licenses",
            hasPurchasableAddons: false,
            creationDate: EmulatorJSON.format(now),
            status: "active",
            autoRenewEnabled: true,
            isTrial: sku.isTrial,
            billingType: "license",
            billingCycle: line.billingCycle?.lowercased(),
            termDuration: line.termDuration?.uppercased(),
            renewalTermDuration: "",
            isMicrosoftProduct: product.isMicrosoftProduct,
            partnerId: line.partnerIdOnRecord ?? "",
            attentionNeeded: false,
            actionTaken: false,
            contractType: "subscription",
            links: links.merging(
                ["self": Link(uri: "/customers/\(customerId)/subscriptions/\(subscriptionId)")],
                uniquingKeysWith: { first, _ in first }
            ),
            publisherName: product.publisherName,
            refundableQuantity: RefundableQuantity(
                totalQuantity: line.quantity,
                details: [
                    RefundableQuantityDetail(
                        quantity: line.quantity,
                        allowedUntilDateTime: EmulatorJSON.format(now.addingTimeInterval(window))
                    )
                ]
            ),
            orderId: orderId,
            // The documented NCE examples carry no etag, but the recorded real subscriptions do, and a PATCH
            // is checked against it (SubscriptionRules).
            attributes: ResourceAttributes(
                etag: ResourceAttributes.versionedETag(id: subscriptionId, version: 1),
                objectType: "Subscription"
            )
        )
        SubscriptionLifecycle.setTerm(&subscription, start: now, purchasedAt: now, window: window)
        return subscription
    }

    /// The new order: pending, with its lines, links and a versioned etag.
    private func order(_ orderId: String, lines orderLines: [OrderLineItem]) -> Order {
        let base = "/customers/\(customerId)/orders/\(orderId)"
        return Order(
            id: orderId,
            alternateId: orderId,
            referenceCustomerId: customerId,
            billingCycle: (orderBillingCycle ?? lines.first?.billingCycle ?? "monthly").lowercased(),
            currencyCode: "USD",
            currencySymbol: "$",
            lineItems: orderLines,
            creationDate: EmulatorJSON.format(now),
            status: "pending",
            transactionType: "UserPurchase",
            links: [
                "self": Link(uri: base),
                "provisioningStatus": Link(uri: base + "/provisioningstatus"),
                "patchOperation": Link(uri: base, method: "PATCH"),
            ],
            client: [:],
            // Recorded real orders carry an etag like their subscriptions (orders-and-carts.md examples too).
            attributes: ResourceAttributes(
                etag: ResourceAttributes.versionedETag(id: orderId, version: 1),
                objectType: "Order"
            )
        )
    }

    static func catalogLinks(product: String, sku: String, availability: String) -> [String: Link] {
        [
            "product": Link(uri: "/products/\(product)?country=US"),
            "sku": Link(uri: "/products/\(product)/skus/\(sku)?country=US"),
            "availability": Link(uri: "/products/\(product)/skus/\(sku)/availabilities/\(availability)?country=US"),
        ]
    }
}

extension Subscription {
    /// A new subscription with the given values and every other property absent.
    init(
        id: String,
        offerId: String,
        offerName: String?,
        friendlyName: String?,
        productType: ProductType?,
        quantity: Int,
        unitType: String?,
        hasPurchasableAddons: Bool?,
        creationDate: String?,
        status: String,
        autoRenewEnabled: Bool?,
        isTrial: Bool?,
        billingType: String?,
        billingCycle: String?,
        termDuration: String?,
        renewalTermDuration: String?,
        isMicrosoftProduct: Bool?,
        partnerId: String?,
        attentionNeeded: Bool?,
        actionTaken: Bool?,
        contractType: String?,
        links: [String: Link]?,
        publisherName: String?,
        refundableQuantity: RefundableQuantity?,
        orderId: String?,
        attributes: ResourceAttributes?
    ) {
        self.init(
            id: id,
            offerId: offerId,
            entitlementId: nil,
            offerName: offerName,
            friendlyName: friendlyName,
            productType: productType,
            quantity: quantity,
            unitType: unitType,
            parentSubscriptionId: nil,
            hasPurchasableAddons: hasPurchasableAddons,
            creationDate: creationDate,
            effectiveStartDate: nil,
            commitmentEndDate: nil,
            commitmentEndDateTime: nil,
            cancellationAllowedUntilDate: nil,
            billingCycleEndDate: nil,
            billingCycleEndDateTime: nil,
            status: status,
            autoRenewEnabled: autoRenewEnabled,
            isTrial: isTrial,
            billingType: billingType,
            billingCycle: billingCycle,
            termDuration: termDuration,
            renewalTermDuration: renewalTermDuration,
            refundOptions: nil,
            isMicrosoftProduct: isMicrosoftProduct,
            partnerId: partnerId,
            attentionNeeded: attentionNeeded,
            actionTaken: actionTaken,
            contractType: contractType,
            links: links,
            publisherName: publisherName,
            refundableQuantity: refundableQuantity,
            scheduledNextTermInstructions: nil,
            suspensionReasons: nil,
            orderId: orderId,
            attributes: attributes
        )
    }
}

extension OrderLineItem {
    init(
        lineItemNumber: Int,
        offerId: String,
        subscriptionId: String?,
        termDuration: String?,
        transactionType: String?,
        friendlyName: String?,
        quantity: Int,
        partnerIdOnRecord: String?,
        additionalPartnerIdsOnRecord: [String]?,
        links: [String: Link]?
    ) {
        self.init(
            lineItemNumber: lineItemNumber,
            offerId: offerId,
            subscriptionId: subscriptionId,
            parentSubscriptionId: nil,
            termDuration: termDuration,
            transactionType: transactionType,
            friendlyName: friendlyName,
            quantity: quantity,
            partnerIdOnRecord: partnerIdOnRecord,
            additionalPartnerIdsOnRecord: additionalPartnerIdsOnRecord,
            links: links
        )
    }
}
