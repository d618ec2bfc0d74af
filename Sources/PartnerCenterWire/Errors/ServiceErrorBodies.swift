package import PartnerCenterModel

/// The Partner Center error body: `{ code, description, data, source }`. `code` is documented as a string but
/// every example sends a number; both are read, as text.
package struct PartnerCenterErrorBody: Codable, Hashable, Sendable {
    package var code: String?
    package var description: String?
    package var message: String?
    package var data: [JSONValue]?
    package var source: String?
    package var errorName: String?
    package var isRetryable: Bool?

    enum CodingKeys: String, CodingKey {
        case code, description, message, data, source, errorName, isRetryable
    }

    package init(code: String?, description: String?) {
        self.code = code
        self.description = description
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = ServiceErrorCode.text(try container.decodeIfPresent(JSONValue.self, forKey: .code))
        description = try? container.decodeIfPresent(String.self, forKey: .description)
        message = try? container.decodeIfPresent(String.self, forKey: .message)
        data = try? container.decodeIfPresent([JSONValue].self, forKey: .data)
        source = try? container.decodeIfPresent(String.self, forKey: .source)
        errorName = try? container.decodeIfPresent(String.self, forKey: .errorName)
        isRetryable = try? container.decodeIfPresent(Bool.self, forKey: .isRetryable)
    }

    /// Whether the body looked like a Partner Center error at all.
    package var isMeaningful: Bool { code != nil || description != nil || message != nil }
}

/// The throttling body Partner Center sends with 429: `{ "statusCode": 429, "message": "Rate limit is exceeded.
/// Try again in 57 seconds." }` (not the normal error schema).
package struct ThrottleErrorBody: Codable, Hashable, Sendable {
    package var statusCode: Int?
    package var message: String?
}

/// The Microsoft Graph error body: `{ "error": { code, message, innerError { request-id, date } } }`.
package struct GraphErrorBody: Codable, Hashable, Sendable {
    package var error: GraphError
}

/// The `error` object of a Graph error body (also the `odata.error` resource).
package struct GraphError: Codable, Hashable, Sendable {
    package var code: String?
    package var message: String?
    package var innerError: JSONValue?

    // Graph writes `innerError`; the OData resource page writes `innererror`. Case-insensitive matching reads both.
    enum CodingKeys: String, CodingKey {
        case code, message
        case innerError
    }

    package var requestID: String? { innerError?["request-id"]?.stringValue }
}

/// Partner Center error codes (`code`, `errorCode`) are documented as strings and sent as numbers: either is read
/// as the text a person would quote (`800088`, never `integer(800088)`).
package enum ServiceErrorCode {
    package static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .integer(let number): String(number)
        case .double(let number) where number.rounded() == number && abs(number) < 1e15: String(Int64(number))
        case .double(let number): String(number)
        case .string(let text): text.isEmpty ? nil : text
        default: nil
        }
    }
}
