import Foundation
import HTTPTypes
import PartnerCenterWire

/// The items of a paged collection, fetched page by page as they are consumed.
///
/// Partner Center pages continue with `seekOperation=Next` and the `MS-ContinuationToken` header from
/// `links.next`; Graph pages with `@odata.nextLink`. A continuation that repeats is an error (rather than an
/// endless loop), and a Graph `nextLink` must point at the Graph host the client was configured with (the
/// bearer token is never sent elsewhere).
package struct PagedSequence<Item: Sendable>: AsyncSequence, Sendable {
    package typealias Element = Item

    /// Where the next page comes from.
    package enum Cursor: Sendable, Hashable {
        case partnerCenter(token: String, link: String?)
        case graph(nextLink: String)
    }

    let fetch: @Sendable (Cursor?) async throws -> (items: [Item], next: Cursor?)

    package init(fetch: @escaping @Sendable (Cursor?) async throws -> (items: [Item], next: Cursor?)) {
        self.fetch = fetch
    }

    package func makeAsyncIterator() -> AsyncIterator { AsyncIterator(fetch: fetch) }

    /// Every item of every page.
    package func collect() async throws -> [Item] {
        var all: [Item] = []
        for try await item in self { all.append(item) }
        return all
    }

    package struct AsyncIterator: AsyncIteratorProtocol {
        let fetch: @Sendable (Cursor?) async throws -> (items: [Item], next: Cursor?)
        var buffer: [Item] = []
        var index = 0
        var cursor: Cursor?
        var started = false
        var seen: Set<Cursor> = []

        package mutating func next() async throws -> Item? {
            while index >= buffer.count {
                if started && cursor == nil { return nil }
                if let cursor {
                    guard seen.insert(cursor).inserted else {
                        throw PartnerCenterError.invalidResponse(
                            "the service repeated a continuation token",
                            status: nil
                        )
                    }
                }
                let page = try await fetch(cursor)
                started = true
                buffer = page.items
                index = 0
                cursor = page.next
            }
            defer { index += 1 }
            return buffer[index]
        }
    }
}

extension PartnerCenterClient {
    /// A Partner Center collection at `path`, following continuation tokens.
    func partnerCenterPages<Item: Codable & Sendable>(
        _ operation: PartnerCenterOperation,
        path: String,
        query: [(String, String)] = [],
        of type: Item.Type
    ) -> PagedSequence<Item> {
        PagedSequence { cursor in
            var call = Call(operation: operation, method: .get, path: path, query: query)
            if case .partnerCenter(let token, let link) = cursor {
                call.headers[.msContinuationToken] = token
                if let link, let resolved = self.resolvePartnerCenterLink(link) {
                    call.absoluteURL = resolved
                } else {
                    call.query.append(("seekOperation", "Next"))
                }
            }
            let page = try await self.send(call, as: ResourceCollection<Item>.self)
            let next = page.nextContinuationToken.map {
                PagedSequence<Item>.Cursor.partnerCenter(token: $0, link: page.links?.next?.uri)
            }
            return (page.items, next)
        }
    }

    /// A Graph collection at `path`, following `@odata.nextLink`.
    func graphPages<Item: Codable & Sendable>(
        _ operation: PartnerCenterOperation,
        path: String,
        query: [(String, String)] = [],
        of type: Item.Type
    ) -> PagedSequence<Item> {
        PagedSequence { cursor in
            var call = Call(operation: operation, method: .get, path: path, query: query)
            if case .graph(let nextLink) = cursor {
                guard let url = URL(string: nextLink), self.isGraphURL(url) else {
                    var error = PartnerCenterError.invalidResponse(
                        "the next-page link points outside the Graph endpoint: \(nextLink)",
                        status: nil
                    )
                    error.operation = operation.name
                    throw error
                }
                call.absoluteURL = url
            }
            let page = try await self.send(call, as: GraphCollection<Item>.self)
            return (page.value, page.nextLink.map { .graph(nextLink: $0) })
        }
    }

    /// A `links.next.uri` resolved against the Partner Center root. Links are relative and may leave out `/v1`
    /// (`/customers/...`); absolute links must point at the configured Partner Center host.
    func resolvePartnerCenterLink(_ uri: String) -> URL? {
        if let absolute = URL(string: uri), absolute.scheme != nil {
            let root = configuration.endpoints.partnerCenter
            return absolute.host == root.host && absolute.port == root.port && absolute.scheme == root.scheme
                ? absolute : nil
        }
        let relative = uri.hasPrefix("/") ? uri : "/" + uri
        let versioned = relative.hasPrefix("/v1/") || relative == "/v1" ? relative : "/v1" + relative
        return URL(string: configuration.endpoints.partnerCenter.absoluteString + versioned)
    }

    func isGraphURL(_ url: URL) -> Bool {
        let root = configuration.endpoints.graph
        return url.scheme == root.scheme && url.host == root.host && url.port == root.port
            && url.path.hasPrefix(root.path)
    }
}
