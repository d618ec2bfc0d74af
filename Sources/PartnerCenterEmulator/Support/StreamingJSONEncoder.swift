import Foundation

/// A `[String: Value]` written as a JSON object in ``JSONMemberOrder`` (a dictionary's own order changes from one
/// process to the next, so answers would not compare byte for byte).
protocol StringKeyedJSONObject {
    func encodeMembers(to output: StreamingJSONEncoder.Output, codingPath: [any CodingKey]) throws
}

extension Dictionary: StringKeyedJSONObject where Key == String, Value: Encodable {
    func encodeMembers(to output: StreamingJSONEncoder.Output, codingPath: [any CodingKey]) throws {
        output.bytes.append(UInt8(ascii: "{"))
        for (index, key) in JSONMemberOrder.sorted(keys).enumerated() {
            guard let value = self[key] else { continue }
            if index > 0 { output.bytes.append(UInt8(ascii: ",")) }
            output.string(key)
            output.bytes.append(UInt8(ascii: ":"))
            try output.encodeValue(value, codingPath: codingPath)
        }
        output.bytes.append(UInt8(ascii: "}"))
    }
}

/// A `Set` written as a JSON array in ascending order (a set's own order changes from one process to the next).
protocol UnorderedJSONArray {
    func encodeElements(to output: StreamingJSONEncoder.Output, codingPath: [any CodingKey]) throws
}

extension Set: UnorderedJSONArray where Element: Encodable & Comparable {
    func encodeElements(to output: StreamingJSONEncoder.Output, codingPath: [any CodingKey]) throws {
        output.bytes.append(UInt8(ascii: "["))
        for (index, element) in sorted().enumerated() {
            if index > 0 { output.bytes.append(UInt8(ascii: ",")) }
            try output.encodeValue(element, codingPath: codingPath)
        }
        output.bytes.append(UInt8(ascii: "]"))
    }
}

/// The order of the members of a JSON object the emulator holds as a dictionary (`links`, an order's `client`, a
/// cart line's `provisioningContext`, the control API's maps keyed by id): the names the references show, in the
/// order they show them, then every other name in ascending order.
///
/// The documented orders (partner-center/*.md): a resource's links name what it refers to before `self`
/// (`offer, parentSubscription, self`; `product, sku, availability, self`; `skus, self`; `availabilities, self`;
/// `learnMore, self`); a new-commerce order's are `self, provisioningStatus, patchOperation`; a collection's are
/// `self, next, previous` (rest-conventions.md); an order's `client` is `marketplaceCountry, deviceFamily, name`.
/// (Legacy orders of 2018 show `provisioningStatus` before `self`; the emulator's orders are new commerce.)
enum JSONMemberOrder {
    static let documented: [String: Int] = Dictionary(
        uniqueKeysWithValues: [
            "offer", "parentSubscription", "product", "sku", "availability", "availabilities", "skus", "learnMore",
            "subscription", "self", "provisioningStatus", "patchOperation", "next", "previous",
            "marketplaceCountry", "deviceFamily", "name",
        ]
        .enumerated().map { ($1, $0) }
    )

    static func sorted(_ keys: some Collection<String>) -> [String] {
        keys.sorted { left, right in
            switch (documented[left], documented[right]) {
            case (let l?, let r?): return l < r
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return left < right
            }
        }
    }
}

/// Encodes response bodies straight into bytes: the emulator's hot path (Foundation's `JSONEncoder` builds a value
/// tree first and took a quarter of the CPU of a `GET /v1/customers/{id}` on loopback).
///
/// It writes what `EmulatorJSON.encoder` writes, apart from member order (declaration order here, and
/// ``JSONMemberOrder`` for dictionaries, so the same answer is the same bytes in every process): absent optionals
/// left out, dates through ``EmulatorJSON/format(_:)``, `Data` as base64, slashes unescaped, integral doubles
/// without `.0`. Values are written as they are encoded, so a type that
/// asks for nested containers or a super encoder (none of the response types do) makes it throw
/// ``Unsupported``; `EmulatorJSON.response` then falls back to `JSONEncoder`. Every primitive overload is
/// implemented: the protocols' defaults would call the generic method, which calls back here, forever.
struct StreamingJSONEncoder {
    struct Unsupported: Error {}

    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let output = Output()
        output.bytes.reserveCapacity(1_024)
        try output.encodeValue(value, codingPath: [])
        return output.bytes
    }

    /// The buffer shared by every encoder and container of one value.
    final class Output {
        var bytes: [UInt8] = []

        func encodeValue<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
            // Metadata comparisons first: a dynamic cast per value costs more.
            if T.self == Date.self, let date = value as? Date {
                string(EmulatorJSON.format(date))
            } else if T.self == Data.self, let data = value as? Data {
                string(data.base64EncodedString())
            } else if T.self == URL.self, let url = value as? URL {
                string(url.absoluteString)
            } else if T.self == Decimal.self, let decimal = value as? Decimal {
                raw(decimal.description)
            } else if let object = value as? any StringKeyedJSONObject {
                try object.encodeMembers(to: self, codingPath: codingPath)
            } else if let set = value as? any UnorderedJSONArray {
                try set.encodeElements(to: self, codingPath: codingPath)
            } else {
                let encoder = ValueEncoder(output: self, codingPath: codingPath)
                try value.encode(to: encoder)
                switch encoder.opened {
                case .none: raw("{}")
                case .keyed: bytes.append(UInt8(ascii: "}"))
                case .unkeyed: bytes.append(UInt8(ascii: "]"))
                case .single: break
                }
            }
        }

        func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

        func double(_ value: Double) throws {
            guard value.isFinite else { throw Unsupported() }
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            raw(text)
        }

        func string(_ text: String) {
            bytes.append(UInt8(ascii: "\""))
            var text = text
            let utf8 = text.utf8
            let plain = text.withUTF8 { buffer in
                for byte in buffer where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    return false
                }
                bytes.append(contentsOf: buffer)
                return true
            }
            if plain {
                bytes.append(UInt8(ascii: "\""))
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
                case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                default: bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// How many members a container has written (for the commas).
    final class ContainerState {
        var count = 0
    }

    enum Opened {
        case none
        case keyed(ContainerState)
        case unkeyed(ContainerState)
        case single
    }

    final class ValueEncoder: Encoder {
        let output: Output
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        var opened = Opened.none

        init(output: Output, codingPath: [any CodingKey]) {
            self.output = output
            self.codingPath = codingPath
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            let state: ContainerState
            switch opened {
            case .keyed(let existing):
                state = existing
            case .none:
                state = ContainerState()
                opened = .keyed(state)
                output.bytes.append(UInt8(ascii: "{"))
            case .unkeyed, .single:
                // Mixing container kinds for one value is invalid for JSONEncoder too.
                state = ContainerState()
                return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self, state: state, broken: true))
            }
            return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self, state: state, broken: false))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            switch opened {
            case .unkeyed(let existing):
                return UnkeyedContainer(encoder: self, state: existing, broken: false)
            case .none:
                let state = ContainerState()
                opened = .unkeyed(state)
                output.bytes.append(UInt8(ascii: "["))
                return UnkeyedContainer(encoder: self, state: state, broken: false)
            case .keyed, .single:
                return UnkeyedContainer(encoder: self, state: ContainerState(), broken: true)
            }
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            SingleContainer(encoder: self)
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: ValueEncoder
        let state: ContainerState
        let broken: Bool
        var codingPath: [any CodingKey] { encoder.codingPath }

        private func key(_ key: Key) throws {
            guard !broken else { throw Unsupported() }
            if state.count > 0 { encoder.output.bytes.append(UInt8(ascii: ",")) }
            state.count += 1
            encoder.output.string(key.stringValue)
            encoder.output.bytes.append(UInt8(ascii: ":"))
        }

        mutating func encodeNil(forKey key: Key) throws {
            try self.key(key)
            encoder.output.raw("null")
        }

        mutating func encode(_ value: Bool, forKey key: Key) throws {
            try self.key(key)
            encoder.output.raw(value ? "true" : "false")
        }

        mutating func encode(_ value: String, forKey key: Key) throws {
            try self.key(key)
            encoder.output.string(value)
        }

        mutating func encode(_ value: Double, forKey key: Key) throws {
            try self.key(key)
            try encoder.output.double(value)
        }

        mutating func encode(_ value: Float, forKey key: Key) throws {
            try self.key(key)
            try encoder.output.double(Double(value))
        }

        mutating func encode(_ value: Int, forKey key: Key) throws {
            try self.key(key)
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: Int8, forKey key: Key) throws {
            try self.key(key)
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: Int16, forKey key: Key) throws {
            try self.key(key)
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: Int32, forKey key: Key) throws {
            try self.key(key)
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: Int64, forKey key: Key) throws {
            try self.key(key)
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: UInt, forKey key: Key) throws {
            try self.key(key)
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: UInt8, forKey key: Key) throws {
            try self.key(key)
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: UInt16, forKey key: Key) throws {
            try self.key(key)
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: UInt32, forKey key: Key) throws {
            try self.key(key)
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: UInt64, forKey key: Key) throws {
            try self.key(key)
            encoder.output.raw(String(value))
        }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try self.key(key)
            try encoder.output.encodeValue(value, codingPath: encoder.codingPath)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type,
            forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(KeyedContainer<NestedKey>(encoder: encoder, state: state, broken: true))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            UnkeyedContainer(encoder: encoder, state: state, broken: true)
        }

        mutating func superEncoder() -> any Encoder { BrokenEncoder(codingPath: codingPath) }

        mutating func superEncoder(forKey key: Key) -> any Encoder { BrokenEncoder(codingPath: codingPath) }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let encoder: ValueEncoder
        let state: ContainerState
        let broken: Bool
        var codingPath: [any CodingKey] { encoder.codingPath }
        var count: Int { state.count }

        private func separate() throws {
            guard !broken else { throw Unsupported() }
            if state.count > 0 { encoder.output.bytes.append(UInt8(ascii: ",")) }
            state.count += 1
        }

        mutating func encodeNil() throws {
            try separate()
            encoder.output.raw("null")
        }

        mutating func encode(_ value: Bool) throws {
            try separate()
            encoder.output.raw(value ? "true" : "false")
        }

        mutating func encode(_ value: String) throws {
            try separate()
            encoder.output.string(value)
        }

        mutating func encode(_ value: Double) throws {
            try separate()
            try encoder.output.double(value)
        }

        mutating func encode(_ value: Int) throws {
            try separate()
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: Int8) throws {
            try separate()
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: Int16) throws {
            try separate()
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: Int32) throws {
            try separate()
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: Int64) throws {
            try separate()
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: UInt) throws {
            try separate()
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: UInt8) throws {
            try separate()
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: UInt16) throws {
            try separate()
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: UInt32) throws {
            try separate()
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: UInt64) throws {
            try separate()
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: Float) throws {
            try separate()
            try encoder.output.double(Double(value))
        }

        mutating func encode<T: Encodable>(_ value: T) throws {
            try separate()
            try encoder.output.encodeValue(value, codingPath: encoder.codingPath)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type
        ) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(KeyedContainer<NestedKey>(encoder: encoder, state: state, broken: true))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            UnkeyedContainer(encoder: encoder, state: state, broken: true)
        }

        mutating func superEncoder() -> any Encoder { BrokenEncoder(codingPath: codingPath) }
    }

    struct SingleContainer: SingleValueEncodingContainer {
        let encoder: ValueEncoder
        var codingPath: [any CodingKey] { encoder.codingPath }

        private func claim() throws {
            guard case .none = encoder.opened else { throw Unsupported() }
            encoder.opened = .single
        }

        mutating func encodeNil() throws {
            try claim()
            encoder.output.raw("null")
        }

        mutating func encode(_ value: Bool) throws {
            try claim()
            encoder.output.raw(value ? "true" : "false")
        }

        mutating func encode(_ value: String) throws {
            try claim()
            encoder.output.string(value)
        }

        mutating func encode(_ value: Double) throws {
            try claim()
            try encoder.output.double(value)
        }

        mutating func encode(_ value: Float) throws {
            try claim()
            try encoder.output.double(Double(value))
        }

        mutating func encode(_ value: Int) throws {
            try claim()
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: Int8) throws {
            try claim()
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: Int16) throws {
            try claim()
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: Int32) throws {
            try claim()
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: Int64) throws {
            try claim()
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: UInt) throws {
            try claim()
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: UInt8) throws {
            try claim()
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: UInt16) throws {
            try claim()
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: UInt32) throws {
            try claim()
            encoder.output.raw(String(value))
        }

        mutating func encode(_ value: UInt64) throws {
            try claim()
            encoder.output.raw(String(value))
        }

        mutating func encode<T: Encodable>(_ value: T) throws {
            try claim()
            try encoder.output.encodeValue(value, codingPath: encoder.codingPath)
        }
    }

    /// Handed out where streaming can't follow (super encoders): every use throws.
    struct BrokenEncoder: Encoder {
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            let encoder = ValueEncoder(output: Output(), codingPath: codingPath)
            return KeyedEncodingContainer(KeyedContainer<Key>(encoder: encoder, state: ContainerState(), broken: true))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            let encoder = ValueEncoder(output: Output(), codingPath: codingPath)
            return UnkeyedContainer(encoder: encoder, state: ContainerState(), broken: true)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            let encoder = ValueEncoder(output: Output(), codingPath: codingPath)
            encoder.opened = .single
            return SingleContainer(encoder: encoder)
        }
    }
}
