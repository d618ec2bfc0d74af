package import Foundation

/// The package's one hand-written JSON writer: escaping, numbers, layout and key order in one place, for every
/// document written by hand rather than by `JSONEncoder` (today the plan, see `PlanJSONWriter` in Rendering).
///
/// Why by hand: `JSONEncoder` took seconds for a 10,000-customer plan (docs/performance.md has the figures and
/// the test that guards the output). Callers write members in the order they want (the plan's documented order
/// is ascending); ``value(_:)`` writes a ``JSONValue``'s object members in ascending byte order, so equal values
/// always give equal bytes.
///
/// Output: strings escape `"`, `\`, and every control character (`\n`, `\r`, `\t` by name, the others as
/// `\u00XX`); `/` and non-ASCII text are written as they are. ``Layout/pretty`` indents by two spaces and
/// writes `"key": value`; ``Layout/compact`` writes no whitespace at all.
package struct JSONWriter {
    package enum Layout: Sendable {
        case pretty
        case compact
    }

    package private(set) var bytes: [UInt8] = []
    private let layout: Layout
    /// One entry per open container: how many members or elements it has so far.
    private var counts: [Int] = []

    package init(layout: Layout, reservingCapacity capacity: Int = 0) {
        self.layout = layout
        bytes.reserveCapacity(capacity)
    }

    /// The UTF-8 text of `value` (keys in ascending byte order).
    package static func write(_ value: JSONValue, layout: Layout = .compact) -> [UInt8] {
        var writer = JSONWriter(layout: layout)
        writer.value(value)
        return writer.bytes
    }

    // MARK: - Containers

    package mutating func object(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    package mutating func array<Elements: Sequence>(
        _ items: Elements,
        _ element: (inout JSONWriter, Elements.Element) -> Void
    ) {
        open(UInt8(ascii: "["))
        for item in items {
            separate()
            element(&self, item)
        }
        close(UInt8(ascii: "]"))
    }

    /// A member's name, inside ``object(_:)``; the member's value is written next.
    package mutating func key(_ key: String) {
        separate()
        string(key)
        bytes.append(UInt8(ascii: ":"))
        if layout == .pretty { bytes.append(UInt8(ascii: " ")) }
    }

    // MARK: - Scalars

    package mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        let plain = text.withUTF8 { buffer in
            for byte in buffer where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                return false
            }
            bytes.append(contentsOf: buffer)
            return true
        }
        if !plain {
            for byte in text.utf8 { escaped(byte) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    package mutating func bool(_ flag: Bool) { raw(flag ? "true" : "false") }

    package mutating func null() { raw("null") }

    package mutating func integer(_ number: some BinaryInteger) { raw(String(number)) }

    /// A number with its exact decimal digits (`19.99` stays `19.99`; money never passes through `Double`).
    package mutating func decimal(_ number: Decimal) { raw(number.description) }

    /// The shortest text that reads back as the same `Double`; a value JSON cannot hold (infinite, NaN) is `null`.
    package mutating func double(_ number: Double) {
        guard number.isFinite else { return null() }
        var text = number.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        raw(text)
    }

    /// Text that is already JSON (a number formatted by the caller, a fragment another encoder wrote).
    package mutating func raw(_ json: String) { bytes.append(contentsOf: json.utf8) }

    /// Any ``JSONValue``; object members in ascending byte order.
    package mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .integer(let number): integer(number)
        case .decimal(let number): decimal(number)
        case .double(let number): double(number)
        case .string(let text): string(text)
        case .array(let elements): array(elements) { $0.value($1) }
        case .object(let members):
            object {
                for name in Self.sortedKeys(members.keys) {
                    $0.key(name)
                    $0.value(members[name] ?? .null)
                }
            }
        }
    }

    /// Keys in byte order (`String` comparison is slow for the 100,000 fingerprint keys of a large plan).
    package static func sortedKeys(_ keys: some Collection<String>) -> [String] {
        // memcmp over each string's own UTF-8 storage: the generic `lexicographicallyPrecedes` over copied byte
        // arrays took a third of a large render, and String's `<` (same order for ASCII) is slower still.
        keys.sorted { lhs, rhs in
            let ordered = lhs.utf8.withContiguousStorageIfAvailable { left in
                rhs.utf8.withContiguousStorageIfAvailable { right in
                    let common = min(left.count, right.count)
                    if common > 0, let a = left.baseAddress, let b = right.baseAddress {
                        let order = memcmp(a, b, common)
                        if order != 0 { return order < 0 }
                    }
                    return left.count < right.count
                }
            }
            return (ordered ?? nil) ?? lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
        }
    }

    // MARK: - Layout

    private mutating func escaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        case 0..<0x20:
            bytes.append(contentsOf: Array("\\u00".utf8) + [Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0x0F)]])
        default: bytes.append(byte)
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        counts.append(0)
    }

    private mutating func close(_ bracket: UInt8) {
        let count = counts.removeLast()
        if count > 0 { newline() }
        bytes.append(bracket)
    }

    /// Before a member: a comma after the previous one, then (pretty) a new indented line.
    private mutating func separate() {
        guard !counts.isEmpty else { return }
        if counts[counts.count - 1] > 0 { bytes.append(UInt8(ascii: ",")) }
        counts[counts.count - 1] += 1
        newline()
    }

    private mutating func newline() {
        guard layout == .pretty else { return }
        bytes.append(UInt8(ascii: "\n"))
        let depth = counts.count
        if depth < Self.indents.count {
            bytes.append(contentsOf: Self.indents[depth])
        } else {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
        }
    }

    private static let indents: [[UInt8]] = (0..<12).map { Array(repeating: UInt8(ascii: " "), count: $0 * 2) }
}
