package import Foundation

/// A JSON value with ordered object members, so Graph answers keep the documented key order, and `$select`,
/// `$filter` and `$orderby` can work on the rendered objects.
package indirect enum GraphJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([GraphJSON])
    case object([Member])

    package struct Member: Sendable, Equatable {
        package var key: String
        package var value: GraphJSON

        package init(_ key: String, _ value: GraphJSON) {
            self.key = key
            self.value = value
        }
    }

    /// An object from key/value pairs, in order.
    static func object(_ pairs: KeyValuePairs<String, GraphJSON>) -> GraphJSON {
        .object(pairs.map { Member($0.key, $0.value) })
    }

    static func string(_ value: String?) -> GraphJSON {
        value.map { GraphJSON.string($0) } ?? .null
    }

    /// The member named `key`, compared case-insensitively (Graph accepts `AccessContainer/AccessContainerId`).
    package subscript(key: String) -> GraphJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key.caseInsensitiveCompare(key) == .orderedSame }?.value
    }

    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    package var members: [Member]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// Compact JSON text.
    package var serialized: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { out += String(Int64(value)) } else { out += "\(value)" }
        case .string(let value): Self.writeString(value, to: &out)
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                Self.writeString(member.key, to: &out)
                out += ":"
                member.value.write(to: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// Parses a request body. Member order is not preserved (request bodies don't need it).
    package static func parse(_ data: Data) throws(GDAPError) -> GraphJSON {
        do {
            return try JSONDecoder().decode(GraphJSON.self, from: data)
        } catch {
            throw .badRequest("The request body is not valid JSON.")
        }
    }
}

extension GraphJSON: Decodable {
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    package init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: AnyKey.self) {
            self = .object(
                try container.allKeys.map { Member($0.stringValue, try container.decode(GraphJSON.self, forKey: $0)) }
            )
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var values: [GraphJSON] = []
            while !container.isAtEnd { values.append(try container.decode(GraphJSON.self)) }
            self = .array(values)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }
}
