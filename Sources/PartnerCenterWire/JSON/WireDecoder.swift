import Foundation
import PartnerCenterModel

/// A `Decoder` over a parsed ``JSONValue`` that is tolerant where the service is and strict where a wrong value
/// would mislead:
/// - property names match exactly first, then ignoring case (the service answers camelCase, its own examples send
///   PascalCase);
/// - unknown properties are ignored (synthesized `Codable` never asks for them);
/// - `Date` values must be in one of the documented formats (see ``WireDate``), and an empty string in an
///   optional date property means "not set" (Graph sends `"activatedDateTime": ""` before activation);
/// - numbers must be numbers and strings strings: nothing is coerced silently;
/// - `Decimal` values are the number's exact decimal value (``JSONValue/decimal(_:)``), never through `Double`.
struct WireDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw mismatch([String: JSONValue].self)
        }
        return KeyedDecodingContainer(WireKeyedContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw mismatch([JSONValue].self)
        }
        return WireUnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == JSONValue.self, let same = value as? T {
            return same
        }
        if T.self == Decimal.self {
            // `Decimal`'s own `Codable` form is a keyed structure; on the wire it is a JSON number, taken at its
            // exact decimal value (never through `Double`).
            let decimal: Decimal
            switch value {
            case .decimal(let number): decimal = number
            case .integer(let number): decimal = Decimal(number)
            case .double(let number): decimal = Decimal(number)
            default: throw mismatch(Decimal.self)
            }
            if let decimal = decimal as? T { return decimal }
        }
        if T.self == Date.self {
            guard case .string(let text) = value else { throw mismatch(Date.self) }
            guard let date = WireDate.parse(text) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: codingPath, debugDescription: "'\(text)' is not a date in a documented format")
                )
            }
            if let date = date as? T { return date }
        }
        return try T(from: self)
    }

    func mismatch(_ expected: Any.Type) -> DecodingError {
        DecodingError.typeMismatch(
            expected,
            .init(codingPath: codingPath, debugDescription: "Expected \(expected) but found \(value.kindDescription)")
        )
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard case .integer(let number) = value, let exact = T(exactly: number) else { throw mismatch(T.self) }
        return exact
    }
}

extension WireDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool { value == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(Bool.self) }
        return flag
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let text) = value else { throw mismatch(String.self) }
        return text
    }

    func decode(_ type: Double.Type) throws -> Double {
        switch value {
        case .double(let number): return number
        case .decimal(let number): return NSDecimalNumber(decimal: number).doubleValue
        case .integer(let number): return Double(number)
        default: throw mismatch(Double.self)
        }
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try integer(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(UInt64.self) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(T.self) }
}

private struct WireKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]

    init(members: [String: JSONValue], codingPath: [any CodingKey]) {
        self.members = members
        self.codingPath = codingPath
    }

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    /// The exact name first; otherwise the first name equal ignoring case (in sorted order, so the choice is
    /// the same on every run when a body has two spellings).
    func member(_ key: Key) -> JSONValue? {
        if let exact = members[key.stringValue] { return exact }
        let folded = key.stringValue.lowercased()
        let matches = members.keys.filter { $0.lowercased() == folded }
        guard let name = matches.min() else { return nil }
        return members[name]
    }

    func contains(_ key: Key) -> Bool { member(key) != nil }

    func decoder(for key: Key) throws -> WireDecoder {
        guard let value = member(key) else {
            throw DecodingError.keyNotFound(
                key,
                .init(codingPath: codingPath, debugDescription: "Missing required property '\(key.stringValue)'")
            )
        }
        return WireDecoder(value: value, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool { (member(key) ?? .null) == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder(for: key).decodeValue(T.self) }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = member(key), value != .null else { return nil }
        if T.self == Date.self, value == .string("") { return nil }
        return try WireDecoder(value: value, codingPath: codingPath + [key]).decodeValue(T.self)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder(for: key).decode(Bool.self) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder(for: key).decode(String.self) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder(for: key).decode(Double.self) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoder(for: key).decode(Float.self) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder(for: key).decode(Int.self) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder(for: key).decode(Int8.self) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder(for: key).decode(Int16.self) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder(for: key).decode(Int32.self) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder(for: key).decode(Int64.self) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder(for: key).decode(UInt.self) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder(for: key).decode(UInt8.self) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder(for: key).decode(UInt16.self) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder(for: key).decode(UInt32.self) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder(for: key).decode(UInt64.self) }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(for: key).container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(for: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        WireDecoder(value: .object(members), codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(for: key) }
}

private struct WireUnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    mutating func next() throws -> WireDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                JSONValue.self,
                .init(codingPath: codingPath, debugDescription: "Unkeyed container is at end")
            )
        }
        defer { currentIndex += 1 }
        return WireDecoder(value: elements[currentIndex], codingPath: codingPath + [IndexKey(intValue: currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeValue(T.self) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().decode(Bool.self) }
    mutating func decode(_ type: String.Type) throws -> String { try next().decode(String.self) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().decode(Double.self) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next().decode(Float.self) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().decode(Int.self) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().decode(Int8.self) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().decode(Int16.self) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().decode(Int32.self) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().decode(Int64.self) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next().decode(UInt.self) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().decode(UInt8.self) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().decode(UInt16.self) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().decode(UInt32.self) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().decode(UInt64.self) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

private struct IndexKey: CodingKey {
    var stringValue: String { "[\(index)]" }
    var intValue: Int? { index }
    let index: Int
    init(intValue: Int) { index = intValue }
    init?(stringValue: String) { nil }
}

extension JSONValue {
    var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .decimal, .double: "a number"
        case .string(let text): "the string '\(text.prefix(40))'"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
