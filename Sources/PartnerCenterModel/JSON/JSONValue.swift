package import Foundation

/// Any JSON value, kept exactly as it was read: the one generic JSON value of the package (Wire's bodies, the
/// plan's JSON writer and anything else that needs untyped JSON share it; see docs/performance.md).
///
/// The client uses it where the service sends open-ended data (`dynamicAttributes`, `provisioningContext`
/// values, error `data`), and to PATCH a resource back with only the changed properties replaced, so that
/// properties this client does not model are sent back untouched.
package enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    /// A number with a fraction or an exponent (or an integer beyond `Int64`), kept as its exact decimal value:
    /// money (`19.99`, `0.1`, `12.345` in a 3-decimal currency) must never pass through binary floating point,
    /// which would turn `19.99` into `19.989999999999998…` and show as drift on every plan.
    case decimal(Decimal)
    /// A number too long to be held exactly as a `Decimal` (more than 38 significant digits, or an exponent out
    /// of its range): the closest `Double`, the only approximation this type makes.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The member named `key`, matched exactly first and then ignoring case (the service accepts and sometimes
    /// sends PascalCase).
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        if let exact = members[key] { return exact }
        let folded = key.lowercased()
        return members.first { $0.key.lowercased() == folded }?.value
    }

    /// Sets the member named `key`, replacing an existing member whose name differs only by case.
    package mutating func set(_ key: String, to value: JSONValue) {
        guard case .object(var members) = self else { return }
        let folded = key.lowercased()
        for existing in members.keys where existing != key && existing.lowercased() == folded {
            members[existing] = nil
        }
        members[key] = value
        self = .object(members)
    }

    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}

extension JSONValue: Codable {
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Decimal.self), !value.isNaN {
            // Foundation's JSON decoder reads a `Decimal` from the number's text, exactly.
            self = .decimal(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .decimal(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
