import PartnerCenterManifest
import PartnerCenterModel
import PartnerCenterTestSupport
import Testing

/// Marked YAML: `‸` marks where a diagnostic must point (removed before loading).
@Suite(.tags(.unit)) struct MarkedPositionTests {
    static let marker: Character = "‸"

    /// The text without markers, and each marker's 1-based line and column.
    static func unmark(_ marked: String) -> (String, [(line: Int, column: Int)]) {
        var text = ""
        var marks: [(Int, Int)] = []
        var line = 1
        var column = 1
        for character in marked {
            if character == marker {
                marks.append((line, column))
                continue
            }
            text.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (text, marks)
    }

    func expect(_ marked: String, code: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let (text, marks) = Self.unmark(marked)
        let result = ManifestLoader().load(sources: [ManifestSource(path: "m.yaml", text: text)])
        let found = result.diagnostics.filter { $0.code == code }.compactMap(\.location).map { ($0.line, $0.column) }
        #expect(found.count == marks.count, "\(ManifestFixtures.text(result))", sourceLocation: sourceLocation)
        for (actual, expected) in zip(found, marks) {
            #expect(actual == expected, "\(ManifestFixtures.text(result))", sourceLocation: sourceLocation)
        }
    }

    static let customer = """
        apiVersion: cspctl/v1
        customers:
          - domain: contoso.onmicrosoft.com
            companyName: Contoso
            billing:
              email: ap@contoso.com
              culture: en-US
              language: en
              address: { addressLine1: 1 Main St, city: Redmond, country: US }

        """

    @Test func unknownKeyPointsAtTheKey() {
        expect(Self.customer + "    ‸spendingBugdet: 10\n", code: "unknown_key")
    }

    @Test func misspeltRolePointsAtTheRole() {
        expect(Self.customer + "    gdap: { name: x, roles: [Global Reader, ‸Helpdesk Admin] }\n", code: "unknown_role")
    }

    @Test func globalAdministratorAutoExtendPointsAtAutoExtend() {
        expect(
            Self.customer + "    gdap: { name: x, autoExtend: ‸P180D, roles: [Global Administrator] }\n",
            code: "global_admin_auto_extend"
        )
    }

    @Test func termBillingPointsAtTheBillingCycle() {
        expect(
            Self.customer + """
                    subscriptions:
                      - { nickname: a, offer: CFQ7TTC0LH18:0001, quantity: 1, termDuration: P1M, billingCycle: ‸annual }

                """,
            code: "invalid_term_billing"
        )
    }

    @Test func wrongTypePointsAtTheValue() {
        expect(Self.customer + "    spendingBudget: ‸[1, 2]\n", code: "wrong_type")
    }

    @Test func duplicateCustomerNamesBothPlaces() throws {
        let (text, _) = Self.unmark(Self.customer)
        let result = ManifestLoader().load(sources: [
            ManifestSource(path: "a.yaml", text: text), ManifestSource(path: "b.yaml", text: text),
        ])
        let duplicate = try #require(result.diagnostics.first { $0.code == "duplicate_customer" })
        #expect(duplicate.location == PartnerCenterModel.SourceLocation(file: "b.yaml", line: 3, column: 13))
        #expect(
            duplicate.notes.first?.location == PartnerCenterModel.SourceLocation(file: "a.yaml", line: 3, column: 13)
        )
    }
}
