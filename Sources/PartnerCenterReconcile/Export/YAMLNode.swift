import Foundation

/// The YAML `cspctl export` writes, as a small tree rendered in one fixed style: block mappings and sequences,
/// short lists of plain scalars in flow style, comments on their own lines, every string quoted unless it is
/// plainly safe. Written by hand rather than with Yams: libyaml's emitter has no comment events, and an export
/// is read by people who need to know what was left out (docs/performance.md).
package indirect enum YAMLNode: Sendable, Hashable {
    /// A string, quoted when YAML could read it as anything else.
    case string(String)
    /// A number or boolean, written as is.
    case literal(String)
    /// Strings in flow style (`[a, b]`), each quoted as needed.
    case flowList([String])
    case sequence([YAMLNode])
    case mapping([YAMLEntry])

    package static func bool(_ value: Bool) -> YAMLNode { .literal(value ? "true" : "false") }
    package static func int(_ value: Int) -> YAMLNode { .literal(String(value)) }
}

/// One key of a mapping, with comment lines written above it.
package struct YAMLEntry: Sendable, Hashable {
    package var key: String
    package var value: YAMLNode
    package var comments: [String]

    package init(_ key: String, _ value: YAMLNode, comments: [String] = []) {
        self.key = key
        self.value = value
        self.comments = comments
    }
}

extension YAMLNode {
    /// The node's lines, indented by `indent` spaces; a mapping or sequence at the top level.
    package func lines(indent: Int = 0) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch self {
        case .string, .literal, .flowList:
            return [pad + inline]
        case .sequence(let items):
            return items.flatMap { item -> [String] in
                let inner = item.lines(indent: 0)
                guard let first = inner.first else { return [] }
                return [pad + "- " + first] + inner.dropFirst().map { pad + "  " + $0 }
            }
        case .mapping(let entries):
            return entries.flatMap { entry -> [String] in
                var result = entry.comments.map { pad + YAMLText.comment($0) }
                let key = pad + YAMLText.scalar(entry.key) + ":"
                switch entry.value {
                case .string, .literal, .flowList:
                    result.append(key + " " + entry.value.inline)
                case .sequence(let items) where items.isEmpty:
                    result.append(key + " []")
                case .mapping(let inner) where inner.isEmpty:
                    result.append(key + " {}")
                case .sequence:
                    result.append(key)
                    result += entry.value.lines(indent: indent + 2)
                case .mapping:
                    result.append(key)
                    result += entry.value.lines(indent: indent + 2)
                }
                return result
            }
        }
    }

    private var inline: String {
        switch self {
        case .string(let text): return YAMLText.scalar(text)
        case .literal(let text): return text
        case .flowList(let items):
            return "[" + items.map { YAMLText.scalar($0, inFlow: true) }.joined(separator: ", ") + "]"
        case .sequence, .mapping: return ""
        }
    }
}

/// Scalars and comments as the export writes them: a string is plain only when it is made of characters that can't
/// start or end a YAML construct and can't be read as another type; anything else is double-quoted with every
/// control character, line break and non-character escaped, so it reads back as exactly the same string.
package enum YAMLText {
    /// Words YAML 1.1 or 1.2 reads as booleans or null, compared without case.
    private static let specialWords: Set<String> = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    ]

    package static func scalar(_ text: String, inFlow: Bool = false) -> String {
        isPlainSafe(text, inFlow: inFlow) ? text : quoted(text)
    }

    /// `# text`: a comment never holds a line break or a control character (strings from the service are quoted
    /// by the callers; this is the last guard).
    package static func comment(_ text: String) -> String {
        var line = "# "
        for scalar in text.unicodeScalars {
            if isControl(scalar) { line += escape(scalar) } else { line.unicodeScalars.append(scalar) }
        }
        return line.trimmingTrailingSpaces
    }

    package static func isPlainSafe(_ text: String, inFlow: Bool = false) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        if isGUID(text) { return true }
        // Letters, digits and a few punctuation marks; `:` and `,` only outside flow lists (libyaml ends a flow
        // scalar at them); never `#`, quotes or brackets.
        let extra: [UInt8] = inFlow ? Array(" -_.@/+()".utf8) : Array(" -_.@/+:(),".utf8)
        for byte in text.utf8 {
            let alnum = (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
            guard alnum || extra.contains(byte) else { return false }
        }
        let isLetter = (first | 0x20) >= 0x61 && (first | 0x20) <= 0x7A
        guard isLetter || first == 0x5F || first == 0x2F else { return false }  // digits, `-`, `.` … may be numbers
        guard last != 0x20, last != 0x3A else { return false }
        guard !text.contains(": "), !text.contains("  ") else { return false }
        return !specialWords.contains(text.lowercased())
    }

    /// A YAML double-quoted scalar.
    package static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default:
                if isControl(scalar) { result += escape(scalar) } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result + "\""
    }

    /// C0 and C1 controls, DEL, the Unicode line and paragraph separators, the byte-order mark and non-characters:
    /// what a YAML parser would fold, reject or strip.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
            || value == 0xFEFF || (0xFFF0...0xFFFF).contains(value)
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x0A: return "\\n"
        case 0x09: return "\\t"
        case 0x0D: return "\\r"
        case 0x00: return "\\0"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return scalar.value <= 0xFF
                ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                : "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
    }

    /// 8-4-4-4-12 hexadecimal digits: written plain, and what an access assignment's group must be.
    static func isGUID(_ text: String) -> Bool {
        guard text.utf8.count == 36 else { return false }
        for (index, byte) in text.utf8.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == 0x2D else { return false }
            } else {
                let hex = (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66)
                guard hex else { return false }
            }
        }
        return true
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
