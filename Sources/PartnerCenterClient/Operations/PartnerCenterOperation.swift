/// Which service an operation talks to.
package enum ServiceKind: String, Sendable {
    case partnerCenter
    case graph
    case identity
}

/// A family of routes that shares one throttling budget at the service.
package enum RouteFamily: String, Sendable, CaseIterable, Hashable {
    /// `/v1/customers` and the customer's profiles, budget and agreements.
    case customers
    /// `/v1/customers/{id}/orders` and carts.
    case orders
    /// `/v1/customers/{id}/subscriptions`.
    case subscriptions
    /// Catalog, entitlements, agreement metadata, domains: undocumented limits.
    case other
    /// Microsoft Graph GDAP.
    case graph
    /// The Microsoft Entra token endpoint (not paced).
    case identity
}

/// A client operation as the planner and the middlewares see it: its name (used in errors and logs), the
/// service and throttling family, whether Partner Center serves it only to App+User tokens (the Auth column of
/// the reference), and whether repeating it could act twice.
package struct PartnerCenterOperation: Sendable, Hashable, CustomStringConvertible {
    package let name: String
    package let service: ServiceKind
    package let family: RouteFamily
    /// The reference marks it "App+User only": the planner blocks it up front when App+User is not configured.
    package let requiresAppPlusUser: Bool
    /// A create (POST) that the service makes idempotent only through `MS-RequestId`: it is retried only with the
    /// same request id, never a fresh one.
    package let createsResource: Bool

    package init(
        _ name: String,
        service: ServiceKind = .partnerCenter,
        family: RouteFamily,
        requiresAppPlusUser: Bool = false,
        createsResource: Bool = false
    ) {
        self.name = name
        self.service = service
        self.family = family
        self.requiresAppPlusUser = requiresAppPlusUser
        self.createsResource = createsResource
    }

    package var description: String { name }
}

extension PartnerCenterOperation {
    // Customers
    package static let listCustomers = Self("listCustomers", family: .customers)
    package static let getCustomer = Self("getCustomer", family: .customers)
    package static let createCustomer = Self("createCustomer", family: .customers, createsResource: true)
    package static let removeResellerRelationship = Self(
        "removeResellerRelationship",
        family: .customers,
        requiresAppPlusUser: true
    )
    package static let getRelationshipRequestLink = Self(
        "getRelationshipRequestLink",
        family: .customers,
        requiresAppPlusUser: true
    )
    package static let deleteCustomer = Self("deleteCustomer", family: .customers)
    package static let checkDomainAvailability = Self("checkDomainAvailability", family: .other)
    package static let getBillingProfile = Self("getBillingProfile", family: .customers)
    package static let updateBillingProfile = Self("updateBillingProfile", family: .customers)
    package static let getCompanyProfile = Self("getCompanyProfile", family: .customers, requiresAppPlusUser: true)
    package static let getSpendingBudget = Self("getSpendingBudget", family: .customers)
    package static let updateSpendingBudget = Self("updateSpendingBudget", family: .customers)
    // Agreements (App+User only per the reference)
    package static let listAgreementMetadata = Self("listAgreementMetadata", family: .other, requiresAppPlusUser: true)
    package static let listCustomerAgreements = Self(
        "listCustomerAgreements",
        family: .customers,
        requiresAppPlusUser: true
    )
    package static let confirmCustomerAgreement = Self(
        "confirmCustomerAgreement",
        family: .customers,
        requiresAppPlusUser: true,
        createsResource: true
    )
    // Subscriptions
    package static let listSubscriptions = Self("listSubscriptions", family: .subscriptions)
    package static let getSubscription = Self("getSubscription", family: .subscriptions)
    package static let listSubscriptionsByOrder = Self("listSubscriptionsByOrder", family: .subscriptions)
    package static let updateSubscription = Self("updateSubscription", family: .subscriptions)
    // Orders and carts
    package static let listOrders = Self("listOrders", family: .orders)
    package static let getOrder = Self("getOrder", family: .orders)
    package static let createOrder = Self("createOrder", family: .orders, createsResource: true)
    package static let createCart = Self("createCart", family: .orders, createsResource: true)
    package static let updateCart = Self("updateCart", family: .orders)
    package static let checkoutCart = Self("checkoutCart", family: .orders, createsResource: true)
    // Catalog and entitlements
    package static let listProducts = Self("listProducts", family: .other)
    package static let getProduct = Self("getProduct", family: .other)
    package static let listSkus = Self("listSkus", family: .other)
    package static let getSku = Self("getSku", family: .other)
    package static let listAvailabilities = Self("listAvailabilities", family: .other)
    package static let getAvailability = Self("getAvailability", family: .other)
    package static let listEntitlements = Self("listEntitlements", family: .other, requiresAppPlusUser: true)
    // GDAP (Microsoft Graph)
    package static let listRelationships = Self("listGDAPRelationships", service: .graph, family: .graph)
    package static let getRelationship = Self("getGDAPRelationship", service: .graph, family: .graph)
    package static let createRelationship = Self(
        "createGDAPRelationship",
        service: .graph,
        family: .graph,
        createsResource: true
    )
    package static let updateRelationship = Self("updateGDAPRelationship", service: .graph, family: .graph)
    package static let deleteRelationship = Self("deleteGDAPRelationship", service: .graph, family: .graph)
    package static let createRelationshipRequest = Self(
        "createGDAPRelationshipRequest",
        service: .graph,
        family: .graph,
        createsResource: true
    )
    package static let listRelationshipRequests = Self("listGDAPRelationshipRequests", service: .graph, family: .graph)
    package static let listAccessAssignments = Self("listGDAPAccessAssignments", service: .graph, family: .graph)
    package static let getAccessAssignment = Self("getGDAPAccessAssignment", service: .graph, family: .graph)
    package static let createAccessAssignment = Self(
        "createGDAPAccessAssignment",
        service: .graph,
        family: .graph,
        createsResource: true
    )
    package static let updateAccessAssignment = Self("updateGDAPAccessAssignment", service: .graph, family: .graph)
    package static let deleteAccessAssignment = Self("deleteGDAPAccessAssignment", service: .graph, family: .graph)
    package static let listOperations = Self("listGDAPOperations", service: .graph, family: .graph)
    package static let getOperation = Self("getGDAPOperation", service: .graph, family: .graph)
    // Identity
    package static let acquireToken = Self("acquireToken", service: .identity, family: .identity)
}
