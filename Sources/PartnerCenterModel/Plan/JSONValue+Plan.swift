package import Foundation

/// Plans hold attribute values (a diff's before and after) and request parameters as ``JSONValue``s: the values
/// a plan writes are strings, integers, exact decimals (money), booleans, lists of strings and null.
extension JSONValue {
    /// An integer, as plans write counts (`quantity`).
    package static func int(_ value: Int) -> JSONValue { .integer(Int64(value)) }

    /// A number with its exact decimal digits: an integer when it is one (`500`), else a decimal (`500.5`), as
    /// reading its JSON text back gives it.
    package static func number(_ value: Decimal) -> JSONValue {
        // The digits decide, as they do when the plan is read back (`Int64` first, then `Decimal`).
        if let integer = Int64(value.description) { return .integer(integer) }
        return .decimal(value)
    }

    package static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    /// How plans print a value: strings quoted, lists bracketed (`["a", "b"]`), numbers with their digits.
    package var planText: String {
        switch self {
        case .string(let value): return "\"\(value)\""
        case .integer(let value): return "\(value)"
        case .decimal(let value): return "\(value)"
        case .double(let value): return "\(value)"
        case .bool(let value): return value ? "true" : "false"
        case .array(let values): return "[" + values.map(\.planText).joined(separator: ", ") + "]"
        case .null: return "null"
        case .object: return String(decoding: JSONWriter.write(self), as: UTF8.self)
        }
    }
}
