import Foundation

/// The OData system query options a GDAP list honours: `$filter` (`path eq|ne literal`, joined by `and`),
/// `$orderby`, `$select`, `$top` (1...300, also the page size), `$count`, `$skipToken`; any other `$` option is
/// refused as Graph refuses options an endpoint doesn't support.
package struct GraphQuery: Sendable {
    static let maximumPageSize = 300

    var filter: [Clause] = []
    var orderBy: [(path: [String], descending: Bool)] = []
    var select: [String]?
    var top: Int?
    var count = false
    var offset = 0
    /// The options to repeat in `@odata.nextLink`.
    var carried: [(String, String)] = []

    struct Clause: Sendable, Equatable {
        var path: [String]
        var negated: Bool
        var literal: GraphJSON
    }

    /// Parses the query items; `allowed` are the `$` options the endpoint documents (without the `$`).
    package init(_ items: [(String, String)], allowed: Set<String>) throws(GDAPError) {
        for (rawName, value) in items {
            guard rawName.hasPrefix("$") else { continue }
            let name = rawName.dropFirst().lowercased()
            guard allowed.contains(name) else {
                throw .badRequest("Query option '\(rawName)' is not allowed on this resource.")
            }
            switch name {
            case "filter":
                filter = try Self.parseFilter(value)
                carried.append(("$filter", value))
            case "orderby":
                orderBy = try Self.parseOrderBy(value)
                carried.append(("$orderby", value))
            case "select":
                select = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                carried.append(("$select", value))
            case "top":
                guard let top = Int(value), top >= 1, top <= Self.maximumPageSize else {
                    throw .badRequest("The $top value must be an integer between 1 and \(Self.maximumPageSize).")
                }
                self.top = top
                carried.append(("$top", value))
            case "count":
                guard value == "true" || value == "false" else {
                    throw .badRequest("The $count value must be true or false.")
                }
                count = value == "true"
                carried.append(("$count", value))
            case "skiptoken":
                guard let data = Data(base64Encoded: value), let text = String(data: data, encoding: .utf8),
                    text.hasPrefix("offset:"), let offset = Int(text.dropFirst(7)), offset >= 0
                else { throw .badRequest("The $skipToken value is not valid.") }
                self.offset = offset
            default:
                throw .badRequest("Query option '\(rawName)' is not supported on this resource.")
            }
        }
    }

    /// The tenant id of a `customer/tenantId eq '…'` clause in the request's `$filter`, if there is one.
    static func customerTenantFilter(_ items: [(String, String)]) throws(GDAPError) -> String? {
        guard let value = items.first(where: { $0.0.lowercased() == "$filter" })?.1 else { return nil }
        for clause in try parseFilter(value) where !clause.negated && clause.path == ["customer", "tenantId"] {
            if let tenant = clause.literal.stringValue { return tenant }
        }
        return nil
    }

    /// Filters, orders, selects and pages `items`, returning the collection body.
    package func page(_ items: [GraphJSON], context: GraphJSON, selfURL: String) throws(GDAPError) -> GraphJSON {
        var matching: [GraphJSON] = []
        for item in items where try matches(item) { matching.append(item) }
        if !orderBy.isEmpty { matching = try sorted(matching) }
        let size = top ?? Self.maximumPageSize
        let pageItems = matching.dropFirst(offset).prefix(size)
        var body = [GraphJSON.Member("@odata.context", context)]
        if count { body.append(.init("@odata.count", .number(Double(matching.count)))) }
        var values: [GraphJSON] = []
        for item in pageItems { values.append(try project(item)) }
        body.append(.init("value", .array(values)))
        let next = offset + pageItems.count
        if next < matching.count {
            let token = Data("offset:\(next)".utf8).base64EncodedString()
            let query = (carried + [("$skipToken", token)])
                .map { "\($0.0)=\(Self.encode($0.1))" }
                .joined(separator: "&")
            body.append(.init("@odata.nextLink", .string("\(selfURL)?\(query)")))
        }
        return .object(body)
    }

    /// How many of `items` pass `$filter`.
    func count(_ items: [GraphJSON]) throws(GDAPError) -> Int {
        var matching = 0
        for item in items where try matches(item) { matching += 1 }
        return matching
    }

    /// Applies `$select` to a single entity.
    package func project(_ item: GraphJSON) throws(GDAPError) -> GraphJSON {
        guard let select, let members = item.members else { return item }
        for name in select where item[name] == nil {
            throw .badRequest("Could not find a property named '\(name)' on this type.")
        }
        return .object(
            members.filter { member in
                member.key.hasPrefix("@odata.")
                    || select.contains { $0.caseInsensitiveCompare(member.key) == .orderedSame }
            }
        )
    }

    private func matches(_ item: GraphJSON) throws(GDAPError) -> Bool {
        for clause in filter {
            let value = try Self.resolve(clause.path, in: item)
            if Self.equal(value, clause.literal) == clause.negated { return false }
        }
        return true
    }

    private func sorted(_ items: [GraphJSON]) throws(GDAPError) -> [GraphJSON] {
        var keyed: [([GraphJSON], GraphJSON)] = []
        for item in items {
            var keys: [GraphJSON] = []
            for key in orderBy { keys.append(try Self.resolve(key.path, in: item)) }
            keyed.append((keys, item))
        }
        let order = orderBy
        return keyed.sorted { lhs, rhs in
            for (index, key) in order.enumerated() {
                let comparison = Self.compare(lhs.0[index], rhs.0[index])
                if comparison != .orderedSame { return key.descending == (comparison == .orderedDescending) }
            }
            return false
        }.map(\.1)
    }

    /// Follows a property path; a null on the way resolves to null, an unknown property is an error.
    private static func resolve(_ path: [String], in item: GraphJSON) throws(GDAPError) -> GraphJSON {
        var current = item
        for segment in path {
            if current == .null { return .null }
            guard let next = current[segment] else {
                throw .badRequest("Could not find a property named '\(segment)' on this type.")
            }
            current = next
        }
        return current
    }

    /// String comparison ignores case, as the SQL-backed service most likely does for ids and names.
    private static func equal(_ lhs: GraphJSON, _ rhs: GraphJSON) -> Bool {
        if let left = lhs.stringValue, let right = rhs.stringValue {
            return left.caseInsensitiveCompare(right) == .orderedSame
        }
        return lhs == rhs
    }

    private static func compare(_ lhs: GraphJSON, _ rhs: GraphJSON) -> ComparisonResult {
        switch (lhs, rhs) {
        case (.string(let left), .string(let right)): return left.caseInsensitiveCompare(right)
        case (.number(let left), .number(let right)):
            return left == right ? .orderedSame : left < right ? .orderedAscending : .orderedDescending
        case (.null, .null): return .orderedSame
        case (.null, _): return .orderedAscending
        case (_, .null): return .orderedDescending
        default: return .orderedSame
        }
    }

    private static func parseOrderBy(_ text: String) throws(GDAPError) -> [(path: [String], descending: Bool)] {
        var keys: [(path: [String], descending: Bool)] = []
        for part in text.split(separator: ",") {
            let words = part.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = words.first, words.count <= 2 else {
                throw .badRequest("The $orderby expression '\(text)' is not valid.")
            }
            let direction = words.count == 2 ? words[1].lowercased() : "asc"
            guard direction == "asc" || direction == "desc" else {
                throw .badRequest("The $orderby expression '\(text)' is not valid.")
            }
            keys.append((first.split(separator: "/").map(String.init), direction == "desc"))
        }
        return keys
    }

    /// `path eq 'text'` clauses joined by `and`; literals are quoted strings (`''` escapes a quote), `null`,
    /// `true`, `false` or numbers.
    static func parseFilter(_ text: String) throws(GDAPError) -> [Clause] {
        var tokens: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == " " {
                index = text.index(after: index)
            } else if character == "'" {
                var literal = "'"
                var cursor = text.index(after: index)
                var closed = false
                while cursor < text.endIndex {
                    if text[cursor] == "'" {
                        let after = text.index(after: cursor)
                        if after < text.endIndex, text[after] == "'" {
                            literal.append("'")
                            cursor = text.index(after: after)
                            continue
                        }
                        closed = true
                        cursor = after
                        break
                    }
                    literal.append(text[cursor])
                    cursor = text.index(after: cursor)
                }
                guard closed else { throw .badRequest("Unterminated string literal in $filter '\(text)'.") }
                tokens.append(literal)
                index = cursor
            } else {
                var word = ""
                while index < text.endIndex, text[index] != " " {
                    word.append(text[index])
                    index = text.index(after: index)
                }
                tokens.append(word)
            }
        }
        var clauses: [Clause] = []
        var position = 0
        while position < tokens.count {
            guard position + 2 < tokens.count else { throw Self.unsupportedFilter(text) }
            let path = tokens[position].split(separator: "/").map(String.init)
            let op = tokens[position + 1].lowercased()
            guard op == "eq" || op == "ne", !path.isEmpty, !tokens[position].hasPrefix("'") else {
                throw Self.unsupportedFilter(text)
            }
            clauses.append(Clause(path: path, negated: op == "ne", literal: try literal(tokens[position + 2], text)))
            position += 3
            if position < tokens.count {
                guard tokens[position].lowercased() == "and" else { throw Self.unsupportedFilter(text) }
                position += 1
                guard position < tokens.count else { throw Self.unsupportedFilter(text) }
            }
        }
        return clauses
    }

    private static func literal(_ token: String, _ text: String) throws(GDAPError) -> GraphJSON {
        if token.hasPrefix("'") { return .string(String(token.dropFirst())) }
        switch token.lowercased() {
        case "null": return .null
        case "true": return .bool(true)
        case "false": return .bool(false)
        default:
            guard let number = Double(token) else { throw unsupportedFilter(text) }
            return .number(number)
        }
    }

    private static func unsupportedFilter(_ text: String) -> GDAPError {
        .badRequest("Invalid filter clause: '\(text)'. The emulator supports 'property eq|ne literal' joined by 'and'.")
    }

    private static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
