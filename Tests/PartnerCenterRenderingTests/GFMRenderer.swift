import Foundation
import PartnerCenterTestSupport
import Testing

/// Renders Markdown with a real GitHub-flavoured Markdown renderer (Python's `cmarkgfm`, the cmark-gfm library
/// GitHub uses; `markdown-it-py` with tables when cmarkgfm is missing) and reports the structure of the HTML:
/// element counts, comments, link targets, the text outside `code`/`pre`/`a` (where GitHub links mentions and
/// issue references) and all text. `.ci/run` installs cmarkgfm; a missing module fails the tests unless
/// `CSPCTL_SKIP_PYTHON_TESTS=1` (see `PythonTools`).
enum GFMRenderer {
    struct Structure: Decodable, Equatable {
        var tags: [String: Int]
        var comments: [String]
        var hrefs: [String]
        var looseText: [String]
        var allText: String
    }

    private static let script = #"""
        import json, sys
        from html.parser import HTMLParser
        try:
            import cmarkgfm
            from cmarkgfm.cmark import Options
            def render(text):
                # Unsafe: keep raw HTML in the output, so that HTML coming from data would show up here.
                return cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)
        except ImportError:
            from markdown_it import MarkdownIt
            md = MarkdownIt("gfm-like", {"html": True, "linkify": False})
            def render(text):
                return md.render(text)

        class Walk(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.tags, self.comments, self.hrefs, self.loose, self.all = {}, [], [], [], []
                self.stack = []
            def handle_starttag(self, tag, attrs):
                self.tags[tag] = self.tags.get(tag, 0) + 1
                for name, value in attrs:
                    if name in ("href", "src"):
                        self.hrefs.append(value or "")
                if tag not in ("br", "hr", "img", "input"):
                    self.stack.append(tag)
            def handle_startendtag(self, tag, attrs):
                self.tags[tag] = self.tags.get(tag, 0) + 1
                for name, value in attrs:
                    if name in ("href", "src"):
                        self.hrefs.append(value or "")
            def handle_endtag(self, tag):
                if tag in self.stack:
                    while self.stack and self.stack.pop() != tag:
                        pass
            def handle_comment(self, data):
                self.comments.append(data)
            def handle_data(self, data):
                self.all.append(data)
                if not any(t in ("code", "pre", "a") for t in self.stack):
                    self.loose.append(data)

        out = []
        for path in sys.argv[1:]:
            with open(path, encoding="utf-8") as f:
                html = render(f.read())
            w = Walk()
            w.feed(html)
            w.close()
            out.append({"tags": w.tags, "comments": w.comments, "hrefs": w.hrefs, "looseText": w.loose,
                        "allText": "".join(w.all)})
        print(json.dumps(out))
        """#

    /// The structure of each document, in order (one Python process for all of them).
    static func structures(of documents: [String]) throws -> [Structure] {
        try requireRenderer()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gfm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (index, document) in documents.enumerated() {
            let url = folder.appendingPathComponent("\(index).md")
            try Data(document.utf8).write(to: url)
            paths.append(url.path)
        }
        let result = try PythonTools.run(["-c", script] + paths)
        guard result.status == 0 else {
            throw RenderFailure(description: "the GFM renderer failed (pip install cmarkgfm): \(result.errors)")
        }
        return try JSONDecoder().decode([Structure].self, from: Data(result.output.utf8))
    }

    struct RenderFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// cmark-gfm, or markdown-it-py where only that is installed; with neither, the test fails.
    private static func requireRenderer() throws {
        do {
            try PythonTools.require(["cmarkgfm"])
        } catch let missing {
            guard (try? PythonTools.require(["markdown_it"])) != nil else { throw missing }
        }
    }
}

extension GFMRenderer.Structure {
    /// Text outside code, pre and links that GitHub turns into a mention or an issue reference after rendering
    /// (URLs and e-mail addresses are linked by cmark-gfm's autolink extension itself: they show in `hrefs`).
    var linkableText: [String] {
        let pattern = #"(^|[^A-Za-z0-9_])@[A-Za-z0-9]|(^|[^A-Za-z0-9_&])#[0-9]"#
        return looseText.filter { $0.range(of: pattern, options: .regularExpression) != nil }
    }
}
