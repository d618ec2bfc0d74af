package import Foundation

/// A national cloud (`--cloud public|china|usgov`).
package enum PartnerCenterCloud: String, CaseIterable, Sendable {
    case `public`
    case china
    case usgov
}

/// Where the client sends requests: Partner Center, Microsoft Graph and the Microsoft Entra authority, and the
/// token scopes for the first two.
///
/// | Cloud | Partner Center | Graph | Authority |
/// |---|---|---|---|
/// | public | `https://api.partnercenter.microsoft.com` | `https://graph.microsoft.com` | `https://login.microsoftonline.com` |
/// | usgov | `https://api.partnercenter.microsoft.com` (documented: same host) | `https://graph.microsoft.us` | `https://login.microsoftonline.us` |
/// | china | `https://partner.partnercenterapi.microsoftonline.cn` | `https://microsoftgraph.chinacloudapi.cn` | `https://login.chinacloudapi.cn` |
///
/// Only the Partner Center hosts are in the Partner Center reference; the Graph hosts and authorities of the
/// national clouds are the ones Microsoft Graph and Entra publish for those clouds. The Partner Center token
/// scope is `https://api.partnercenter.microsoft.com/.default` in every cloud (the Partner Center application's
/// identifier URI; the reference does not give a different one for 21Vianet).
package struct ServiceEndpoints: Sendable, Hashable {
    package var partnerCenter: URL
    package var graph: URL
    package var authority: URL
    package var partnerCenterScope: String
    package var graphScope: String

    package init(partnerCenter: URL, graph: URL, authority: URL, partnerCenterScope: String, graphScope: String) {
        self.partnerCenter = partnerCenter
        self.graph = graph
        self.authority = authority
        self.partnerCenterScope = partnerCenterScope
        self.graphScope = graphScope
    }

    package static let partnerCenterScopeDefault = "https://api.partnercenter.microsoft.com/.default"

    package static func cloud(_ cloud: PartnerCenterCloud) -> ServiceEndpoints {
        let hosts: (String, String, String) =
            switch cloud {
            case .public:
                ("api.partnercenter.microsoft.com", "graph.microsoft.com", "login.microsoftonline.com")
            case .usgov:
                ("api.partnercenter.microsoft.com", "graph.microsoft.us", "login.microsoftonline.us")
            case .china:
                (
                    "partner.partnercenterapi.microsoftonline.cn", "microsoftgraph.chinacloudapi.cn",
                    "login.chinacloudapi.cn"
                )
            }
        return ServiceEndpoints(
            partnerCenter: Self.https(hosts.0),
            graph: Self.https(hosts.1),
            authority: Self.https(hosts.2),
            partnerCenterScope: partnerCenterScopeDefault,
            graphScope: "https://\(hosts.1)/.default"
        )
    }

    /// A Partner Center-compatible server such as the emulator (`--endpoint URL`): Partner Center at `URL`,
    /// Graph at `URL/graph`, the authority at `URL/login`. Scopes stay the public cloud's, as the emulator
    /// expects what the real service expects.
    package static func custom(_ base: URL) -> ServiceEndpoints {
        let trimmed = base.absoluteString.hasSuffix("/") ? String(base.absoluteString.dropLast()) : base.absoluteString
        let root = URL(string: trimmed) ?? base
        return ServiceEndpoints(
            partnerCenter: root,
            graph: root.appendingPathComponent("graph"),
            authority: root.appendingPathComponent("login"),
            partnerCenterScope: partnerCenterScopeDefault,
            graphScope: "https://graph.microsoft.com/.default"
        )
    }

    /// The token endpoint of `tenant`: `{authority}/{tenant}/oauth2/v2.0/token`.
    package func tokenEndpoint(tenant: String) -> URL {
        authority.appendingPathComponent(tenant).appendingPathComponent("oauth2").appendingPathComponent("v2.0")
            .appendingPathComponent("token")
    }

    private static func https(_ host: String) -> URL {
        var components = URLComponents()
        components.scheme = "https"
        components.host = host
        return components.url ?? URL(fileURLWithPath: "/")
    }
}

/// Bearer tokens and client secrets go only over https, or plain http to a loopback address.
package enum EndpointSecurity {
    package static func allowsCredentials(_ url: URL) -> Bool {
        switch url.scheme?.lowercased() {
        case "https": return true
        case "http": return isLoopback(host: url.host ?? "")
        default: return false
        }
    }

    /// `localhost`, `127.0.0.0/8` and `::1`.
    package static func isLoopback(host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" || bare == "0:0:0:0:0:0:0:1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else { return false }
        return octets[0] == "127"
    }
}
