/// A Partner Center `Link`: `{ "uri", "method", "headers": [ {"key", "value"} ] }`.
package struct Link: Codable, Hashable, Sendable {
    package var uri: String
    package var method: String?
    package var headers: [KeyValue]?

    package init(uri: String, method: String? = "GET", headers: [KeyValue]? = []) {
        self.uri = uri
        self.method = method
        self.headers = headers
    }

    /// The value of the header named `name` (case-insensitive), such as `MS-ContinuationToken` on `links.next`.
    package func header(_ name: String) -> String? {
        headers?.first { $0.key.caseInsensitiveCompare(name) }?.value
    }
}

/// A `{ "key", "value" }` pair, as in link headers, cart participants and localized attributes.
package struct KeyValue: Codable, Hashable, Sendable {
    package var key: String
    package var value: String

    package init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// The `links` object of a resource: named links (`self`, `next`, `previous`, `sku`, `provisioningStatus`, ...).
package struct ResourceLinks: Codable, Hashable, Sendable {
    package var links: [String: Link]

    package init(_ links: [String: Link] = [:]) { self.links = links }

    package init(from decoder: any Decoder) throws {
        links = try decoder.singleValueContainer().decode([String: Link].self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(links)
    }

    /// The link named `name`, ignoring case (`next` and `Next` both occur).
    package subscript(name: String) -> Link? {
        links[name] ?? links.first { $0.key.caseInsensitiveCompare(name) }?.value
    }

    package var next: Link? { self["next"] }
}

/// `attributes`: the object type and, on updatable resources, the etag.
package struct ResourceAttributes: Codable, Hashable, Sendable {
    package var objectType: String?
    package var etag: String?

    package init(objectType: String? = nil, etag: String? = nil) {
        self.objectType = objectType
        self.etag = etag
    }
}

extension String {
    fileprivate func caseInsensitiveCompare(_ other: String) -> Bool { lowercased() == other.lowercased() }
}
