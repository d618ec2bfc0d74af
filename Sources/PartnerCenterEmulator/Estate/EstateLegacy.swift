import Foundation

extension EstateLegacyOffer {
    /// (offer id, offer name, unit type, billing type) as subscriptions.md shows these legacy offers.
    var offer: (id: String, name: String, unitType: String, billingType: String) {
        switch self {
        case .azure: ("MS-AZR-0145P", "Microsoft Azure", "Usage-based", "usage")
        case .intuneDevice: ("DB2E705F-B82A-4024-A3D5-D88E12F2DB35", "Intune Device", "Licenses", "license")
        // The parent of the documented add-on below; the references show its offer id without a name.
        case .exchangeWithArchiving: ("195416C1-3447-423A-B37B-EE59A99A19C4", "Exchange Online", "Licenses", "license")
        }
    }

    /// The add-on subscriptions.md shows on the Exchange offer.
    static let archiving = (
        id: "2828BE95-46BA-4F91-B2FD-0BEF192ECF60", name: "Exchange Online Archiving for Exchange Online"
    )
}

extension EstateCustomerBuilder {
    /// The customer's legacy subscriptions that are not add-ons, in id order.
    var legacyIds: [String] {
        (scratch.subscriptions[customerId] ?? [:]).values
            .filter { !$0.isNewCommerce && $0.resource.parentSubscriptionId == nil }
            .map(\.resource.id).sorted()
    }

    /// A legacy subscription in the shape subscriptions.md documents (no product type; the offer link instead of
    /// catalog links), bought before new commerce; the Exchange offer comes with its archiving add-on.
    mutating func addLegacy(_ kind: EstateLegacyOffer) {
        let bought = moment(after: profile.created, 0.05)
        let offer = kind.offer
        let quantity = offer.billingType == "usage" ? 1 : 5 + Int(profile.premises % 40)
        let parent = insertLegacy(
            offerId: offer.id,
            name: offer.name,
            unitType: offer.unitType,
            billingType: offer.billingType,
            quantity: quantity,
            parent: nil,
            at: bought
        )
        if kind == .exchangeWithArchiving {
            let archiving = EstateLegacyOffer.archiving
            _ = insertLegacy(
                offerId: archiving.id,
                name: archiving.name,
                unitType: "Licenses",
                billingType: "license",
                quantity: max(1, quantity / 2),
                parent: parent,
                at: bought
            )
        }
    }

    private mutating func insertLegacy(
        offerId: String,
        name: String,
        unitType: String,
        billingType: String,
        quantity: Int,
        parent: String?,
        at time: Date
    ) -> String {
        let id = scratch.newGUID(seed: seed)
        let orderId = scratch.newGUID(seed: seed).uppercased()
        let usage = billingType == "usage"
        var links = [
            "offer": Link(uri: "/offers/\(offerId)?country=US"),
            "self": Link(uri: "/customers/\(customerId)/subscriptions/\(id)"),
        ]
        if let parent { links["parentSubscription"] = Link(uri: "/customers/\(customerId)/subscriptions/\(parent)") }
        var subscription = Subscription(
            id: id,
            offerId: offerId,
            offerName: name,
            friendlyName: name,
            productType: nil,
            quantity: quantity,
            unitType: unitType,
            hasPurchasableAddons: nil,
            creationDate: EmulatorJSON.format(time),
            status: "active",
            autoRenewEnabled: !usage,
            isTrial: usage ? nil : false,
            billingType: billingType,
            billingCycle: usage ? nil : "monthly",
            termDuration: nil,
            renewalTermDuration: nil,
            isMicrosoftProduct: nil,
            partnerId: usage ? nil : "",
            attentionNeeded: nil,
            actionTaken: nil,
            contractType: "subscription",
            links: links,
            publisherName: nil,
            refundableQuantity: nil,
            orderId: orderId,
            attributes: ResourceAttributes(
                etag: ResourceAttributes.versionedETag(id: id, version: 1),
                objectType: "Subscription"
            )
        )
        subscription.parentSubscriptionId = parent
        let day = SubscriptionLifecycle.utc.startOfDay(for: time)
        subscription.effectiveStartDate = EmulatorJSON.format(day)
        subscription.commitmentEndDate = usage ? "9999-12-31T00:00:00Z" : EmulatorJSON.format(anniversary(of: day))
        scratch.subscriptions[customerId, default: [:]][id] = SubscriptionRecord(
            customerId: customerId,
            resource: subscription
        )
        return id
    }

    /// The first yearly anniversary of `day` after the estate's day (legacy licences renew each year).
    private func anniversary(of day: Date) -> Date {
        var end = day
        var years = 0
        while end <= anchor, years < 200 {
            years += 1
            end = SubscriptionLifecycle.utc.date(byAdding: .year, value: years, to: day) ?? anchor
        }
        return end
    }
}
