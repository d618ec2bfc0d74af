import Foundation

/// `cspctl login` and `cspctl logout` as library calls: the endpoint and application of the environment, the
/// device-code sign-in (``DeviceCodeLogin``), and the token stored (``RefreshTokenStore``) or handed back once.
package enum LoginWorkflow {
    /// What became of the refresh token.
    package enum Outcome: Sendable {
        /// Stored at this path.
        case stored(path: String)
        /// To be printed once (`--print`), for a CI secret store; nothing was written.
        case printed(Secret)
    }

    /// Signs in with the application of `AZURE_TENANT_ID` / `AZURE_CLIENT_ID` at the endpoint of `settings`
    /// (`--endpoint`, `CSPCTL_ENDPOINT`, `--cloud`), showing the user code through `prompt`.
    package static func login(
        _ settings: ConnectionSettings,
        print: Bool,
        environment: [String: String],
        prompt: @Sendable (DeviceCodeLogin.Prompt) -> Void
    ) async throws -> Outcome {
        let (endpoints, _) = try PartnerCenterConnection.resolveEndpoints(settings, environment: environment)
        func required(_ name: String, _ what: String) throws -> String {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
                throw PartnerCenterError.credentials("\(name) is not set", detail: "It is \(what).")
            }
            return value
        }
        let tenant = try required("AZURE_TENANT_ID", "the partner's Microsoft Entra tenant id (a GUID)")
        let client = try required("AZURE_CLIENT_ID", "the application (client) id of the partner's own application")
        if !print { try RefreshTokenStore.checkBeforeSaving(environment) }
        let login = DeviceCodeLogin(
            tenantID: tenant,
            clientID: client,
            endpoints: endpoints,
            rateScale: try PartnerCenterConnection.rateScale(environment)
        )
        let transport = AsyncHTTPClientTransport(timeout: .seconds(30))
        let token: Secret
        do {
            token = try await login.signIn(transport: transport, prompt: prompt)
            try? await transport.shutdown()
        } catch {
            try? await transport.shutdown()
            throw error
        }
        if print { return .printed(token) }
        let stored = StoredRefreshToken(
            tenantId: tenant,
            clientId: client,
            authority: endpoints.authority.absoluteString,
            refreshToken: token.revealed,
            obtainedAt: Date().formatted(.iso8601)
        )
        return .stored(path: try RefreshTokenStore.save(stored, environment: environment))
    }

    /// Removes the stored refresh token; returns its path when there was one.
    package static func logout(environment: [String: String]) throws -> String? {
        try RefreshTokenStore.remove(environment)
    }
}
