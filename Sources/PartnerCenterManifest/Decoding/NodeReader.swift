import Foundation
import PartnerCenterModel

/// Reads one file's Yams nodes into located values, collecting diagnostics for wrong shapes.
///
/// Counts every node it visits: aliases are expanded into shared copies, so a small file can describe an
/// exponential tree (an "alias bomb"). The composer refuses a document whose aliases stand for more than a fixed
/// number of nodes (`YAMLComposer.maximumExpandedNodes`) and counts the tree's nodes; the reader's budget is that
/// count, a second line of defence: past it the reader reports one located error and stops descending.
final class NodeReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    private var remaining: Int
    private let budget: Int
    private(set) var exhausted = false

    /// Twice the nodes in the tree (a key is read once as a key and may be looked at again) plus room for the
    /// decoder's own look-ups: never reached by a tree the composer accepted, whose size is bounded absolutely.
    static func nodeBudget(forNodeCount count: Int) -> Int { 2 * count + 1_000 }

    init(file: String, budget: Int) {
        self.file = file
        self.remaining = budget
        self.budget = budget
    }

    func emit(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    func location(_ node: YAMLNode) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    /// Charges one node visit; false once the budget is spent (after reporting it once).
    func visit(_ node: YAMLNode) -> Bool {
        guard !exhausted else { return false }
        remaining -= 1
        if remaining < 0 {
            exhausted = true
            emit(ManifestMessage.aliasExpansion(limit: budget, at: location(node)))
            return false
        }
        return true
    }

    static func describe(_ node: YAMLNode) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let scalar): ScalarKind.of(scalar).description
        }
    }

    // MARK: Mappings

    /// The entries of a mapping whose keys are checked against `object`'s keys. Unknown keys are reported with a
    /// suggestion and left out. Nil (after reporting) when `node` is not a mapping.
    func mapping(
        _ node: YAMLNode,
        _ object: ManifestObject,
        path: @autoclosure () -> String
    ) -> MappingEntries? {
        guard visit(node) else { return nil }
        guard case .mapping(let mapping) = node else {
            emit(
                ManifestMessage.wrongType(
                    path(),
                    expected: "a mapping (key: value lines)",
                    found: Self.describe(node),
                    at: location(node)
                )
            )
            return nil
        }
        var entries = MappingEntries(capacity: mapping.pairs.count)
        let allowed = object.keySet
        for (key, value) in mapping.pairs {
            guard visit(key) else { return nil }
            guard case .scalar(let scalar) = key else {
                emit(ManifestMessage.nonStringKey(at: location(key)))
                continue
            }
            let name = scalar.string
            if allowed.contains(name) {
                entries.set(name, value)
            } else {
                let suggestion = EditDistance.closest(to: name, in: object.keys)
                emit(ManifestMessage.unknownKey(name, in: object, suggestion: suggestion, at: location(key)))
            }
        }
        return entries
    }

    /// The items of a list; nil (after reporting) when `node` is not a list. `null` counts as an empty list.
    func sequence(_ node: YAMLNode, path: @autoclosure () -> String) -> [YAMLNode]? {
        guard visit(node) else { return nil }
        switch node {
        case .sequence(let sequence): return sequence.nodes
        case .scalar(let scalar) where ScalarKind.of(scalar) == .null: return []
        default:
            emit(ManifestMessage.wrongType(path(), expected: "a list", found: Self.describe(node), at: location(node)))
            return nil
        }
    }

    // MARK: Scalars

    private func scalar(
        _ node: YAMLNode,
        path: @autoclosure () -> String,
        expected: String
    ) -> (YAMLScalar, ScalarKind)? {
        guard visit(node) else { return nil }
        guard case .scalar(let scalar) = node else {
            emit(ManifestMessage.wrongType(path(), expected: expected, found: Self.describe(node), at: location(node)))
            return nil
        }
        return (scalar, ScalarKind.of(scalar))
    }

    func string(_ node: YAMLNode, path: @autoclosure () -> String) -> Located<String>? {
        guard let (scalar, kind) = scalar(node, path: path(), expected: "a string") else { return nil }
        guard kind == .string else {
            let hint =
                kind == .null
                ? "give a value, or leave the key out"
                : "quote it: \(path().split(separator: ".").last ?? ""): \"\(ManifestMessage.shown(scalar.string))\""
            emit(
                ManifestMessage.wrongType(
                    path(),
                    expected: "a string",
                    found: "\(kind.description) (\(scalar.string))",
                    hint: hint,
                    at: location(node)
                )
            )
            return nil
        }
        return Located(value: scalar.string, location: location(node))
    }

    /// A date (`2027-06-30`), written plain or quoted.
    func date(_ node: YAMLNode, path: @autoclosure () -> String) -> Located<String>? {
        guard let (scalar, kind) = scalar(node, path: path(), expected: "a date (YYYY-MM-DD)") else { return nil }
        guard kind == .string || kind == .timestamp else {
            emit(
                ManifestMessage.wrongType(
                    path(),
                    expected: "a date (YYYY-MM-DD)",
                    found: kind.description,
                    at: location(node)
                )
            )
            return nil
        }
        return Located(value: scalar.string, location: location(node))
    }

    func bool(_ node: YAMLNode, path: @autoclosure () -> String) -> Located<Bool>? {
        guard let (scalar, kind) = scalar(node, path: path(), expected: "true or false") else { return nil }
        guard case .bool(let value) = kind else {
            emit(
                ManifestMessage.wrongType(
                    path(),
                    expected: "true or false",
                    found: "\(kind.description) (\(scalar.string))",
                    at: location(node)
                )
            )
            return nil
        }
        return Located(value: value, location: location(node))
    }

    func int(_ node: YAMLNode, path: @autoclosure () -> String) -> Located<Int>? {
        guard let (scalar, kind) = scalar(node, path: path(), expected: "a whole number") else { return nil }
        let digits = Self.withoutUnderscores(scalar.string)
        guard kind == .int, let value = Int(digits, radix: 10) else {
            let found =
                kind == .int ? "an integer out of range (\(scalar.string))" : "\(kind.description) (\(scalar.string))"
            emit(ManifestMessage.wrongType(path(), expected: "a whole number", found: found, at: location(node)))
            return nil
        }
        return Located(value: value, location: location(node))
    }

    func decimal(_ node: YAMLNode, path: @autoclosure () -> String) -> Located<Decimal>? {
        guard let (scalar, kind) = scalar(node, path: path(), expected: "a number") else { return nil }
        let text = Self.withoutUnderscores(scalar.string)
        guard kind == .int || kind == .float, text.count <= 40, let value = Decimal(string: text),
            !value.isNaN,
            text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E" })
        else {
            emit(
                ManifestMessage.wrongType(
                    path(),
                    expected: "a number",
                    found: "\(kind.description) (\(scalar.string))",
                    at: location(node)
                )
            )
            return nil
        }
        return Located(value: value, location: location(node))
    }

    /// YAML 1.1 digit separators (`1_000`) removed; the text itself when it has none (the usual case:
    /// Foundation's `replacingOccurrences` costs a bridge per call). Byte by byte for ASCII text, where that is
    /// what Foundation does; Foundation for anything else (an explicitly tagged `!!int` may hold any text).
    private static func withoutUnderscores(_ text: String) -> String {
        guard text.utf8.contains(0x5F) else { return text }
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.replacingOccurrences(of: "_", with: "") }
        return String(decoding: text.utf8.filter { $0 != 0x5F }, as: UTF8.self)
    }

    /// The string at `key` of a mapping's entries, if written.
    func string(
        _ entries: MappingEntries,
        _ key: String,
        in path: @autoclosure () -> String
    )
        -> Located<String>?
    {
        entries[key].flatMap { string($0.value, path: "\(path()).\(key)") }
    }

    /// A list of strings (`roles: [Global Reader, …]`).
    func stringList(_ node: YAMLNode, path: @autoclosure () -> String) -> LocatedList? {
        guard let items = sequence(node, path: path()) else { return nil }
        var values: [Located<String>] = []
        for (index, item) in items.enumerated() {
            if let value = string(item, path: "\(path())[\(index)]") { values.append(value) }
        }
        return Located(value: values, location: location(node))
    }
}

/// A mapping's entries whose keys the object accepts, in document order. A handful per mapping, so a linear
/// search beats hashing; a key written twice keeps its last value, as a dictionary would.
struct MappingEntries {
    struct Entry {
        var value: YAMLNode
    }

    /// The accepted keys written, in document order.
    private(set) var keys: [String] = []
    private var values: [YAMLNode] = []

    init(capacity: Int) {
        keys.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    subscript(_ key: String) -> Entry? { keys.firstIndex(of: key).map { Entry(value: values[$0]) } }

    mutating func set(_ key: String, _ value: YAMLNode) {
        if let index = keys.firstIndex(of: key) {
            values[index] = value
        } else {
            keys.append(key)
            values.append(value)
        }
    }

    /// Each key with its value, in document order.
    var entries: Zip2Sequence<[String], [YAMLNode]> { zip(keys, values) }
}
