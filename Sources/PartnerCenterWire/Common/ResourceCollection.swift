/// A Partner Center collection: `{ totalCount, items, links { self, next? }, attributes { objectType } }`.
///
/// The next page is requested with `seekOperation=Next` and the `MS-ContinuationToken` header taken from
/// `links.next.headers`; ``continuationToken`` finds it there (or in a top-level `continuationToken`, which
/// some list APIs use).
package struct ResourceCollection<Item: Codable & Sendable>: Codable, Sendable {
    package var totalCount: Int?
    package var items: [Item]
    package var links: ResourceLinks?
    package var attributes: ResourceAttributes?
    package var continuationToken: String?

    package init(items: [Item], totalCount: Int? = nil, links: ResourceLinks? = nil) {
        self.items = items
        self.totalCount = totalCount ?? items.count
        self.links = links
        self.attributes = ResourceAttributes(objectType: "Collection")
    }

    /// The token to send as `MS-ContinuationToken` for the next page, or nil on the last page.
    package var nextContinuationToken: String? {
        if let next = links?.next {
            return next.header("MS-ContinuationToken") ?? continuationToken
        }
        return nil
    }
}

/// A Microsoft Graph collection: `{ "@odata.context", "@odata.count"?, "@odata.nextLink"?, "value": [...] }`.
package struct GraphCollection<Item: Codable & Sendable>: Codable, Sendable {
    package var value: [Item]
    package var nextLink: String?
    package var count: Int?

    package init(value: [Item], nextLink: String? = nil) {
        self.value = value
        self.nextLink = nextLink
    }

    enum CodingKeys: String, CodingKey {
        case value
        case nextLink = "@odata.nextLink"
        case count = "@odata.count"
    }
}
