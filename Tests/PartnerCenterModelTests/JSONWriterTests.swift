import Foundation
import PartnerCenterModel
import PartnerCenterTestSupport
import Testing

/// The one hand-written JSON writer (`JSONWriter`, under the plan's JSON): what it writes reads back as the same
/// value, its numbers and escapes are what `JSONEncoder` writes for the same value, and its pretty layout is the
/// saved-plan layout byte for byte.
@Suite(.tags(.unit)) struct JSONWriterTests {
    private func text(_ value: JSONValue, _ layout: JSONWriter.Layout = .compact) -> String {
        String(decoding: JSONWriter.write(value, layout: layout), as: UTF8.self)
    }

    private func foundation(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A decimal from its text (`.nan`, which no sample round-trips, if the text were not a number).
    private static func exact(_ text: String) -> JSONValue { .decimal(Decimal(string: text) ?? .nan) }

    private static let samples: [JSONValue] = [
        .null, .bool(true), .bool(false), .integer(0), .integer(-42), .integer(Int64.max), .integer(Int64.min),
        exact("19.99"), exact("0.1"), exact("-0.07"),
        exact("12345678901234567890"), .double(1.5), .double(0.1), .double(-2), .double(1e300),
        .string(""), .string("plain"), .string("quote \" backslash \\ slash / tab\t newline\n return\r"),
        .string("é😀 日本"), .string("\u{1}\u{1F}"),
        .array([]), .object([:]),
        .object([
            "b": .integer(1),
            "a": .array([.string("x"), .null, .object(["z": .bool(false), "y": exact("5.5")])]),
        ]),
    ]

    @Test(arguments: samples)
    func whatItWritesReadsBackAsTheSameValue(_ value: JSONValue) throws {
        for layout in [JSONWriter.Layout.compact, .pretty] {
            let parsed = try JSONParser.parse(Data(JSONWriter.write(value, layout: layout)))
            // The parser reads a double's shortest text back as an integer or a decimal: compare it as a `Double`.
            if case .double(let number) = value {
                let back: Double? =
                    switch parsed {
                    case .integer(let integer): Double(integer)
                    case .decimal(let decimal): Double(decimal.description)
                    case .double(let double): double
                    default: nil
                    }
                #expect(back == number)
            } else {
                #expect(parsed == value)
            }
        }
    }

    /// Same bytes as `JSONEncoder` with sorted keys and unescaped slashes (what Wire sends): numbers, escapes
    /// and key order agree, so the plan's JSON and request bodies write a value the same way. The one difference
    /// is kept out of the samples: `JSONEncoder` writes U+0008 and U+000C as `\b` and `\f`, this writer (like the
    /// plan format always has) as `\u0008` and `\u000c`; both read back the same.
    @Test(arguments: samples)
    func compactOutputIsWhatFoundationWrites(_ value: JSONValue) throws {
        #expect(text(value) == (try foundation(value)))
    }

    @Test func controlCharactersAreEscapedAndNothingElseIs() {
        #expect(text(.string("a\u{8}b\u{C}c\u{0}")) == #""a\u0008b\u000cc\u0000""#)
        #expect(text(.string("</script> é")) == #""</script> é""#)
        #expect(text(.double(.infinity)) == "null")
    }

    /// The saved-plan layout: two-space indent, `"key": value`, empty containers on one line, keys ascending.
    @Test func prettyLayoutIsThePlanLayout() {
        let value: JSONValue = .object([
            "list": .array([.integer(1), .object(["k": .string("v")])]), "empty": .array([]), "none": .object([:]),
        ])
        #expect(
            text(value, .pretty) == """
                {
                  "empty": [],
                  "list": [
                    1,
                    {
                      "k": "v"
                    }
                  ],
                  "none": {}
                }
                """
        )
    }

    /// Keys sort by their UTF-8 bytes (upper case before lower case, shorter prefix first), on every run.
    @Test func keysSortInByteOrder() {
        let keys = ["b", "a", "B", "ab", "", "é", "z"]
        #expect(JSONWriter.sortedKeys(keys) == ["", "B", "a", "ab", "b", "z", "é"])
        let count = Int(ProcessInfo.processInfo.environment["JSON_WRITER_KEYS"] ?? "") ?? 2_000
        let many = (0..<count).map { "customer-\(($0 * 7_919) % count)" }
        #expect(JSONWriter.sortedKeys(many) == many.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    }
}
