import Yams

/// What a scalar's text means under YAML 1.1 implicit typing (as PyYAML and most editors read it), classified
/// without regular expressions. Quoted scalars are always strings.
enum ScalarKind: Equatable {
    case string
    case null
    case bool(Bool)
    case int
    case float
    case timestamp

    var description: String {
        switch self {
        case .string: "a string"
        case .null: "nothing (null)"
        case .bool: "a boolean"
        case .int: "an integer"
        case .float: "a number"
        case .timestamp: "a date"
        }
    }

    static func of(_ scalar: YAMLScalar) -> ScalarKind {
        let tag = Tag.Name(rawValue: scalar.tag)
        if tag != .implicit {
            switch tag {
            case .str: return .string
            case .null: return .null
            case .bool: return .bool(["true", "yes", "on"].contains(scalar.string.lowercased()))
            case .int: return .int
            case .float: return .float
            case .timestamp: return .timestamp
            default: return .string
            }
        }
        guard scalar.isPlain else { return .string }
        return of(plain: scalar.string)
    }

    static func of(plain text: String) -> ScalarKind {
        // Most scalars are words or sentences: decide on the first byte before any string comparison.
        guard let first = text.utf8.first else { return .null }
        switch first {
        case 0x30...0x39:
            // A digit: a number or a date, never one of the words below.
            guard text.utf8.count <= 40 else { return .string }
            return number(Array(text.utf8))
        // ~ . + - n N y Y t T f F o O
        case 0x7E, 0x2E, 0x2B, 0x2D, 0x6E, 0x4E, 0x79, 0x59, 0x74, 0x54, 0x66, 0x46, 0x6F, 0x4F:
            break
        default:
            return .string
        }
        guard text.utf8.count <= 40 else { return .string }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return .bool(true)
        case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
            return .float
        default: break
        }
        guard first == 0x2B || first == 0x2D || first == 0x2E else { return .string }
        return number(Array(text.utf8))
    }

    /// Text starting with a digit, a sign or a dot: an integer, a float, a date or else a string.
    private static func number(_ bytes: [UInt8]) -> ScalarKind {
        if isInt(bytes) { return .int }
        if isFloat(bytes) { return .float }
        if isTimestamp(bytes) { return .timestamp }
        return .string
    }

    private static func isInt(_ bytes: [UInt8]) -> Bool {
        var body = bytes[...]
        if let sign = body.first, sign == 0x2B || sign == 0x2D { body = body.dropFirst() }
        guard let first = body.first else { return false }
        let digits = { (set: (UInt8) -> Bool, part: ArraySlice<UInt8>) in !part.isEmpty && part.allSatisfy(set) }
        // Prefixes compared byte by byte: `starts(with: Array("0b".utf8))` made two arrays per number.
        let prefix = { (letter: UInt8) in body.count >= 2 && first == 0x30 && body[body.startIndex + 1] == letter }
        if prefix(0x62) {
            return digits({ $0 == 0x30 || $0 == 0x31 || $0 == 0x5F }, body.dropFirst(2))
        }
        if prefix(0x78) {
            return digits(
                {
                    ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46) || $0 == 0x5F
                },
                body.dropFirst(2)
            )
        }
        if first == 0x30 {
            return body.count == 1 || digits({ ($0 >= 0x30 && $0 <= 0x37) || $0 == 0x5F }, body.dropFirst())
        }
        return digits({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }, body)
    }

    private static func isFloat(_ bytes: [UInt8]) -> Bool {
        var body = bytes[...]
        if let sign = body.first, sign == 0x2B || sign == 0x2D { body = body.dropFirst() }
        guard let dot = body.firstIndex(of: 0x2E) else { return false }
        let whole = body[body.startIndex..<dot]
        var rest = body[body.index(after: dot)...]
        let isDigitOrUnderscore = { (b: UInt8) in (b >= 0x30 && b <= 0x39) || b == 0x5F }
        if whole.isEmpty {
            guard let first = rest.first, first >= 0x30 && first <= 0x39 else { return false }
        } else {
            guard let first = whole.first, first >= 0x30 && first <= 0x39, whole.allSatisfy(isDigitOrUnderscore)
            else { return false }
        }
        let fraction = rest.prefix { isDigitOrUnderscore($0) }
        rest = rest.dropFirst(fraction.count)
        if rest.isEmpty { return true }
        guard let e = rest.first, e == 0x65 || e == 0x45 else { return false }
        rest = rest.dropFirst()
        guard let sign = rest.first, sign == 0x2B || sign == 0x2D else { return false }
        rest = rest.dropFirst()
        return !rest.isEmpty && rest.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private static func isTimestamp(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 8, bytes.count <= 40 else { return false }
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        guard bytes.prefix(4).allSatisfy(isDigit), bytes[4] == 0x2D else { return false }
        // YYYY-MM-DD (the only form manifests use); longer date-times are treated as timestamps too.
        if bytes.count == 10 {
            return isDigit(bytes[5]) && isDigit(bytes[6]) && bytes[7] == 0x2D && isDigit(bytes[8]) && isDigit(bytes[9])
        }
        return bytes.count > 10 && bytes.contains(0x3A)
            && (bytes.contains(0x54) || bytes.contains(0x74) || bytes.contains(0x20))
    }
}
