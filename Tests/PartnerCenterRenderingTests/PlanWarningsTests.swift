import Foundation
import PartnerCenterModel
import PartnerCenterRendering
import PartnerCenterTestSupport
import Testing

extension RichPlanFixture {
    /// Two validation warnings as the manifest loader reports them: one at a place, one about no one place.
    static let warnings = [
        PlanWarning(
            code: "role_not_in_gdap_list",
            message: "'Fleet Manager' is not in Microsoft's GDAP role template list; Partner Center may reject it",
            file: "manifests/contoso.yaml",
            line: 12,
            column: 9
        ),
        PlanWarning(code: "skipped_file", message: "skipped manifests/pipe.yaml: a FIFO (named pipe)"),
    ]

    /// A small plan (one customer to create) carrying ``warnings``: what the warnings snapshots show.
    static func planWithWarnings() -> Plan {
        var plan = RichPlanFixture.plan()
        plan.changes = plan.changes.filter { $0.address == PlanAddress.customer(contoso) }
        plan.notes = []
        plan.unknowns = []
        plan.fingerprints = [PlanAddress.customer(contoso): "absent"]
        plan.warnings = warnings
        return plan
    }
}

/// Issue 14 item 7: the manifests' validation warnings are in the plan (JSON, Markdown, text, a saved plan), not
/// only on the stderr of the run that made it.
@Suite(.tags(.unit)) struct PlanWarningsTests {
    @Test func textSnapshot() {
        assertSnapshot(TextPlanRenderer().render(RichPlanFixture.planWithWarnings()), named: "warnings-plan.txt")
    }

    @Test func jsonSnapshot() {
        assertSnapshot(JSONPlanRenderer().render(RichPlanFixture.planWithWarnings()), named: "warnings-plan.json")
    }

    @Test func markdownSnapshot() {
        assertSnapshot(MarkdownPlanRenderer().render(RichPlanFixture.planWithWarnings()), named: "warnings-plan.md")
    }

    @Test func markdownListsWarningsNearTheTopBeforeTheTable() throws {
        let markdown = MarkdownPlanRenderer().render(RichPlanFixture.planWithWarnings())
        let section = try #require(markdown.range(of: "### ⚠️ Manifest warnings: 2"))
        let table = try #require(markdown.range(of: "| Customer |"))
        #expect(section.lowerBound < table.lowerBound)
        #expect(markdown.contains("- `manifests/contoso.yaml:12:9`: \\'Fleet Manager\\' is not in"))
        #expect(markdown.contains("(`role_not_in_gdap_list`)"))
    }

    @Test func manyWarningsAreCountedNotAllListedInAComment() {
        var plan = RichPlanFixture.planWithWarnings()
        plan.warnings = (1...5_000).map { (index: Int) in
            PlanWarning(
                code: "role_not_in_gdap_list",
                message: "warning \(index)",
                file: "m.yaml",
                line: index,
                column: 1
            )
        }
        let markdown = MarkdownPlanRenderer().render(plan)
        #expect(markdown.utf8.count <= MarkdownPlanRenderer.characterLimitDefault)
        #expect(markdown.contains("### ⚠️ Manifest warnings: 5000"))
        #expect(markdown.contains("- `m.yaml:1:1`: warning 1 "))
        #expect(markdown.contains(" more: run `cspctl validate` for all of them"))
        #expect(!markdown.contains("warning 5000 "))
    }

    @Test func jsonCarriesWarningsAndReadsThemBack() throws {
        let plan = RichPlanFixture.planWithWarnings()
        let json = JSONPlanRenderer().render(plan)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let warnings = try #require(object["warnings"] as? [[String: Any]])
        #expect(warnings.count == 2)
        #expect(warnings[0]["file"] as? String == "manifests/contoso.yaml")
        #expect(warnings[0]["line"] as? Int == 12)
        #expect(warnings[0]["column"] as? Int == 9)
        #expect(warnings[0]["code"] as? String == "role_not_in_gdap_list")
        #expect(warnings[1]["file"] == nil, "a warning about no one place has no file")
        #expect(try JSONPlanRenderer.decode(Data(json.utf8)) == plan)
    }

    @Test func aPlanWithoutWarningsHasNoWarningsKey() throws {
        let json = JSONPlanRenderer().render(RichPlanFixture.plan())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["warnings"] == nil)
        #expect(try JSONPlanRenderer.decode(Data(json.utf8)).warnings.isEmpty)
    }

    @Test func textShowsControlCharactersInWarningsAsText() {
        var plan = RichPlanFixture.planWithWarnings()
        plan.warnings = [
            PlanWarning(code: "x", message: "red \u{1B}[31m\nline", file: "a\u{7}.yaml", line: 1, column: 2)
        ]
        let text = TextPlanRenderer().render(plan)
        #expect(!text.contains("\u{1B}"))
        #expect(!text.contains("\u{7}"))
        #expect(text.contains("  - a\\u{7}.yaml:1:2: warning: red \\u{1B}[31m\\u{A}line [x]"))
    }

    @Test func diagnosticsBecomeWarningsWithTheirPlace() {
        let diagnostics = [
            Diagnostic.error("e", "an error", at: SourceLocation(file: "a.yaml", line: 1, column: 1)),
            Diagnostic.warning(
                "w",
                "a warning",
                detail: "did you mean 'x'?",
                at: SourceLocation(file: "a.yaml", line: 3, column: 5)
            ),
        ]
        #expect(
            PlanWarning.warnings(in: diagnostics) == [
                PlanWarning(code: "w", message: "a warning (did you mean 'x'?)", file: "a.yaml", line: 3, column: 5)
            ]
        )
    }
}
