import PartnerCenterModel
import Yams

/// Bytes → one Yams `Node` tree with marks, or located diagnostics. Never throws, never traps.
enum ManifestParsing {
    /// Manifests are small; anything larger is refused before parsing.
    static let maximumFileSize = 64 * 1_048_576

    static func parse(path: String, bytes: [UInt8]) -> (root: Node?, diagnostics: [Diagnostic]) {
        let start = SourceLocation(file: path, line: 1, column: 1)
        guard bytes.count <= maximumFileSize else {
            return (nil, [ManifestMessage.tooLarge(at: start, limit: maximumFileSize)])
        }
        if let bad = InputGuards.firstInvalidUTF8(bytes) {
            return (
                nil, [ManifestMessage.invalidUTF8(at: SourceLocation(file: path, line: bad.line, column: bad.column))]
            )
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let text = String(decoding: body, as: UTF8.self)
        if text.allSatisfy({ $0.isWhitespace }) {
            return (nil, [ManifestMessage.emptyFile(at: start)])
        }
        if let deep = InputGuards.excessiveNesting(text) {
            let location = SourceLocation(file: path, line: deep.line, column: deep.column)
            return (nil, [ManifestMessage.nestingTooDeep(limit: InputGuards.maximumNesting, at: location)])
        }
        do {
            // `.basic`: no implicit typing by regular expressions (slow, and YAML 1.1 surprises such as `NO` →
            // false are reported by the decoder with a hint instead). Plain scalars are classified by
            // `ScalarKind`. `.utf8` given explicitly: Yams' default encoding reads the whole process environment
            // (`YAMS_DEFAULT_ENCODING`) on every parser, a tenth of the time on a 10,000-file tree.
            let parser = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
            guard let root = try parser.nextRoot() else { return (nil, [ManifestMessage.emptyFile(at: start)]) }
            if let second = try parser.nextRoot() {
                let location = second.mark.map { SourceLocation(file: path, line: $0.line, column: $0.column) } ?? start
                return (root, [ManifestMessage.multipleDocuments(at: location)])
            }
            return (root, [])
        } catch let error as YamlError {
            return (nil, [diagnostic(for: error, path: path, text: text)])
        } catch {
            return (nil, [ManifestMessage.yamlSyntax("\(error)", at: start)])
        }
    }

    private static func diagnostic(for error: YamlError, path: String, text: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: path, line: mark.line, column: mark.column) }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            var message = problem
            if let context { message = "\(context.text) at \(context.mark.line):\(context.mark.column): \(problem)" }
            if problem.contains("tab")
                || text.split(separator: "\n").dropFirst(max(0, mark.line - 1)).first?
                    .contains("\t") == true
            {
                return .error(
                    "yaml_syntax",
                    "YAML syntax error: \(message)",
                    detail: "YAML indentation uses spaces; tabs are not allowed there",
                    at: at(mark)
                )
            }
            return ManifestMessage.yamlSyntax(message, at: at(mark))
        case let .reader(problem, offset, _, _):
            let (line, column) = lineAndColumn(ofCharacterOffset: offset ?? 0, in: text)
            return ManifestMessage.yamlSyntax(problem, at: SourceLocation(file: path, line: line, column: column))
        case let .duplicatedKeysInMapping(duplicates, context):
            return ManifestMessage.duplicateYAMLKey(duplicates.sorted(), at: at(context.mark))
        default:
            return ManifestMessage.yamlSyntax("\(error)", at: SourceLocation(file: path, line: 1, column: 1))
        }
    }

    private static func lineAndColumn(ofCharacterOffset offset: Int, in text: String) -> (Int, Int) {
        var line = 1
        var column = 1
        for (index, character) in text.enumerated() {
            if index >= offset { break }
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
