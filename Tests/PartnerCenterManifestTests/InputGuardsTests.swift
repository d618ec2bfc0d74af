import PartnerCenterTestSupport
import Testing

@testable import PartnerCenterManifest

/// The guards' shortcuts on bytes give what the slow paths they skip would give.
@Suite(.tags(.unit)) struct InputGuardsTests {
    static let blankCases: [String] = [
        "", " ", "\n\n", "\r\n", "\t \u{0B}\u{0C}\r", "\u{85}", " \u{2028}\n", "\u{A0}x", " \u{301}", "\u{301}",
        " x", "\n\n# comment", "apiVersion: cspctl/v1\n", "  \u{3000}  ", "\u{FEFF}",
    ]

    @Test(arguments: blankCases)
    func blankOnBytesAgreesWithCharacters(text: String) {
        let bytes = Array(text.utf8)
        #expect(InputGuards.isBlank(bytes[...]) == text.allSatisfy { $0.isWhitespace })
    }

    @Test func asciiIsValidAndAnInvalidByteAfterItIsLocated() {
        let ascii = Array("apiVersion: cspctl/v1\ncustomers:\n  - domain: a.onmicrosoft.com\n".utf8)
        #expect(InputGuards.isASCII(ascii))
        #expect(InputGuards.firstInvalidUTF8(ascii) == nil)
        #expect(InputGuards.firstInvalidUTF8(Array("é naïve ✓ 😀\n".utf8)) == nil)
        var broken = ascii
        broken.insert(0xFF, at: 25)  // line 2, after "cus"
        #expect(!InputGuards.isASCII(broken))
        let found = InputGuards.firstInvalidUTF8(broken)
        #expect(found?.line == 2 && found?.column == 4)
        #expect(InputGuards.firstInvalidUTF8([0x61, 0xC3]).map { [$0.line, $0.column] } == [1, 2])
    }

    @Test func nestingOnBytesAgreesWithText() {
        let deep = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        let indented = (0..<70).map { String(repeating: " ", count: $0) + "k\($0):\n" }.joined()
        let shallow = (0..<60).map { String(repeating: " ", count: $0) + "k\($0):\n" }.joined()
        let cases = ["a: 1\n", deep, "a:\n" + String(repeating: "  - ", count: 80) + "x\n", indented, shallow]
        for text in cases {
            let onBytes = InputGuards.excessiveNesting(Array(text.utf8)[...])
            let onText = InputGuards.excessiveNesting(text)
            #expect(onBytes?.line == onText?.line && onBytes?.column == onText?.column)
        }
        #expect(InputGuards.excessiveNesting(Array(deep.utf8)[...]) != nil)
        #expect(InputGuards.excessiveNesting(Array(indented.utf8)[...])?.line == 65)
        #expect(InputGuards.excessiveNesting(Array(shallow.utf8)[...]) == nil)
    }
}
