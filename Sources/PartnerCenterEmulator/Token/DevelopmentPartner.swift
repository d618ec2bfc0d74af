/// The well-known development partner, accepted out of the box like Azurite's development account. These values
/// are public and grant access to nothing but an emulator.
package enum DevelopmentPartner {
    /// The partner's Entra tenant.
    package static let tenantId = "72f988bf-0000-4000-8000-00000000e001"
    /// The partner's app registration (client id).
    package static let clientId = "0a0e0000-0000-4000-8000-00000000c1d0"
    /// The app's client secret.
    package static let clientSecret = "emulator-development-secret"
    /// The partner's MPN / Partner ID.
    package static let partnerId = "4847383"
    package static let companyName = "Contoso Development Partner"
    /// A refresh token from a (pretend) MFA consent, for App+User access (Secure Application Model).
    package static let refreshToken = "emulator-development-refresh-token"
    /// The user principal the development refresh token stands for.
    package static let userPrincipalName = "admin@contosodevpartner.onmicrosoft.com"
}
