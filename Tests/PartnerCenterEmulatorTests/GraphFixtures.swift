import Foundation
import PartnerCenterEmulator
import Testing

/// One documented HTTP message from Fixtures/graph: `METHOD URL` or `HTTP/1.1 STATUS Reason`, headers, blank line,
/// body.
struct GraphFixtureMessage {
    var firstLine: String
    var headers: [String: String]
    var body: String

    /// For a request: the method.
    var method: String { String(firstLine.split(separator: " ")[0]) }

    /// For a request: the path and query after `https://graph.microsoft.com/v1.0/tenantRelationships/`.
    var relativeTarget: String {
        let url = String(firstLine.split(separator: " ")[1])
        let prefix = "https://graph.microsoft.com/v1.0/tenantRelationships/"
        return url.hasPrefix(prefix) ? String(url.dropFirst(prefix.count)) : url
    }

    /// For a response: the status code.
    var status: Int { Int(firstLine.split(separator: " ")[1]) ?? 0 }

    var json: GraphJSON? {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        return try? GraphJSON.parse(Data(trimmed.utf8))
    }

    static func load(_ name: String) throws -> GraphFixtureMessage {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "http", subdirectory: "Fixtures/graph")
        )
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        let first = lines.removeFirst()
        var headers: [String: String] = [:]
        while let line = lines.first, !line.trimmingCharacters(in: .whitespaces).isEmpty {
            lines.removeFirst()
            if let colon = line.firstIndex(of: ":") {
                headers[String(line[..<colon]).lowercased()] = line[line.index(after: colon)...]
                    .trimmingCharacters(in: .whitespaces)
            }
        }
        return GraphFixtureMessage(firstLine: first, headers: headers, body: lines.joined(separator: "\n"))
    }

    static func pair(_ name: String) throws -> (request: GraphFixtureMessage, response: GraphFixtureMessage) {
        (try load("\(name).request"), try load("\(name).response"))
    }
}

/// Compares the shape of an emulator answer with a documented one: the same keys at every level and the same
/// JSON value types. `allowed` lists paths (like `$.activatedDateTime`) whose difference is a documented, reasoned
/// deviation; arrays compare each actual element with the documented element of the same `@odata.type`.
enum GraphShape {
    static func differences(
        expected: GraphJSON,
        actual: GraphJSON,
        path: String = "$",
        allowed: Set<String> = []
    ) -> [String] {
        if allowed.contains(path) { return [] }
        switch (expected, actual) {
        case (.object(let expectedMembers), .object(let actualMembers)):
            var problems: [String] = []
            let expectedKeys = Set(expectedMembers.map(\.key))
            let actualKeys = Set(actualMembers.map(\.key))
            for key in expectedKeys.subtracting(actualKeys).sorted() where !allowed.contains("\(path).\(key)") {
                problems.append("\(path).\(key): documented but missing")
            }
            for key in actualKeys.subtracting(expectedKeys).sorted() where !allowed.contains("\(path).\(key)") {
                problems.append("\(path).\(key): not in the documented answer")
            }
            for member in expectedMembers {
                guard let other = actual[member.key], actualKeys.contains(member.key) else { continue }
                problems += differences(
                    expected: member.value,
                    actual: other,
                    path: "\(path).\(member.key)",
                    allowed: allowed
                )
            }
            return problems
        case (.array(let expectedItems), .array(let actualItems)):
            guard let template = expectedItems.first else { return [] }
            var problems: [String] = []
            for (index, item) in actualItems.enumerated() {
                let type = item["@odata.type"]
                let model = expectedItems.first { $0["@odata.type"] == type } ?? template
                problems += differences(expected: model, actual: item, path: "\(path)[]", allowed: allowed)
                if index > 20 { break }
            }
            return Array(Set(problems)).sorted()
        default:
            return kind(expected) == kind(actual)
                ? [] : ["\(path): documented \(kind(expected)), emulator \(kind(actual))"]
        }
    }

    static func kind(_ value: GraphJSON) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
