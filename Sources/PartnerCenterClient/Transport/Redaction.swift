package import Foundation
package import HTTPTypes
package import PartnerCenterModel
import PartnerCenterWire

/// Removes credentials from anything that could be logged or shown.
package enum Redaction {
    /// JSON properties and form fields whose values are secrets (compared ignoring case).
    package static let secretNames: Set<String> = [
        "password", "client_secret", "client_assertion", "access_token", "refresh_token", "id_token", "assertion",
        "authorization",
    ]

    /// Header fields whose values are credentials.
    package static let secretHeaders: Set<HTTPField.Name> = [.authorization, .cookie, .setCookie, .proxyAuthorization]

    package static func headers(_ fields: HTTPFields) -> String {
        fields.map { field in
            let value: String
            if secretHeaders.contains(field.name) {
                value = field.value.lowercased().hasPrefix("bearer ") ? "Bearer <redacted>" : "<redacted>"
            } else {
                value = field.value
            }
            return "\(field.name.rawName): \(value)"
        }
        .joined(separator: "; ")
    }

    /// The request URL with secret-looking query parameters removed.
    package static func url(_ request: HTTPRequest) -> String {
        guard let url = request.url, var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return request.path ?? ""
        }
        components.queryItems = components.queryItems?.map { item in
            secretNames.contains(item.name.lowercased())
                ? URLQueryItem(name: item.name, value: "<redacted>") : item
        }
        return components.string ?? url.absoluteString
    }

    /// A body for the log: token traffic is never shown; JSON and forms with secret members replaced; anything
    /// else only as its size and `Content-Type` (from `headers`, when given).
    package static func body(_ data: Data, service: ServiceKind, headers: HTTPFields = [:]) -> String {
        if data.isEmpty { return "(empty)" }
        let kind = headers[.contentType].map { ", \($0)" } ?? ""
        if let json = try? WireJSON.parse(data) {
            if service == .identity {
                return "(\(data.count) bytes, token endpoint traffic not logged)"
            }
            let redacted = redact(json)
            if let encoded = try? WireJSON.encode(redacted), let text = String(data: encoded, encoding: .utf8) {
                return text
            }
        }
        let declared = headers[.contentType]?.lowercased()
        if let declared, !declared.contains("x-www-form-urlencoded") {
            return "(\(data.count) bytes\(kind), not JSON: not logged)"
        }
        if let text = String(data: data, encoding: .utf8), text.contains("=") && !text.contains("{") {
            return "(\(data.count) bytes form body, not logged)"
        }
        return "(\(data.count) bytes\(kind), not JSON: not logged)"
    }

    package static func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            var copy: [String: JSONValue] = [:]
            for (name, member) in members {
                let folded = name.lowercased()
                if secretNames.contains(folded) || folded == "usercredentials" {
                    copy[name] = folded == "usercredentials" ? redactCredentials(member) : .string("<redacted>")
                } else {
                    copy[name] = redact(member)
                }
            }
            return .object(copy)
        case .array(let elements):
            return .array(elements.map(redact))
        default:
            return value
        }
    }

    private static func redactCredentials(_ value: JSONValue) -> JSONValue {
        guard case .object(var members) = value else { return .string("<redacted>") }
        for name in members.keys where name.lowercased() == "password" { members[name] = .string("<redacted>") }
        return .object(members)
    }
}
