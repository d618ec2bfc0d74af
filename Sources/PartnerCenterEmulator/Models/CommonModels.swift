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
