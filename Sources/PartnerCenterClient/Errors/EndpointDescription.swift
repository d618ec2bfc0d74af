import Foundation
import PartnerCenterModel
import PartnerCenterWire

/// Words for error messages about who answered: `host:port`, what a body was, what to check about the endpoint.
enum EndpointDescription {
    /// `127.0.0.1:7227`, `api.partnercenter.microsoft.com:443`.
    static func hostAndPort(_ url: URL) -> String {
        let host = url.host ?? "?"
        let port = url.port ?? (url.scheme?.lowercased() == "http" ? 80 : 443)
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// `an HTML page`, `an empty body`, `JSON`, `120 bytes of text/plain`.
    static func body(_ data: Data, json: JSONValue?, contentType: String?) -> String {
        if data.isEmpty { return "an empty body" }
        if json != nil { return "JSON" }
        let type = contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) }
        let head = String(decoding: data.prefix(512), as: UTF8.self).lowercased()
        if type == "text/html" || head.contains("<html") || head.contains("<!doctype html") { return "an HTML page" }
        return "\(data.count) bytes of \(type ?? "something that is not JSON")"
    }

    /// What to check when a URL cspctl built from the endpoint answered like no Partner Center service.
    static func endpointAdvice(_ url: URL) -> String {
        var advice =
            "Check --endpoint (or CSPCTL_ENDPOINT): it must be the base URL of a Partner Center-compatible "
            + "service such as `cspctl emulator` (http://127.0.0.1:PORT); cspctl adds /v1, /v1.0 and "
            + "/login/{tenant}/oauth2/v2.0/token itself."
        let path = url.path
        if let range = path.range(of: "/v1/login/") ?? path.range(of: "/v1.0/login/") ?? path.range(of: "/v1/v1/") {
            let base = path[..<range.lowerBound]
            var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
            components?.path = ""
            let root = components?.string ?? ""
            let suffix = path[range].hasPrefix("/v1.0") ? "/v1.0" : "/v1"
            advice += " The endpoint given ends in \(suffix): use \(root)\(base) instead of \(root)\(base)\(suffix)."
        }
        return advice
    }
}
