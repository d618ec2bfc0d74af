import Foundation
import PartnerCenterModel
import PartnerCenterTestSupport
import PartnerCenterWire
import Testing

@Suite(.tags(.unit)) struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Data(text.utf8)) }

    @Test func valuesOfEveryKind() throws {
        let value = try parse(
            #" {"a": [1, -2.5, 3e2, true, false, null], "b": "x\"\\\/\n\u00e9\ud83d\ude00", "c": {}} "#
        )
        #expect(
            value["a"]
                == .array([.integer(1), .decimal(Decimal(-25) / 10), .decimal(300), .bool(true), .bool(false), .null])
        )
        #expect(value["b"] == .string("x\"\\/\né😀"))
        #expect(value["c"] == .object([:]))
        #expect(try parse("9223372036854775807") == .integer(Int64.max))
        #expect(try parse("12345678901234567890") == .decimal(Decimal(string: "12345678901234567890")!))
        #expect(
            try parse("1" + String(repeating: "3", count: 45))
                == .double(Double("1" + String(repeating: "3", count: 45))!)
        )
    }

    /// Money never passes through `Double`: each number keeps its exact decimal value, and encodes back with the
    /// same digits (issue 11: `19.99` read back as `19.989999999999998…` showed as drift on every plan).
    @Test(arguments: ["19.99", "0.1", "1234567.89", "12.345", "0.125", "5000.5", "-0.07", "1.5e-3", "99999999.99"])
    func fractionsKeepTheirExactDecimalValue(_ text: String) throws {
        let exact = try #require(Decimal(string: text))
        #expect(try parse(text) == .decimal(exact))
        #expect(try WireJSON.decode(Decimal.self, from: Data(text.utf8)) == exact)
        let budget = try WireJSON.decode(SpendingBudget.self, from: Data(#"{"amount": \#(text)}"#.utf8))
        #expect(budget.amount == exact)
        let body = String(decoding: try WireJSON.encode(SpendingBudget(amount: exact)), as: UTF8.self)
        #expect(body == #"{"amount":\#(exact)}"#)
        #expect(String(decoding: try JSONEncoder().encode(try parse(text)), as: UTF8.self) == "\(exact)")
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
