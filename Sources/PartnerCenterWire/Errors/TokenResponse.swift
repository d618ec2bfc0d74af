import PartnerCenterModel

/// The Microsoft Entra token endpoint's answer (v1 and v2 endpoints). Never log it.
package struct TokenResponse: Codable, Sendable, CustomStringConvertible {
    package var tokenType: String?
    package var accessToken: String
    /// Seconds; v1 sends a string (`"3600"`), v2 a number.
    package var expiresIn: Int?
    package var refreshToken: String?
    package var scope: String?
    package var resource: String?

    enum CodingKeys: String, CodingKey {
        case tokenType = "token_type"
        case accessToken = "access_token"
        case expiresIn = "expires_in"
        case refreshToken = "refresh_token"
        case scope, resource
    }

    package init(accessToken: String, expiresIn: Int?, tokenType: String? = "Bearer") {
        self.accessToken = accessToken
        self.expiresIn = expiresIn
        self.tokenType = tokenType
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tokenType = try container.decodeIfPresent(String.self, forKey: .tokenType)
        accessToken = try container.decode(String.self, forKey: .accessToken)
        switch try container.decodeIfPresent(JSONValue.self, forKey: .expiresIn) {
        case .integer(let seconds): expiresIn = Int(seconds)
        case .string(let text): expiresIn = Int(text)
        default: expiresIn = nil
        }
        refreshToken = try container.decodeIfPresent(String.self, forKey: .refreshToken)
        scope = try container.decodeIfPresent(String.self, forKey: .scope)
        resource = try container.decodeIfPresent(String.self, forKey: .resource)
    }

    package var description: String { "TokenResponse(tokenType: \(tokenType ?? "nil"), <redacted>)" }
}

/// The token endpoint's error: `{ error, error_description, error_codes, correlation_id, trace_id }`.
package struct TokenErrorBody: Codable, Hashable, Sendable {
    package var error: String?
    package var errorDescription: String?
    package var correlationId: String?

    enum CodingKeys: String, CodingKey {
        case error
        case errorDescription = "error_description"
        case correlationId = "correlation_id"
    }
}
