import Foundation

/// `{"uri", "method", "headers": [{"key", "value"}]}` (utility-resources.md Link).
package struct Link: Codable, Sendable, Equatable {
    package var uri: String
    package var method: String
    package var headers: [LinkHeader]

    package init(uri: String, method: String = "GET", headers: [LinkHeader] = []) {
        self.uri = uri
        self.method = method
        self.headers = headers
    }
}

package struct LinkHeader: Codable, Sendable, Equatable {
    package var key: String
    package var value: String
}

/// `{"etag"?, "objectType"}` (utility-resources.md ResourceAttributes).
package struct ResourceAttributes: Codable, Sendable, Equatable {
    package var etag: String?
    package var objectType: String

    package init(etag: String? = nil, objectType: String) {
        self.etag = etag
        self.objectType = objectType
    }
}

extension ResourceAttributes {
    /// The etag of subscriptions and orders: base64 of `{"id":"<id>","version":<n>}` (every documented and
    /// recorded subscription or order etag decodes to that, e.g. orders-and-carts.md `eyJpZCI6ImNmM2IwZTM3…` =
    /// `{"id":"cf3b0e37-…","version":2}`). A new resource is version 1; a change takes the state's id counter,
    /// which only grows, so a changed resource never gets an etag it had before.
    package static func versionedETag(id: String, version: UInt64) -> String {
        Data("{\"id\":\"\(id)\",\"version\":\(version)}".utf8).base64EncodedString()
    }
}

/// The Address resource (utility-resources.md).
package struct Address: Codable, Sendable, Equatable {
    package var country: String?
    package var region: String?
    package var city: String?
    package var state: String?
    package var addressLine1: String?
    package var addressLine2: String?
    package var addressLine3: String?
    package var postalCode: String?
    package var firstName: String?
    package var middleName: String?
    package var lastName: String?
    package var phoneNumber: String?
}

/// A collection: `{"totalCount", "items", "links", "attributes": {"objectType": "Collection"}}`.
package struct ResourceCollection<Item: Encodable & Sendable>: Encodable, Sendable {
    package var totalCount: Int
    package var items: [Item]
    package var links: [String: Link]?
    package var attributes = ResourceAttributes(objectType: "Collection")

    package init(items: [Item], totalCount: Int? = nil, links: [String: Link]? = nil) {
        self.totalCount = totalCount ?? items.count
        self.items = items
        self.links = links
    }
}
