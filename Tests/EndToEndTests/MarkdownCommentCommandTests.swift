import Foundation
import PartnerCenterTestSupport
import Testing

/// Issue 14 item 6 through the binary: `cspctl plan --format markdown` against the emulator with a manifest whose
/// company name tries to close the diff block and the `<details>` and post a heading with a mention. The comment
/// is rendered by cmark-gfm (GitHub's Markdown library, Python `cmarkgfm`, installed by `.ci/run`); a missing
/// module fails the test unless `CSPCTL_SKIP_PYTHON_TESTS=1` (see `PythonTools`).
@Suite(.pythonTools, .tags(.endToEnd, .python))
struct MarkdownCommentCommandTests {
    let cli = CLIRunner()

    static let hostileName = "```\n</details>\n\n<h1>Approved by security @octocat</h1>\n\n<details>\r~~~ | cell | <!--"

    @Test func hostileCompanyNameCannotForgeTheComment() async throws {
        try await offThePool {
            let folder = try PlanFixtures.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let state = folder.appendingPathComponent("state/emulator.json")
            let manifest = folder.appendingPathComponent("hostile.yaml")
            // A JSON string is a YAML double-quoted scalar: the newlines and CR reach the company name as written.
            let encoder = JSONEncoder()
            encoder.outputFormatting = .withoutEscapingSlashes
            let quoted = String(decoding: try encoder.encode(Self.hostileName), as: UTF8.self)
            let text = PlanFixtures.inSyncManifest("hostile.onmicrosoft.com")
                .replacingOccurrences(
                    of: "companyName: Company hostile.onmicrosoft.com",
                    with: "companyName: \(quoted)"
                )
            #expect(text.contains("\\n</details>"))
            try PlanFixtures.write(text, to: manifest)

            let output = try await cli.run([
                "plan", manifest.path, "--emulator", "--emulator-state", state.path, "--format", "markdown",
            ])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stdout.contains("companyName: "), "the hostile value is in the plan")

            let html = try CMarkGFM.renderHTML(output.stdout)
            #expect(!html.contains("<h1"), "\(html)")
            #expect(html.components(separatedBy: "<details>").count - 1 == 1, "\(html)")
            #expect(html.components(separatedBy: "<pre").count - 1 == 1, "\(html)")
            #expect(html.components(separatedBy: "<table>").count - 1 == 1, "\(html)")
            #expect(html.components(separatedBy: "<!--").count - 1 == 1, "only the plan marker: \(html)")
            // The heading text only appears escaped, inside the one code block.
            let pre = html.range(of: "<pre")
            let post = html.range(of: "</pre>")
            let forged = html.range(of: "&lt;h1&gt;Approved by security @octocat&lt;/h1&gt;")
            #expect(pre != nil && post != nil && forged != nil)
            if let pre, let post, let forged {
                #expect(pre.upperBound < forged.lowerBound && forged.upperBound < post.lowerBound)
            }
        }
    }
}

/// GitHub-flavoured Markdown to HTML with cmark-gfm (the library GitHub uses), through Python's `cmarkgfm`.
enum CMarkGFM {
    static func renderHTML(_ markdown: String) throws -> String {
        try PythonTools.require(["cmarkgfm"])
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("comment-\(UUID().uuidString).md")
        try Data(markdown.utf8).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let result = try PythonTools.run([
            "-c",
            """
            import sys, cmarkgfm
            from cmarkgfm.cmark import Options
            text = open(sys.argv[1], encoding="utf-8").read()
            sys.stdout.write(cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE))
            """,
            input.path,
        ])
        guard result.status == 0 else { throw RenderFailure(errors: result.errors) }
        return result.output
    }

    struct RenderFailure: Error, CustomStringConvertible {
        var errors: String
        var description: String { "cmark-gfm failed: \(errors)" }
    }
}
