package import Foundation

/// A typed JSON-like value in a plan: attribute before/after values and request parameters.
/// Encodes as the plain JSON value (`"text"`, `25`, `true`, `[…]`, `null`).
package enum PlanValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case string(String)
    case number(Decimal)
    case bool(Bool)
    case list([PlanValue])
    case null

    package static func int(_ value: Int) -> PlanValue { .number(Decimal(value)) }

    package static func strings(_ values: [String]) -> PlanValue { .list(values.map(PlanValue.string)) }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Decimal.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else {
            self = .list(try container.decode([PlanValue].self))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .list(let values): try container.encode(values)
        case .null: try container.encodeNil()
        }
    }

    /// How plans print it: strings quoted, lists bracketed.
    package var description: String {
        switch self {
        case .string(let value): return "\"\(value)\""
        case .number(let value): return "\(value)"
        case .bool(let value): return value ? "true" : "false"
        case .list(let values): return "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .null: return "null"
        }
    }
}
