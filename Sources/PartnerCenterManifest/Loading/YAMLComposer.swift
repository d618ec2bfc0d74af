// libyaml's event API, from the package's own copy (Vendor/CLibYAML/README.md says why not Yams' internal CYaml;
// the YAMLComposerAgreementTests compare the composer with Yams' own on every run).
import CLibYAML
import Yams

/// A YAML node as the decoder reads it: a value with the 1-based line and column where it starts.
///
/// Composed by `YAMLComposer` from libyaml's events (the parser under Yams) instead of Yams' `Node`: building a
/// `Node` costs a tag object, a weak anchor reference and generic dispatch per value, which was the largest part
/// of `validate` on a large tree. Aliases are resolved to the anchored node, as Yams does.
enum YAMLNode: Sendable {
    case scalar(YAMLScalar)
    case mapping(YAMLMapping)
    case sequence(YAMLSequence)

    var mark: YAMLMark {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .mapping(let mapping): mapping.mark
        case .sequence(let sequence): sequence.mark
        }
    }
}

/// A 1-based position, as libyaml counts it (columns in Unicode scalars).
struct YAMLMark: Sendable {
    var line: Int
    var column: Int
}

struct YAMLScalar: Sendable {
    var string: String
    /// The explicit tag (`tag:yaml.org,2002:str` for a quoted scalar, as Yams gives it); empty when implicit.
    var tag: String
    /// Written plain (unquoted, not a block scalar): only then does YAML 1.1 implicit typing apply.
    var isPlain: Bool
    var mark: YAMLMark
    /// Non-zero for a node written with an anchor (and for its copies made by aliases).
    var anchorID: Int = 0
}

struct YAMLMapping: Sendable {
    var pairs: [(key: YAMLNode, value: YAMLNode)]
    var tag: String
    var mark: YAMLMark
    var anchorID: Int = 0
}

struct YAMLSequence: Sendable {
    var nodes: [YAMLNode]
    var tag: String
    var mark: YAMLMark
    var anchorID: Int = 0
}

/// Why composing failed, with what `ManifestParsing` needs to report it as Yams' `YamlError` would have.
enum YAMLComposeError: Error {
    enum Stage { case scanner, parser, composer }
    /// libyaml's scanner or parser, or an undefined alias (composer).
    case syntax(Stage, context: (text: String, mark: YAMLMark)?, problem: String, mark: YAMLMark)
    /// libyaml's reader; the offset is in bytes.
    case reader(problem: String, byteOffset: Int)
    case duplicateKeys([String], mark: YAMLMark)
    case memory
    /// Collections nested deeper than `YAMLComposer.maximumDepth`, at the first one too deep.
    case nestingTooDeep(mark: YAMLMark)
    /// Aliases used more than `YAMLComposer.maximumAliasUses` times, or expanding to more than
    /// `YAMLComposer.maximumExpandedNodes` nodes, at the alias that went past the limit.
    case aliasLimit(AliasLimit, mark: YAMLMark)

    enum AliasLimit: Equatable { case uses, expandedNodes }
}

/// libyaml events → `YAMLNode` trees, one document at a time; the same tree and errors as Yams' `Parser`
/// (`compose`) gives, without its per-node objects.
final class YAMLComposer {
    /// The deepest nesting of mappings and lists composed: the documented limit, checked here on the events
    /// themselves, so no way of writing the structure (flow brackets, `? ` keys, quotes inside plain scalars) gets
    /// past it. `InputGuards.excessiveNesting` only refuses most deep files before libyaml reads them.
    static let maximumDepth = InputGuards.maximumNesting
    /// Fixed bounds on aliases per document, whatever the file's size (padding a file must not raise them): an
    /// ordinary manifest uses an anchor for a shared `gdap` or `billing` block a few hundred times at most.
    static let maximumAliasUses = 10_000
    /// The nodes all aliases of a document stand for together (each alias counts its anchor's whole tree,
    /// aliases within it expanded): what an "alias bomb" multiplies. The tree the decoder walks is at most the
    /// nodes written plus this.
    static let maximumExpandedNodes = 250_000

    private var parser = yaml_parser_t()
    private let input: UnsafeMutableBufferPointer<UInt8>
    /// Each anchor's node and the number of nodes in its tree (aliases within it expanded).
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    private var anchorCount = 0
    private var depth = 0
    private(set) var aliasUses = 0
    private(set) var expandedNodes = 0
    /// Nodes in the trees composed so far, aliases expanded: what the decoder will walk.
    private(set) var nodeCount = 0
    /// Anchored nodes that were (or were inside) a mapping key: see `resolveKeyTags`.
    private var resolvedAnchors: Set<Int> = []

    init(bytes: some Collection<UInt8>) throws(YAMLComposeError) {
        input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
        _ = input.initialize(from: bytes)
        yaml_parser_initialize(&parser)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, input.baseAddress, bytes.count)
        _ = try next()  // the stream start
    }

    deinit {
        yaml_parser_delete(&parser)
        input.deallocate()
    }

    /// The next document's root, or nil at the end of the stream.
    func nextRoot() throws(YAMLComposeError) -> YAMLNode? {
        guard parser.stream_end_produced == 0 else { return nil }
        guard try next().type != YAML_STREAM_END_EVENT else { return nil }
        let (composed, size) = try node(from: next())
        var root = composed
        nodeCount += size
        _ = try next()  // the document end
        if !resolvedAnchors.isEmpty { root = Self.resolvingTags(of: root, anchored: resolvedAnchors) }
        return root
    }

    /// Yams resolves the tag of every mapping key in place while it checks for duplicates (implicit becomes
    /// `str`, `map` or `seq`), and a node an alias copies shares its tag object, so an anchored key read again
    /// through an alias is a string, never a number. Rare (an anchor on a key): the tree is only walked again
    /// when it happened.
    private func noteKey(_ node: YAMLNode) {
        switch node {
        case .scalar(let scalar):
            if scalar.anchorID != 0 { resolvedAnchors.insert(scalar.anchorID) }
        case .mapping(let mapping):
            if mapping.anchorID != 0 { resolvedAnchors.insert(mapping.anchorID) }
            for pair in mapping.pairs {
                noteKey(pair.key)
                noteKey(pair.value)
            }
        case .sequence(let sequence):
            if sequence.anchorID != 0 { resolvedAnchors.insert(sequence.anchorID) }
            for item in sequence.nodes { noteKey(item) }
        }
    }

    private static func resolvingTags(of node: YAMLNode, anchored: Set<Int>, inside: Bool = false) -> YAMLNode {
        func resolved(_ tag: String, _ name: Tag.Name) -> String {
            tag.isEmpty || tag == Tag.Name.nonSpecific.rawValue ? name.rawValue : tag
        }
        switch node {
        case .scalar(var scalar):
            if inside || anchored.contains(scalar.anchorID) { scalar.tag = resolved(scalar.tag, .str) }
            return .scalar(scalar)
        case .mapping(var mapping):
            let resolve = inside || anchored.contains(mapping.anchorID)
            if resolve { mapping.tag = resolved(mapping.tag, .map) }
            mapping.pairs = mapping.pairs.map {
                (
                    resolvingTags(of: $0.key, anchored: anchored, inside: resolve),
                    resolvingTags(of: $0.value, anchored: anchored, inside: resolve)
                )
            }
            return .mapping(mapping)
        case .sequence(var sequence):
            let resolve = inside || anchored.contains(sequence.anchorID)
            if resolve { sequence.tag = resolved(sequence.tag, .seq) }
            sequence.nodes = sequence.nodes.map { resolvingTags(of: $0, anchored: anchored, inside: resolve) }
            return .sequence(sequence)
        }
    }

    // MARK: Events

    /// One event's data, copied out so the libyaml event is freed at once.
    private struct Event {
        var type: yaml_event_type_t
        var mark: YAMLMark
        var anchor: String?
        var tag: String
        var value: String
        var isPlain: Bool
    }

    private func next() throws(YAMLComposeError) -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { throw failure() }
        defer { yaml_event_delete(&event) }
        var result = Event(
            type: event.type,
            mark: YAMLMark(line: event.start_mark.line + 1, column: event.start_mark.column + 1),
            anchor: nil,
            tag: "",
            value: "",
            isPlain: false
        )
        switch event.type {
        case YAML_ALIAS_EVENT:
            result.anchor = Self.string(event.data.alias.anchor)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            result.anchor = Self.string(scalar.anchor)
            result.tag = scalar.quoted_implicit == 1 ? Tag.Name.str.rawValue : Self.string(scalar.tag) ?? ""
            result.value = String(
                decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length),
                as: UTF8.self
            )
            result.isPlain = scalar.style == YAML_PLAIN_SCALAR_STYLE || scalar.style == YAML_ANY_SCALAR_STYLE
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            result.anchor = Self.string(start.anchor)
            result.tag = start.implicit != 0 ? "" : Self.string(start.tag) ?? ""
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            result.anchor = Self.string(start.anchor)
            result.tag = start.implicit != 0 ? "" : Self.string(start.tag) ?? ""
        default:
            break
        }
        return result
    }

    private static func string(_ pointer: UnsafeMutablePointer<UInt8>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private func failure() -> YAMLComposeError {
        func mark(_ mark: yaml_mark_t) -> YAMLMark { YAMLMark(line: mark.line + 1, column: mark.column + 1) }
        let problem = parser.problem.map { String(cString: $0) } ?? ""
        let context = parser.context.map { (text: String(cString: $0), mark: mark(parser.context_mark)) }
        switch parser.error {
        case YAML_MEMORY_ERROR: return .memory
        case YAML_READER_ERROR: return .reader(problem: problem, byteOffset: parser.problem_offset)
        case YAML_SCANNER_ERROR:
            return .syntax(.scanner, context: context, problem: problem, mark: mark(parser.problem_mark))
        default: return .syntax(.parser, context: context, problem: problem, mark: mark(parser.problem_mark))
        }
    }

    // MARK: Nodes

    /// `event` is consumed: each event is read once, so passing it on moves its strings instead of copying them.
    /// Returns the node and the number of nodes in its tree (aliases within it expanded).
    private func node(from event: consuming Event) throws(YAMLComposeError) -> (YAMLNode, Int) {
        let node: YAMLNode
        var size = 1
        var anchorID = 0
        if event.anchor != nil {
            anchorCount += 1
            anchorID = anchorCount
        }
        switch event.type {
        case YAML_ALIAS_EVENT:
            guard let name = event.anchor, let target = anchors[name] else {
                throw .syntax(.composer, context: nil, problem: "found undefined alias", mark: event.mark)
            }
            aliasUses += 1
            expandedNodes += target.size
            guard aliasUses <= Self.maximumAliasUses else { throw .aliasLimit(.uses, mark: event.mark) }
            guard expandedNodes <= Self.maximumExpandedNodes else {
                throw .aliasLimit(.expandedNodes, mark: event.mark)
            }
            return target
        case YAML_SCALAR_EVENT:
            node = .scalar(
                YAMLScalar(
                    string: event.value,
                    tag: event.tag,
                    isPlain: event.isPlain,
                    mark: event.mark,
                    anchorID: anchorID
                )
            )
        case YAML_SEQUENCE_START_EVENT:
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else { throw .nestingTooDeep(mark: event.mark) }
            var nodes: [YAMLNode] = []
            nodes.reserveCapacity(Self.expectedCount)
            var item = try next()
            while item.type != YAML_SEQUENCE_END_EVENT {
                let (child, childSize) = try self.node(from: consume item)
                nodes.append(child)
                size += childSize
                item = try next()
            }
            node = .sequence(YAMLSequence(nodes: nodes, tag: event.tag, mark: event.mark, anchorID: anchorID))
        default:  // YAML_MAPPING_START_EVENT: libyaml sends no other event here
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else { throw .nestingTooDeep(mark: event.mark) }
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            pairs.reserveCapacity(Self.expectedCount)
            var item = try next()
            while item.type != YAML_MAPPING_END_EVENT {
                let (key, keySize) = try self.node(from: consume item)
                let (value, valueSize) = try self.node(from: next())
                pairs.append((key, value))
                size += keySize + valueSize
                item = try next()
            }
            try Self.checkDuplicates(pairs)
            if anchorCount > 0 { for pair in pairs { noteKey(pair.key) } }
            node = .mapping(YAMLMapping(pairs: pairs, tag: event.tag, mark: event.mark, anchorID: anchorID))
        }
        if let anchor = event.anchor { anchors[anchor] = (node, size) }
        return (node, size)
    }

    /// Room reserved for a mapping's pairs or a list's items: a manifest's hold a handful, and growing an array
    /// from empty one append at a time reallocates it several times.
    private static let expectedCount = 6

    /// Keys equal as Yams compares nodes (value and resolved tag) are an error naming every duplicated key, at
    /// the first occurrence of the smallest one.
    private static func checkDuplicates(_ pairs: [(key: YAMLNode, value: YAMLNode)]) throws(YAMLComposeError) {
        guard pairs.count > 1 else { return }
        // The first occurrence of each key written again, in the order the repeats come.
        var duplicated: [YAMLNode] = []
        if pairs.count <= 16 {
            // A manifest's mappings hold a handful of keys: comparing each pair beats hashing them.
            var firsts: [Int] = []
            for index in 1..<pairs.count {
                let key = pairs[index].key
                if let first = pairs[..<index].firstIndex(where: { KeyIdentity.equal($0.key, key) }),
                    !firsts.contains(first)
                {
                    firsts.append(first)
                    duplicated.append(pairs[first].key)
                }
            }
        } else {
            var groups: [KeyIdentity: Int] = [:]
            var firsts: [YAMLNode] = []
            var repeated: [Int] = []
            for (key, _) in pairs {
                let identity = KeyIdentity(node: key)
                if let group = groups[identity] {
                    if !repeated.contains(group) {
                        repeated.append(group)
                        duplicated.append(firsts[group])
                    }
                } else {
                    groups[identity] = firsts.count
                    firsts.append(key)
                }
            }
        }
        guard !duplicated.isEmpty else { return }
        let sorted = duplicated.sorted { KeyIdentity.less($0, $1) }
        let names = sorted.map { node -> String in
            if case .scalar(let scalar) = node { return scalar.string }
            return "<uncovertable>"
        }
        throw .duplicateKeys(names, mark: sorted[0].mark)
    }
}

/// A node compared and hashed as Yams compares mapping keys: by value and resolved tag, ignoring positions.
private struct KeyIdentity: Hashable {
    var node: YAMLNode

    private static func resolved(_ tag: String, default name: Tag.Name) -> String {
        tag.isEmpty || tag == Tag.Name.nonSpecific.rawValue ? name.rawValue : tag
    }

    static func equal(_ lhs: YAMLNode, _ rhs: YAMLNode) -> Bool {
        switch (lhs, rhs) {
        case let (.scalar(l), .scalar(r)):
            return l.string == r.string && resolved(l.tag, default: .str) == resolved(r.tag, default: .str)
        case let (.mapping(l), .mapping(r)):
            return l.pairs.count == r.pairs.count
                && zip(l.pairs, r.pairs).allSatisfy { equal($0.key, $1.key) && equal($0.value, $1.value) }
                && resolved(l.tag, default: .map) == resolved(r.tag, default: .map)
        case let (.sequence(l), .sequence(r)):
            return l.nodes.count == r.nodes.count && zip(l.nodes, r.nodes).allSatisfy { equal($0, $1) }
                && resolved(l.tag, default: .seq) == resolved(r.tag, default: .seq)
        default:
            return false
        }
    }

    /// Yams' order: scalars by text, collections element by element (mappings by key); different kinds unordered.
    static func less(_ lhs: YAMLNode, _ rhs: YAMLNode) -> Bool {
        switch (lhs, rhs) {
        case let (.scalar(l), .scalar(r)):
            return l.string < r.string
        case let (.mapping(l), .mapping(r)):
            return lexicographicallyLess(l.pairs.map(\.key), r.pairs.map(\.key))
        case let (.sequence(l), .sequence(r)):
            return lexicographicallyLess(l.nodes, r.nodes)
        default:
            return false
        }
    }

    private static func lexicographicallyLess(_ lhs: [YAMLNode], _ rhs: [YAMLNode]) -> Bool {
        for (l, r) in zip(lhs, rhs) {
            if less(l, r) { return true }
            if less(r, l) { return false }
        }
        return lhs.count < rhs.count
    }

    static func == (lhs: KeyIdentity, rhs: KeyIdentity) -> Bool { equal(lhs.node, rhs.node) }

    func hash(into hasher: inout Hasher) { Self.hash(node, into: &hasher) }

    private static func hash(_ node: YAMLNode, into hasher: inout Hasher) {
        switch node {
        case .scalar(let scalar):
            hasher.combine(0)
            hasher.combine(scalar.string)
            hasher.combine(resolved(scalar.tag, default: .str))
        case .mapping(let mapping):
            hasher.combine(1)
            hasher.combine(mapping.pairs.count)
            for pair in mapping.pairs {
                hash(pair.key, into: &hasher)
                hash(pair.value, into: &hasher)
            }
        case .sequence(let sequence):
            hasher.combine(2)
            hasher.combine(sequence.nodes.count)
            for item in sequence.nodes { hash(item, into: &hasher) }
        }
    }
}
