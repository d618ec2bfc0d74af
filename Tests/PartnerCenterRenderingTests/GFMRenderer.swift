import Foundation
import Testing

/// Renders Markdown with a real GitHub-flavoured Markdown renderer (Python's `cmarkgfm`, the cmark-gfm library
/// GitHub uses; `markdown-it-py` with tables when cmarkgfm is missing) and reports the structure of the HTML:
/// element counts, comments, link targets, the text outside `code`/`pre`/`a` (where GitHub links mentions and
/// issue references) and all text. `.ci/run` installs cmarkgfm; with `CI=true` a missing module fails the tests.
enum GFMRenderer {
    struct Structure: Decodable, Equatable {
        var tags: [String: Int]
        var comments: [String]
        var hrefs: [String]
        var looseText: [String]
        var allText: String
    }

    static let available: Bool = (try? python(["-c", importCheck]).status) == 0

    /// Run the tests when the renderer is installed, and always on CI (where its absence must fail).
    static let shouldRun = available || ProcessInfo.processInfo.environment["CI"] == "true"

    private static let importCheck = """
        try:
            import cmarkgfm
        except ImportError:
            import markdown_it
        """

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
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gfm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (index, document) in documents.enumerated() {
            let url = folder.appendingPathComponent("\(index).md")
            try Data(document.utf8).write(to: url)
            paths.append(url.path)
        }
        let result = try python(["-c", script] + paths)
        guard result.status == 0 else {
            throw RenderFailure(description: "the GFM renderer failed (pip install cmarkgfm): \(result.output)")
        }
        return try JSONDecoder().decode([Structure].self, from: Data(result.output.utf8))
    }

    struct RenderFailure: Error, CustomStringConvertible {
        var description: String
    }

    private static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let errorsURL = FileManager.default.temporaryDirectory.appendingPathComponent("gfm-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errorsURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorsURL) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorsURL)
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = process.terminationStatus == 0 ? data : (try? Data(contentsOf: errorsURL)) ?? Data()
        return (process.terminationStatus, String(decoding: text, as: UTF8.self))
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
