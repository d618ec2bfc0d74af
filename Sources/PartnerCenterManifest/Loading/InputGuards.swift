import PartnerCenterModel

/// Checks run on a file's bytes before the YAML parser sees them, so hostile input gets a located error instead
/// of a crash: invalid UTF-8, and nesting deep enough to exhaust the parser's recursion.
enum InputGuards {
    /// Deeper than any real manifest (about 7 levels) by a wide margin, shallow enough for the recursive composer.
    static let maximumNesting = 64

    /// The 1-based line and column of the first byte that is not valid UTF-8, or nil when the bytes are valid.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (line: Int, column: Int)? {
        // ASCII (almost every manifest) is valid UTF-8, and is checked eight bytes at a time.
        guard !isASCII(bytes) else { return nil }
        var index = 0
        var line = 1
        var column = 1
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            var length = 0
            if byte < 0x80 {
                length = 1
            } else if byte >= 0xC2 && byte <= 0xDF {
                length = 2
            } else if byte >= 0xE0 && byte <= 0xEF {
                length = 3
            } else if byte >= 0xF0 && byte <= 0xF4 {
                length = 4
            } else {
                return (line, column)
            }
            guard index + length <= count else { return (line, column) }
            for offset in 1..<max(length, 1) where bytes[index + offset] & 0xC0 != 0x80 {
                return (line, column)
            }
            if length == 3 {
                let second = bytes[index + 1]
                if (byte == 0xE0 && second < 0xA0) || (byte == 0xED && second > 0x9F) { return (line, column) }
            } else if length == 4 {
                let second = bytes[index + 1]
                if (byte == 0xF0 && second < 0x90) || (byte == 0xF4 && second > 0x8F) { return (line, column) }
            }
            if byte == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += length
        }
        return nil
    }

    static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var any: UInt64 = 0
            var index = 0
            while index + 8 <= raw.count {
                any |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                index += 8
            }
            while index < raw.count {
                any |= UInt64(raw[index])
                index += 1
            }
            return any & 0x8080_8080_8080_8080 == 0
        }
    }

    /// Whether the text is empty or only whitespace (`Character.isWhitespace`): decided on the bytes up to the
    /// first that is not ASCII whitespace; when that one is not ASCII, the whole text is left to `Character`.
    static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
        for byte in bytes {
            switch byte {
            case 0x09...0x0D, 0x20: continue
            case 0x80...: return String(decoding: bytes, as: UTF8.self).allSatisfy { $0.isWhitespace }
            default: return false
            }
        }
        return true
    }

    /// A bound on every depth the estimate below computes, in one quick pass: its enclosing indentation levels
    /// are distinct leading-space counts (at most the largest plus one), and each `- ` entry or flow bracket it adds
    /// is a `-`, `?`, `[` or `{` byte. Ordinary manifests are far below the limit and skip the line-by-line estimate.
    private static func depthBound(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var deepestIndent = 0
        var indent = 0
        var atLineStart = true
        var marks = 0
        for byte in bytes {
            if byte == 0x0A {
                atLineStart = true
                indent = 0
            } else if atLineStart && byte == 0x20 {
                indent += 1
                deepestIndent = max(deepestIndent, indent)
            } else {
                atLineStart = false
                if byte == 0x2D || byte == 0x3F || byte == 0x5B || byte == 0x7B { marks += 1 }
            }
        }
        return deepestIndent + 1 + marks
    }

    /// `excessiveNesting` of the text these UTF-8 bytes hold.
    static func excessiveNesting(_ bytes: ArraySlice<UInt8>, limit: Int = maximumNesting) -> (line: Int, column: Int)? {
        bytes.withUnsafeBufferPointer { excessiveNesting(bytes: $0, limit: limit) }
    }

    /// The first place where the structure is estimated to nest deeper than `maximumNesting`, or nil.
    ///
    /// The estimate counts, per line, the enclosing block indentation levels, the `- ` sequence entries and `? `
    /// explicit keys that open on the line and the open flow brackets (`[`, `{`) outside quotes and comments.
    /// It is a quick first refusal, before libyaml reads the file, not the guard: a `"` inside a plain scalar
    /// looks like a quote to it, so it can underestimate. `YAMLComposer` enforces the limit exactly on the
    /// parser's events.
    static func excessiveNesting(_ text: String, limit: Int = maximumNesting) -> (line: Int, column: Int)? {
        // On the string's own UTF-8 storage: splitting it into line substrings cost more than the check.
        if let found = text.utf8.withContiguousStorageIfAvailable({ excessiveNesting(bytes: $0, limit: limit) }) {
            return found
        }
        return Array(text.utf8).withUnsafeBufferPointer { excessiveNesting(bytes: $0, limit: limit) }
    }

    private static func excessiveNesting(bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> (line: Int, column: Int)? {
        guard depthBound(bytes) > limit else { return nil }
        var indents: [Int] = []
        var flowDepth = 0
        var lineNumber = 0
        var lineStart = 0
        let count = bytes.count
        while lineStart <= count {
            var lineEnd = lineStart
            while lineEnd < count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            lineNumber += 1
            var position = lineStart
            var indent = 0
            while position < lineEnd, bytes[position] == 0x20 {
                indent += 1
                position += 1
            }
            guard position < lineEnd, bytes[position] != 0x23, bytes[position] != 0x0D else { continue }
            if flowDepth == 0 {
                while let last = indents.last, last >= indent { indents.removeLast() }
                indents.append(indent)
            }
            var depth = indents.count + flowDepth
            var column = indent + 1
            var quote: UInt8? = nil
            var previous: UInt8 = 0x20
            var atLineStart = true
            while position < lineEnd {
                let byte = bytes[position]
                if let open = quote {
                    if byte == open { quote = nil }
                } else {
                    switch byte {
                    case 0x22, 0x27:
                        if previous == 0x20 || previous == 0x5B || previous == 0x7B || previous == 0x2C
                            || previous == 0x3A
                        {
                            quote = byte
                        }
                        atLineStart = false
                    case 0x23:
                        if previous == 0x20 || previous == 0x09 {
                            position = lineEnd
                            continue
                        }
                        atLineStart = false
                    case 0x2D where atLineStart, 0x3F where atLineStart:
                        // `- ` opens a list entry, `? ` an explicit key: each can nest on one line.
                        depth += 1
                    case 0x5B, 0x7B:
                        flowDepth += 1
                        depth += 1
                        atLineStart = false
                    case 0x5D, 0x7D:
                        flowDepth = max(0, flowDepth - 1)
                        atLineStart = false
                    case 0x20:
                        break
                    default:
                        atLineStart = false
                    }
                }
                if depth > limit { return (lineNumber, column) }
                previous = byte
                column += 1
                position += 1
            }
        }
        return nil
    }
}
