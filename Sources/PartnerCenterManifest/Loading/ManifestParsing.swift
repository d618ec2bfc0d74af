import PartnerCenterModel

/// Bytes → one `YAMLNode` tree with marks, or located diagnostics. Never throws, never traps.
enum ManifestParsing {
    /// Manifests are small; anything larger is refused before parsing.
    static let maximumFileSize = 64 * 1_048_576

    /// The root node, the number of nodes in its tree (aliases expanded: at most the nodes written plus
    /// `YAMLComposer.maximumExpandedNodes`), and the diagnostics.
    static func parse(path: String, bytes: [UInt8]) -> (root: YAMLNode?, nodeCount: Int, diagnostics: [Diagnostic]) {
        let (root, diagnostics, nodeCount) = compose(path: path, bytes: bytes)
        return (root, nodeCount, diagnostics)
    }

    private static func compose(path: String, bytes: [UInt8]) -> (YAMLNode?, [Diagnostic], Int) {
        let start = SourceLocation(file: path, line: 1, column: 1)
        guard bytes.count <= maximumFileSize else {
            return (nil, [ManifestMessage.tooLarge(at: start, limit: maximumFileSize, size: bytes.count)], 0)
        }
        if let bad = InputGuards.firstInvalidUTF8(bytes) {
            return (
                nil, [ManifestMessage.invalidUTF8(at: SourceLocation(file: path, line: bad.line, column: bad.column))],
                0
            )
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        // On the bytes: the text as a `String` is made only for a syntax error's message.
        if InputGuards.isBlank(body) {
            return (nil, [ManifestMessage.emptyFile(at: start)], 0)
        }
        if let deep = InputGuards.excessiveNesting(body) {
            let location = SourceLocation(file: path, line: deep.line, column: deep.column)
            return (nil, [ManifestMessage.nestingTooDeep(limit: InputGuards.maximumNesting, at: location)], 0)
        }
        do {
            // Plain scalars are classified by `ScalarKind` (YAML 1.1 surprises such as `NO` → false are reported
            // by the decoder with a hint), not by regular expressions.
            let composer = try YAMLComposer(bytes: body)
            guard let root = try composer.nextRoot() else { return (nil, [ManifestMessage.emptyFile(at: start)], 0) }
            let nodeCount = composer.nodeCount
            if let second = try composer.nextRoot() {
                let location = SourceLocation(file: path, line: second.mark.line, column: second.mark.column)
                return (root, [ManifestMessage.multipleDocuments(at: location)], nodeCount)
            }
            return (root, [], nodeCount)
        } catch {
            return (nil, [diagnostic(for: error, path: path, text: String(decoding: body, as: UTF8.self))], 0)
        }
    }

    private static func diagnostic(for error: YAMLComposeError, path: String, text: String) -> Diagnostic {
        func at(_ mark: YAMLMark) -> SourceLocation { SourceLocation(file: path, line: mark.line, column: mark.column) }
        switch error {
        case let .syntax(_, context, problem, mark):
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
        case let .reader(problem, byteOffset):
            // As Yams reports it: the offset in characters, when the byte offset falls on one.
            let offset = text.utf8.index(text.utf8.startIndex, offsetBy: byteOffset, limitedBy: text.utf8.endIndex)?
                .samePosition(in: text).map { text.distance(from: text.startIndex, to: $0) }
            let (line, column) = lineAndColumn(ofCharacterOffset: offset ?? 0, in: text)
            return ManifestMessage.yamlSyntax(problem, at: SourceLocation(file: path, line: line, column: column))
        case let .duplicateKeys(duplicates, mark):
            return ManifestMessage.duplicateYAMLKey(duplicates.sorted(), at: at(mark))
        case .nestingTooDeep(let mark):
            return ManifestMessage.nestingTooDeep(limit: YAMLComposer.maximumDepth, at: at(mark))
        case let .aliasLimit(limit, mark):
            return ManifestMessage.aliasLimit(limit, at: at(mark))
        case .memory:
            return ManifestMessage.yamlSyntax("Memory error", at: SourceLocation(file: path, line: 1, column: 1))
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
