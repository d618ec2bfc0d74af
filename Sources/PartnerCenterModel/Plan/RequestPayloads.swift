// The typed payloads of planned requests (see ``PlannedRequest/Kind``). Each is what the applier needs to send
// its request, nothing more; docs/plan.md lists the JSON parameters each one is saved as.

/// `create_customer`: the new customer's company and billing profile.
package struct NewCustomer: Sendable, Hashable {
    /// The domain before `.onmicrosoft.com` (the customer's domain itself is the change's address).
    package var domainPrefix: String
    /// The billing-profile attributes the manifest gives.
    package var profile: [BillingAttribute: String]
    package var enableGDAPByDefault: Bool?
    package var organizationRegistrationNumber: String?
    /// The indirect reseller's tenant id: the customer is created for that reseller (App+User only).
    package var associatedPartnerId: String?

    package init(
        domainPrefix: String,
        profile: [BillingAttribute: String] = [:],
        enableGDAPByDefault: Bool? = nil,
        organizationRegistrationNumber: String? = nil,
        associatedPartnerId: String? = nil
    ) {
        self.domainPrefix = domainPrefix
        self.profile = profile
        self.enableGDAPByDefault = enableGDAPByDefault
        self.organizationRegistrationNumber = organizationRegistrationNumber
        self.associatedPartnerId = associatedPartnerId
    }
}

/// `accept_customer_agreement`: who accepted the Microsoft Customer Agreement.
package struct AgreementAcceptance: Sendable, Hashable {
    package static let microsoftCustomerAgreement = "MicrosoftCustomerAgreement"

    package var agreementType: String
    package var firstName: String
    package var lastName: String
    package var email: String
    package var phoneNumber: String?

    package init(
        agreementType: String = AgreementAcceptance.microsoftCustomerAgreement,
        firstName: String,
        lastName: String,
        email: String,
        phoneNumber: String? = nil
    ) {
        self.agreementType = agreementType
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phoneNumber = phoneNumber
    }
}

/// `purchase_subscription`: one cart line of a new-commerce purchase.
package struct SubscriptionPurchase: Sendable, Hashable {
    /// `product:sku:availability`, what the cart line names.
    package var catalogItemId: String
    package var productId: String
    package var skuId: String
    package var availabilityId: String
    package var quantity: Int
    package var termDuration: String
    /// `monthly`, `annual`, … as the manifest gives it.
    package var billingCycle: String
    /// The manifest's nickname: the new subscription's `friendlyName`.
    package var friendlyName: String
    /// Nil: the service's default (on).
    package var autoRenewEnabled: Bool?
    /// The indirect reseller's MPN id, sent as the cart line's `transaction_reseller` participant (never the
    /// provider's own id). Nil: the partner itself.
    package var partnerIdOnRecord: String?
    /// Additional partners of record (MPN ids), sent as `additional_transaction_reseller` participants.
    package var additionalPartnerIdsOnRecord: [String]?

    package init(
        catalogItemId: String,
        productId: String,
        skuId: String,
        availabilityId: String,
        quantity: Int,
        termDuration: String,
        billingCycle: String,
        friendlyName: String,
        autoRenewEnabled: Bool? = nil,
        partnerIdOnRecord: String? = nil,
        additionalPartnerIdsOnRecord: [String]? = nil
    ) {
        self.catalogItemId = catalogItemId
        self.productId = productId
        self.skuId = skuId
        self.availabilityId = availabilityId
        self.quantity = quantity
        self.termDuration = termDuration
        self.billingCycle = billingCycle
        self.friendlyName = friendlyName
        self.autoRenewEnabled = autoRenewEnabled
        self.partnerIdOnRecord = partnerIdOnRecord
        self.additionalPartnerIdsOnRecord = additionalPartnerIdsOnRecord
    }
}

/// `update_subscription`: the attributes one PATCH sets (the planner sends one attribute per request).
package struct SubscriptionUpdate: Sendable, Hashable {
    package var friendlyName: String?
    package var quantity: Int?
    package var autoRenewEnabled: Bool?

    package init(friendlyName: String? = nil, quantity: Int? = nil, autoRenewEnabled: Bool? = nil) {
        self.friendlyName = friendlyName
        self.quantity = quantity
        self.autoRenewEnabled = autoRenewEnabled
    }
}

/// `create_gdap_relationship`: the relationship sent to the customer for approval.
package struct NewRelationship: Sendable, Hashable {
    package var displayName: String
    /// ISO 8601 (`P730D`).
    package var duration: String
    package var autoExtendDuration: String
    /// Entra role definition ids.
    package var roles: [String]
    /// The customer's tenant id, when the customer exists at plan time (else the customer created before it).
    package var customerTenantId: String?

    package init(
        displayName: String,
        duration: String,
        autoExtendDuration: String,
        roles: [String],
        customerTenantId: String? = nil
    ) {
        self.displayName = displayName
        self.duration = duration
        self.autoExtendDuration = autoExtendDuration
        self.roles = roles
        self.customerTenantId = customerTenantId
    }
}

/// `update_gdap_relationship`: the attributes that change (roles and duration only before approval).
package struct RelationshipUpdate: Sendable, Hashable {
    package var duration: String?
    package var autoExtendDuration: String?
    /// Entra role definition ids; nil or empty: unchanged.
    package var roles: [String]?

    package init(duration: String? = nil, autoExtendDuration: String? = nil, roles: [String]? = nil) {
        self.duration = duration
        self.autoExtendDuration = autoExtendDuration
        self.roles = roles
    }

    package var isEmpty: Bool { duration == nil && autoExtendDuration == nil && roles == nil }
}

/// `create_access_assignment`: a security group of the partner's tenant and the roles it gets.
package struct NewAccessAssignment: Sendable, Hashable {
    package var group: String
    package var roles: [String]

    package init(group: String, roles: [String]) {
        self.group = group
        self.roles = roles
    }
}

/// `update_access_assignment`: the assignment's relationship and its new roles.
package struct AccessAssignmentUpdate: Sendable, Hashable {
    package var relationshipId: String
    package var roles: [String]

    package init(relationshipId: String, roles: [String]) {
        self.relationshipId = relationshipId
        self.roles = roles
    }
}
