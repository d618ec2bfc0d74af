import Foundation
import PartnerCenterWire
import Testing

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Data(text.utf8)) }

    @Test func valuesOfEveryKind() throws {
        let value = try parse(
            #" {"a": [1, -2.5, 3e2, true, false, null], "b": "x\"\\\/\n\u00e9\ud83d\ude00", "c": {}} "#
        )
        #expect(value["a"] == .array([.integer(1), .double(-2.5), .double(300), .bool(true), .bool(false), .null]))
        #expect(value["b"] == .string("x\"\\/\né😀"))
        #expect(value["c"] == .object([:]))
        #expect(try parse("9223372036854775807") == .integer(Int64.max))
        #expect(try parse("12345678901234567890") == .double(12_345_678_901_234_567_890))
    }

    @Test(arguments: [
        "{", "[1,]", #"{"a":1,}"#, "01", "1.", "-", "tru", #""unterminated"#, "\"tab\tinside\"", "{} {}", "",
        #"{"a" 1}"#,
        #""\x""#,
    ])
    func malformedInputIsRejected(_ text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try parse(text) }
    }

    @Test func everyFixtureParsesTheSameAsFoundation() throws {
        for (name, data) in try Fixtures.responses() {
            let ours = try JSONParser.parse(data)
            let theirs = try JSONDecoder().decode(JSONValue.self, from: data)
            #expect(ours == theirs, "\(name)")
        }
    }
}
