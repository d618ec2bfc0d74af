import Foundation
import PartnerCenterModel
import PartnerCenterWire

/// Wire DTOs (what Partner Center and Graph return) → the live model the planner compares.
enum WireToLive {
    static func billing(_ profile: CustomerBillingProfile) -> LiveBillingProfile {
        LiveBillingProfile(
            email: profile.email,
            culture: profile.culture,
            language: profile.language,
            companyName: profile.companyName,
            address: profile.defaultAddress.map(address),
            etag: profile.etag
        )
    }

    static func address(_ address: Address) -> PostalAddress {
        PostalAddress(
            firstName: address.firstName,
            lastName: address.lastName,
            addressLine1: address.addressLine1,
            addressLine2: address.addressLine2,
            addressLine3: address.addressLine3,
            city: address.city,
            state: address.state,
            postalCode: address.postalCode,
            country: address.country,
            region: address.region,
            district: address.district,
            phoneNumber: address.phoneNumber
        )
    }

    /// The most recent Microsoft Customer Agreement acceptance, or nil when none is on record.
    static func agreement(_ agreements: [Agreement]) -> LiveAgreement? {
        let mca = agreements.filter {
            ($0.type ?? Agreement.microsoftCustomerAgreement).caseInsensitiveCompare(
                Agreement.microsoftCustomerAgreement
            )
                == .orderedSame
        }
        guard let latest = mca.max(by: { ($0.dateAgreed ?? .distantPast) < ($1.dateAgreed ?? .distantPast) }) else {
            return nil
        }
        return LiveAgreement(dateAgreed: latest.dateAgreed, templateId: latest.templateId)
    }

    /// A SKU's documented purchase limits (catalog.md, Sku).
    static func limits(_ sku: Sku) -> LiveSkuLimits {
        let attributes = sku.dynamicAttributes ?? [:]
        var isAddon = false
        if case .bool(let flag)? = attributes["isAddon"] { isAddon = flag }
        var prerequisites: [String] = []
        if case .array(let items)? = attributes["prerequisiteSkus"] {
            prerequisites = items.compactMap(\.stringValue).map { $0.uppercased() }
        }
        return LiveSkuLimits(
            title: sku.title,
            minimumQuantity: sku.minimumQuantity,
            maximumQuantity: sku.maximumQuantity,
            supportedBillingCycles: (sku.supportedBillingCycles ?? []).map { $0.wireValue.lowercased() },
            isAddon: isAddon,
            prerequisiteSkus: prerequisites
        )
    }

    static func relationshipToPartner(_ relationship: CustomerRelationship?) -> LiveRelationshipToPartner {
        // Lists omit it for the partner's own (reseller) customers on some API versions; a customer in the
        // partner's list is a reseller customer unless the service says otherwise.
        guard let relationship else { return .reseller }
        return LiveRelationshipToPartner(rawValue: relationship.wireValue.lowercased()) ?? .unknown
    }

    static func subscription(_ subscription: Subscription) -> LiveSubscription {
        LiveSubscription(
            id: subscription.id,
            offerId: subscription.offerId ?? "",
            friendlyName: subscription.friendlyName ?? subscription.offerName ?? "",
            quantity: subscription.quantity ?? 0,
            status: status(subscription.status),
            termDuration: subscription.termDuration,
            billingCycle: billingCycle(subscription.billingCycle),
            autoRenewEnabled: subscription.autoRenewEnabled ?? false,
            commitmentEndDate: subscription.commitmentEndDate.map(calendarDate).flatMap { $0.isPlaceholder ? nil : $0 },
            cancellationAllowedUntilDate: realInstant(subscription.cancellationAllowedUntilDate),
            refundableQuantity: subscription.refundableQuantity.map(refundable),
            isTrial: subscription.isTrial ?? false,
            isNewCommerce: subscription.productType?.id?.caseInsensitiveCompare("OnlineServicesNCE") == .orderedSame,
            orderId: subscription.orderId,
            etag: subscription.etag,
            commitmentEndDateTime: subscription.commitmentEndDateTime,
            billingCycleEndDateTime: subscription.billingCycleEndDateTime,
            attentionNeeded: subscription.attentionNeeded,
            actionTaken: subscription.actionTaken
        )
    }

    static func status(_ status: SubscriptionStatus?) -> LiveSubscriptionStatus {
        guard let status else { return .none }
        return LiveSubscriptionStatus(rawValue: status.wireValue.lowercased()) ?? .none
    }

    static func billingCycle(_ cycle: PartnerCenterWire.BillingCycle?) -> LiveBillingCycle {
        guard let cycle else { return .unknown }
        let raw = cycle.wireValue.lowercased()
        // The service writes `one_time`; some older payloads say `onetime`.
        if raw == "onetime" { return .oneTime }
        return LiveBillingCycle(rawValue: raw) ?? .unknown
    }

    static func refundable(_ quantity: RefundableQuantity) -> LiveRefundableQuantity {
        let batches = (quantity.details ?? []).compactMap { detail -> LiveRefundableQuantity.Batch? in
            guard let until = realInstant(detail.allowedUntilDateTime) else { return nil }
            return LiveRefundableQuantity.Batch(quantity: detail.quantity ?? 0, allowedUntil: until)
        }
        return LiveRefundableQuantity(
            totalQuantity: quantity.totalQuantity ?? batches.reduce(0) { $0 + $1.quantity },
            details: batches
        )
    }

    /// An instant, or nil for the placeholders the service writes for "none" (`9999-12-31T…`, `0001-01-01T…`):
    /// legacy and usage-based subscriptions carry them (subscriptions.md), and a plan must never print one.
    static func realInstant(_ date: Date?) -> Date? {
        guard let date else { return nil }
        return calendarDate(date).isPlaceholder ? nil : date
    }

    /// `commitmentEndDate` is a calendar day; the service writes it as midnight UTC.
    static func calendarDate(_ date: Date) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    static func relationship(_ relationship: DelegatedAdminRelationship) -> LiveRelationship? {
        guard let id = relationship.id else { return nil }
        return LiveRelationship(
            id: id,
            displayName: relationship.displayName ?? "",
            status: relationship.status.flatMap { LiveRelationshipStatus(rawValue: $0.wireValue) }
                ?? .unknownFutureValue,
            roles: relationship.accessDetails?.roleDefinitionIDs ?? [],
            duration: relationship.duration ?? "",
            autoExtendDuration: relationship.autoExtendDuration ?? "PT0S",
            endDateTime: relationship.endDateTime,
            createdDateTime: relationship.createdDateTime,
            lastModifiedDateTime: relationship.lastModifiedDateTime,
            etag: relationship.etag
        )
    }

    static func assignment(_ assignment: DelegatedAdminAccessAssignment) -> LiveAccessAssignment? {
        guard let id = assignment.id, let group = assignment.accessContainer?.accessContainerId else { return nil }
        return LiveAccessAssignment(
            id: id,
            group: group,
            roles: assignment.accessDetails?.roleDefinitionIDs ?? [],
            status: assignment.status.flatMap { LiveAccessAssignmentStatus(rawValue: $0.wireValue) }
                ?? .unknownFutureValue,
            etag: assignment.etag
        )
    }
}
