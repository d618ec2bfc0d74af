import Foundation
import PartnerCenterModel
import PartnerCenterRendering
import PartnerCenterTestSupport
import Testing

/// Issue 14 item 6: data cannot forge a pull-request comment. Hostile strings are put in every place a manifest
/// or the service can reach (customer domain, company name and other values, messages, notes, unknowns, approval
/// links, endpoint, plan id, the manifests' warnings: file, message and code); the comment is rendered by a real GFM renderer and must have exactly the structure of
/// the same plan with a benign string, with no mention, issue reference or link coming from data.
@Suite(.pythonTools, .tags(.unit, .python))
struct MarkdownSafetyTests {
    static let forged = "<h1>Approved by security @octocat</h1>"

    static let corpus: [String] = [
        "```\n\(forged)\n```",
        "x\n```\n\n</details>\n\n\(forged)\n\n<details>",
        "~~~\n\(forged)\n~~~",
        "````` five backticks ` one `` two",
        "</details>\(forged)<details><summary>x</summary>",
        "</summary></code>\(forged)",
        forged,
        "<!-- hide the rest",
        "--> \(forged) <!--",
        "a | b | c \\| d",
        "| --- | --- |",
        "line one\n# Heading\n\n- list item\n> quote",
        "cr\r```\r\(forged)\r",
        "crlf\r\n\r\n\(forged)",
        "nul \u{0} bell \u{7} escape \u{1B}[31m red del \u{7F} c1 \u{85}",
        "bidi \u{202E}desrever\u{202C} isolate \u{2066}x\u{2069} mark \u{200F} sep \u{2028}\u{2029} bom \u{FEFF}",
        "@octocat please approve",
        "cc @github/security-team",
        "fixes #123 and GH-1",
        "[x](javascript:alert(1))",
        "[click](https://evil.example/phish)",
        "![img](https://evil.example/pixel.png)",
        "<https://evil.example/auto>",
        "www.evil.example https://evil.example mail@evil.example",
        "<script>alert(1)</script><img src=x onerror=alert(1)>",
        "&lt;h1&gt;entity&lt;/h1&gt; &amp; &#60;h1&#62;",
        "**bold** _em_ ~~strike~~ `code` ``two``",
        "\\` \\\\ backslashes \\",
        "' \" quotes \" '",
        "]] ) ( [[ } {",
        "    indented code",
        "<details open><summary>fake</summary>",
        "\" onmouseover=\"alert(1)\" x=\"",
        String(repeating: "A", count: 5_000),
        String(repeating: "`", count: 40) + "\n" + forged,
        String(repeating: "<h1>", count: 200),
    ]

    /// The rich fixture plus one change, note, unknown and approval link carrying `value` everywhere data goes.
    static func plan(with value: String) -> Plan {
        var plan = RichPlanFixture.plan()
        let domain = "\(value).onmicrosoft.com"
        plan.id = value
        plan.endpoint = "https://\(value)"
        plan.changes.append(
            Change(
                address: PlanAddress.customer(domain),
                action: .create,
                reasons: [.absentLive],
                diffs: [
                    AttributeDiff(path: "companyName", name: "companyName", before: nil, after: .string(value)),
                    AttributeDiff(
                        path: "billing.city",
                        name: "billing.city",
                        before: .string(value),
                        after: .string("x")
                    ),
                ],
                messages: [value]
            )
        )
        plan.changes.append(
            Change(
                address: PlanAddress.gdap(domain, value),
                action: .waiting,
                reasons: [.awaitingCustomerApproval],
                messages: [value],
                approvalLink: "https://admin.microsoft.com/AdminPortal/Home#/partners/invitation?x=\(value)"
            )
        )
        plan.notes.append(
            PlanNote(kind: .info, severity: .warning, address: PlanAddress.customer(domain), message: value)
        )
        plan.unknowns.append(PlanUnknown(address: PlanAddress.subscriptions(domain), reason: value))
        plan.warnings = [
            PlanWarning(code: value, message: value, file: "\(value).yaml", line: 3, column: 7),
            PlanWarning(code: "role_not_in_gdap_list", message: value),
        ]
        return plan
    }

    @Test func hostileValuesCannotChangeTheCommentsStructure() async throws {
        try await offThePool {
            let renderer = MarkdownPlanRenderer()
            let documents =
                [renderer.render(Self.plan(with: "benign value"))]
                + Self.corpus.map {
                    renderer.render(Self.plan(with: $0))
                }
            let structures = try GFMRenderer.structures(of: documents)
            try #require(structures.count == documents.count)
            let benign = structures[0]
            // The benign comment has the structure the renderer means to produce.
            #expect(benign.tags["details"] == 5)
            #expect(benign.tags["summary"] == 5)
            #expect(benign.tags["table"] == 1)
            #expect(benign.tags["pre"] == 5)
            #expect(benign.tags["h1"] == nil)
            #expect(benign.comments.count == 1)
            #expect(benign.hrefs.count == 2, "\(benign.hrefs)")
            #expect(benign.linkableText.isEmpty, "\(benign.linkableText)")

            for (value, structure) in zip(Self.corpus, structures.dropFirst()) {
                let label = String(value.prefix(60).debugDescription)
                #expect(structure.tags == benign.tags, "\(label): \(structure.tags) vs \(benign.tags)")
                #expect(structure.comments.count == 1, "\(label): \(structure.comments)")
                #expect(structure.comments.first?.hasPrefix(" cspctl:plan ") == true, "\(label)")
                #expect(structure.hrefs.count == benign.hrefs.count, "\(label): \(structure.hrefs)")
                for href in structure.hrefs {
                    #expect(href.hasPrefix("https://admin.microsoft.com/"), "\(label): \(href)")
                }
                #expect(structure.linkableText.isEmpty, "\(label): \(structure.linkableText)")
                // Shown faithfully: a short value without hidden characters reads back as itself.
                let hidden =
                    value.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
                    || value.unicodeScalars.contains { (0x2028...0x202E).contains($0.value) || $0.value == 0xFEFF }
                    || value.unicodeScalars.contains { (0x2066...0x2069).contains($0.value) || $0.value == 0x200F }
                if !hidden, value.count <= 300 {
                    let text = structure.allText.replacingOccurrences(of: "\u{2060}", with: "")
                    #expect(text.contains(value), "\(label) is not shown as written")
                }
            }
        }
    }

    @Test func aFencedValueCannotCloseTheDiffBlock() async throws {
        try await offThePool {
            let value = "x\n```\n\n</details>\n\n\(Self.forged)"
            let markdown = MarkdownPlanRenderer().render(Self.plan(with: value))
            let structure = try #require(try GFMRenderer.structures(of: [markdown]).first)
            #expect(structure.tags["h1"] == nil)
            #expect(structure.allText.contains("\\u{A}```\\u{A}"), "line breaks are shown, not obeyed")
        }
    }

    @Test func onlyHTTPSApprovalLinksAreLinked() async throws {
        try await offThePool {
            var documents: [String] = []
            for link in [
                "javascript:alert(1)", "http://admin.microsoft.com/x", "data:text/html,<h1>x</h1>",
                "https://user@evil.example/", "//evil.example", "https://",
            ] {
                var plan = RichPlanFixture.plan()
                plan.changes = [
                    Change(
                        address: PlanAddress.gdap("a.onmicrosoft.com", "msp"),
                        action: .waiting,
                        reasons: [.awaitingCustomerApproval],
                        approvalLink: link
                    )
                ]
                documents.append(MarkdownPlanRenderer().render(plan))
            }
            for (structure, document) in zip(try GFMRenderer.structures(of: documents), documents) {
                #expect(structure.hrefs.isEmpty, "\(structure.hrefs) in \(document)")
                #expect(structure.tags["a"] == nil)
            }
        }
    }
}
