package import Foundation

/// An Entra app registration the token endpoint accepts.
package struct ApplicationRecord: Codable, Sendable, Equatable {
    package var clientId: String
    package var tenantId: String
    package var secrets: [String]
    /// Registered certificates keyed by their base64url SHA-1 thumbprint (the JWT `x5t`): the SubjectPublicKeyInfo
    /// (DER, base64) used to verify client assertions.
    package var certificates: [String: String]
    /// Workload identity federation: external tokens the app accepts as client assertions.
    package var federatedIdentityCredentials: [FederatedIdentityCredential]

    package init(
        clientId: String,
        tenantId: String,
        secrets: [String],
        certificates: [String: String] = [:],
        federatedIdentityCredentials: [FederatedIdentityCredential] = []
    ) {
        self.clientId = clientId
        self.tenantId = tenantId
        self.secrets = secrets
        self.certificates = certificates
        self.federatedIdentityCredentials = federatedIdentityCredentials
    }

    /// State files written before federation have no `federatedIdentityCredentials`.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        clientId = try container.decode(String.self, forKey: .clientId)
        tenantId = try container.decode(String.self, forKey: .tenantId)
        secrets = try container.decode([String].self, forKey: .secrets)
        certificates = try container.decodeIfPresent([String: String].self, forKey: .certificates) ?? [:]
        federatedIdentityCredentials =
            try container.decodeIfPresent([FederatedIdentityCredential].self, forKey: .federatedIdentityCredentials)
            ?? []
    }
}

/// The audience of an access token.
package enum TokenAudience: String, Codable, Sendable {
    case partnerCenter
    case graph
}

/// One issued access token.
package struct AccessTokenRecord: Codable, Sendable, Equatable {
    package var tenantId: String
    package var clientId: String
    package var audience: TokenAudience
    /// True for delegated (App+User) tokens from the refresh-token grant.
    package var appUser: Bool
    package var userPrincipalName: String?
    package var expiresOn: Date
}

/// One issued refresh token.
package struct RefreshTokenRecord: Codable, Sendable, Equatable {
    package var tenantId: String
    package var clientId: String
    package var userPrincipalName: String
    package var expiresOn: Date
}
