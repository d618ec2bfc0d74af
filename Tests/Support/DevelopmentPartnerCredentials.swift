package import PartnerCenterClient
import PartnerCenterEmulator

extension CredentialConfiguration {
    /// The emulator's development partner: its app's client secret and, unless `appUser` is false, App+User
    /// through its refresh token (what `cspctl plan --emulator` uses). For tests and benchmarks.
    package static func developmentPartner(appUser: Bool = true) -> CredentialConfiguration {
        let secret = ClientAuthentication.secret(Secret(DevelopmentPartner.clientSecret))
        var credentials = CredentialConfiguration(
            app: AppCredential(
                tenantID: DevelopmentPartner.tenantId,
                clientID: DevelopmentPartner.clientId,
                authentication: secret
            )
        )
        if appUser {
            credentials.appPlusUser = AppPlusUserCredential(
                tenantID: DevelopmentPartner.tenantId,
                clientID: DevelopmentPartner.clientId,
                refreshToken: Secret(DevelopmentPartner.refreshToken),
                authentication: secret
            )
        }
        return credentials
    }
}
