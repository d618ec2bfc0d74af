import Foundation

/// Escapes values from manifests and from the service for the place they land in a GitHub-flavoured Markdown
/// comment, so that no value can add structure (headings, HTML, links, mentions, table cells, closed code blocks).
///
/// Every escape first makes the value one visible line (`oneLine`): line breaks, other control characters and
/// bidirectional overrides become `\u{…}` text, and very long values are shortened. Then:
/// - code block lines need nothing more: the fence is chosen longer than any backtick run (`fence`);
/// - code spans take a backtick delimiter longer than any run inside, and `|` is escaped in table cells;
/// - HTML (the `<summary>` element) escapes `& < > " '`;
/// - plain text escapes every ASCII punctuation character and puts a WORD JOINER (U+2060) after `@` and `#`, so
///   neither a mention, an e-mail autolink nor an issue reference can be formed (GitHub links those on the
///   rendered text, after Markdown escapes are gone).
/// - links are only `https` URLs, percent-encoded outside the RFC 3986 URL characters (`httpsURL`).
enum MarkdownEscape {
    /// Longest value shown whole; longer ones are cut and say how much was left out.
    static let maximumLength = 300

    /// One visible line of text: no line breaks, control characters or bidirectional controls; at most
    /// `maximumLength` characters.
    static func oneLine(_ value: String) -> String {
        var out = ""
        var count = 0
        var scalars = value.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if count >= maximumLength {
                var rest = 1
                while scalars.next() != nil { rest += 1 }
                out += "…(\(rest) more characters)"
                break
            }
            if isHidden(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }

    /// Control characters (C0, DEL, C1), line and paragraph separators, bidirectional marks, embeddings,
    /// overrides and isolates, and the byte-order mark.
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }

    /// A code span holding `value` literally; `inTable` escapes `|`, which GFM splits cells on even in code.
    static func code(_ value: String, inTable: Bool = false) -> String {
        var text = oneLine(value)
        if inTable { text = text.replacingOccurrences(of: "|", with: "\\|") }
        if text.isEmpty { return "` `" }
        let delimiter = String(repeating: "`", count: longestRun(of: "`", in: text) + 1)
        let padded = text.hasPrefix("`") || text.hasSuffix("`") || text.hasPrefix(" ") || text.hasSuffix(" ")
        return padded ? "\(delimiter) \(text) \(delimiter)" : "\(delimiter)\(text)\(delimiter)"
    }

    /// Text for an HTML element's content or a quoted attribute.
    static func html(_ value: String) -> String {
        var out = ""
        for character in oneLine(value) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// The characters CommonMark lets a backslash escape.
    private static let asciiPunctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars)

    /// Plain Markdown text that renders as exactly these characters, with nothing linked or mentioned.
    static func text(_ value: String, inTable: Bool = false) -> String {
        var out = ""
        for scalar in oneLine(value).unicodeScalars {
            if asciiPunctuation.contains(scalar) { out += "\\" }
            out.unicodeScalars.append(scalar)
            if scalar == "@" || scalar == "#" { out += "\u{2060}" }
        }
        return out
    }

    /// The fence for a code block holding `lines`: backticks, one more than the longest run inside (at least 3).
    static func fence(for lines: [String]) -> String {
        let longest = lines.map { longestRun(of: "`", in: $0) }.max() ?? 0
        return String(repeating: "`", count: max(3, longest + 1))
    }

    /// `value` as a link destination when it is an absolute `https` URL with a host; nil otherwise (a link the
    /// service sends with another scheme is shown as text, never linked). Everything outside the unreserved and
    /// reserved URL characters is percent-encoded (control and bidirectional
    /// characters included), and so are `(`, `)`, `[`, `]`, `'` and `*`, which Markdown could read as the end of
    /// the link.
    static func httpsURL(_ value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("https://") else { return nil }
        let afterScheme = trimmed.dropFirst("https://".count)
        let host = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, !host.contains("@"), !host.contains(" ") else { return nil }
        let allowed = Set(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#@!$&+,;=%".unicodeScalars
        )
        var out = ""
        for byte in trimmed.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, allowed.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }

    private static func longestRun(of character: Character, in text: String) -> Int {
        var longest = 0
        var current = 0
        for c in text {
            if c == character {
                current += 1
                longest = max(longest, current)
            } else {
                current = 0
            }
        }
        return longest
    }
}
