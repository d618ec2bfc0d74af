/// Request property names are accepted in any casing (the docs send `CompanyProfile`, the service answers
/// `companyProfile`). Every property name the emulator decodes is listed here in its documented spelling;
/// an unknown name falls back to a lower-cased first letter.
enum RequestKeys {
    static func canonical(_ key: String) -> String {
        if let known = table[key.lowercased()] { return known }
        guard let first = key.first else { return key }
        return first.lowercased() + key.dropFirst()
    }

    private static let table: [String: String] = Dictionary(
        known.map { ($0.lowercased(), $0) },
        uniquingKeysWith: { first, _ in first }
    )

    private static let known: [String] = [
        "id", "commerceId", "companyProfile", "billingProfile", "relationshipToPartner", "allowDelegatedAccess",
        "userCredentials", "customDomains", "associatedPartnerId", "enableGDAPByDefault", "links", "attributes",
        "etag", "objectType", "tenantId", "domain", "companyName", "address", "email", "organizationRegistrationNumber",
        "firstName", "middleName", "lastName", "culture", "language", "defaultAddress", "country", "region", "city",
        "state", "addressLine1", "addressLine2", "addressLine3", "postalCode", "phoneNumber", "offerId",
        "offerName", "friendlyName", "quantity", "unitType", "status", "autoRenewEnabled", "billingCycle",
        "billingType", "termDuration", "catalogItemId", "lineItems", "lineItemNumber", "orderGroup", "currencyCode",
        "participants", "partnerIdOnRecord", "provisioningContext", "parentSubscriptionId", "promotionId",
        "attestationAccepted", "scheduledNextTermInstructions", "product", "productId", "skuId", "availabilityId",
        "templateId", "primaryContact", "dateAgreed", "type", "agreementLink", "amount", "referenceCustomerId",
        "field", "value", "operator", "seconds", "route", "method", "latencyMs", "latencyMaxMs", "error500Rate",
        "error503Rate", "throttleRate", "burstLength", "retryAfterSeconds", "dropRate", "loseResponseRate", "limit",
        "customPolicy", "taxId", "vettingStatus", "qualification", "domainName", "authenticationType",
        "domainFederationSettings", "verificationMethod", "userPrincipalName", "displayName", "certificate",
        "publicKey", "clientId", "clientSecret", "secrets", "termEndDate", "orderId",
    ]
}
