import Foundation
import PartnerCenterModel
import PartnerCenterRendering
import PartnerCenterTestSupport
import Testing

@Suite(.tags(.unit), .offThePool) struct PlanRendererTests {
    @Test func textSnapshot() {
        assertSnapshot(TextPlanRenderer().render(RichPlanFixture.plan()), named: "rich-plan.txt")
    }

    @Test func jsonSnapshot() {
        assertSnapshot(JSONPlanRenderer().render(RichPlanFixture.plan()), named: "rich-plan.json")
    }

    @Test func markdownSnapshot() {
        assertSnapshot(MarkdownPlanRenderer().render(RichPlanFixture.plan()), named: "rich-plan.md")
    }

    @Test func textHasNoEscapeCodesUnlessColourIsOn() {
        let plan = RichPlanFixture.plan()
        #expect(!TextPlanRenderer(color: .off).render(plan).contains("\u{1B}"))
        #expect(!OutputFormat.text.planRenderer().render(plan).contains("\u{1B}"))
        #expect(!MarkdownPlanRenderer().render(plan).contains("\u{1B}"))
        #expect(!JSONPlanRenderer().render(plan).contains("\u{1B}"))
        let coloured = TextPlanRenderer(color: .on).render(plan)
        #expect(coloured.contains("\u{1B}[32m+"))
        // Colour only decorates: stripping it gives the plain rendering back.
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9]+m", with: "", options: .regularExpression)
        #expect(stripped == TextPlanRenderer(color: .off).render(plan))
    }

    @Test(arguments: [
        (ColorMode.Choice.auto, true, [String: String](), ColorMode.on),
        (.auto, false, [:], .off),
        (.auto, true, ["NO_COLOR": "1"], .off),
        (.auto, true, ["NO_COLOR": ""], .on),
        (.always, false, ["NO_COLOR": "1"], .on),
        (.never, true, [:], .off),
    ])
    func colourModeFollowsTheTerminalAndNO_COLOR(
        choice: ColorMode.Choice,
        isTerminal: Bool,
        environment: [String: String],
        expected: ColorMode
    ) {
        #expect(ColorMode.resolve(choice: choice, isTerminal: isTerminal, environment: environment) == expected)
    }

    @Test func textSummaryCountsEveryAction() {
        let text = TextPlanRenderer().render(RichPlanFixture.plan())
        #expect(
            text.hasSuffix(
                "Plan: 3 to create, 3 to update, 1 to replace, 1 to remove, 2 blocked, 2 waiting, 1 unknown.\n"
            )
        )
        #expect(text.contains("# (3 unchanged attributes hidden)"))
        #expect(text.contains("(irreversible)"))
    }

    @Test func inSyncOnlyWhenEverythingWasRead() {
        var plan = RichPlanFixture.plan()
        plan.changes = []
        plan.notes = []
        let unknown = TextPlanRenderer().render(plan)
        #expect(unknown.hasSuffix("Partner Center may not match the manifests.\n"))
        plan.unknowns = []
        #expect(TextPlanRenderer().render(plan).hasSuffix("No changes. Partner Center matches the manifests.\n"))
        #expect(MarkdownPlanRenderer().render(plan).contains("**No changes. Partner Center matches the manifests.**"))
    }

    @Test func markdownStaysUnderTheCommentLimitAndSaysItSummarised() {
        let large = RichPlanFixture.large(customers: 3_000)
        let markdown = MarkdownPlanRenderer().render(large)
        #expect(markdown.utf8.count <= MarkdownPlanRenderer.characterLimitDefault)
        #expect(markdown.contains("too large for one comment"))
        #expect(markdown.contains("**Plan: 3000 to create,"))
        let small = MarkdownPlanRenderer().render(RichPlanFixture.plan())
        #expect(!small.contains("too large"))
        #expect(small.contains("<details>"))
    }

    @Test func markdownForAHugePlanKeepsTheLimit() {
        let huge = RichPlanFixture.large(customers: 20_000)
        let markdown = MarkdownPlanRenderer().render(huge)
        #expect(markdown.utf8.count <= MarkdownPlanRenderer.characterLimitDefault)
        #expect(markdown.contains("more customers"))
    }

    @Test func markdownEscapesHTMLFromLiveText() {
        let markdown = MarkdownPlanRenderer().render(RichPlanFixture.plan())
        #expect(markdown.contains(#"\(\<policy\>\)"#))
        #expect(!markdown.contains("<policy>"))
    }

    @Test func jsonRoundTripsToTheSamePlan() throws {
        let plan = RichPlanFixture.plan()
        let decoded = try JSONPlanRenderer.decode(JSONPlanRenderer.encode(plan))
        #expect(decoded == plan)
    }

    @Test func handWrittenJSONIsTheCodableForm() throws {
        let plan = RichPlanFixture.plan()
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let codable = try JSONSerialization.jsonObject(with: encoder.encode(plan)) as? NSDictionary
        let written = try JSONSerialization.jsonObject(with: JSONPlanRenderer.encode(plan)) as? NSDictionary
        #expect(codable != nil)
        #expect(codable == written)
    }

    @Test func jsonEscapesStrings() throws {
        var plan = RichPlanFixture.plan()
        plan.endpoint = "quote \" backslash \\ newline \n tab \t bell \u{07} é"
        let decoded = try JSONPlanRenderer.decode(JSONPlanRenderer.encode(plan))
        #expect(decoded.endpoint == plan.endpoint)
    }

    @Test func fingerprintKeysAreInByteOrder() throws {
        var plan = RichPlanFixture.plan()
        plan.fingerprints = [
            "customer[a]/billing": "1", "customer[a-b]": "2", "customer[a]": "3", "customer[ab]/subscription[z]": "4",
            "customer[ab]/budget": "5", "customer[a]/subscription[x]": "6",
        ]
        let text = JSONPlanRenderer().render(plan)
        let order = plan.fingerprints.keys.compactMap { key in
            text.range(of: "\"\(key)\":").map { (key, $0.lowerBound) }
        }
        .sorted { $0.1 < $1.1 }.map(\.0)
        #expect(order == plan.fingerprints.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    @Test func jsonIsDeterministic() {
        let plan = RichPlanFixture.plan()
        #expect(JSONPlanRenderer().render(plan) == JSONPlanRenderer().render(plan.sorted()))
    }
}
