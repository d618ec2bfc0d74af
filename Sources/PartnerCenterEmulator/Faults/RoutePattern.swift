/// The regular expressions of fault rules, matched in time linear in the text: a pattern is compiled to a
/// small automaton and simulated over all its states at once (Thompson / Pike), so no pattern and no path can
/// backtrack (`^/v1/customers/(a+)+$` against a path of 20 a's once froze the whole emulator under Swift's
/// backtracking `Regex`). The cost of a match is at most the path's length times the program's size, and both are
/// bounded.
///
/// The syntax is the common subset of regular expressions: literals; `.`; `\d \w \s \D \W \S`; `\` before any
/// punctuation for the character itself (`\{`, `\/`, `\.`); classes `[a-z0-9_]`, `[^/]`; anchors `^` and `$`;
/// groups `( )` and `(?: )`; alternation `|`; quantifiers `* + ?` and `{n}`, `{n,}`, `{n,m}` (at most
/// `maxRepeat`), optionally followed by `?` (lazy or greedy makes no difference to whether a pattern matches).
/// A `{` that does not start a quantifier is itself. Not supported (refused with the reason): backreferences,
/// lookaround, named groups, inline flags, possessive quantifiers.
package struct RoutePattern: Sendable {
    /// Longest pattern accepted, in characters.
    package static let maxLength = 512
    /// Largest count in `{n,m}`.
    package static let maxRepeat = 100
    /// Largest compiled program (repetition counts expand into copies).
    package static let maxProgram = 4_000

    package let source: String
    private let program: [Instruction]

    package init(_ source: String) throws(RoutePatternError) {
        guard source.count <= Self.maxLength else {
            throw RoutePatternError("longer than \(Self.maxLength) characters")
        }
        var parser = Parser(Array(source.unicodeScalars))
        let node = try parser.parseAlternation()
        if parser.index < parser.scalars.count {
            throw RoutePatternError("unbalanced ')' at offset \(parser.index)")
        }
        var compiler = Compiler()
        try compiler.emit(node)
        compiler.program.append(.match)
        guard compiler.program.count <= Self.maxProgram else {
            throw RoutePatternError("too large once its repetitions are expanded (at most \(Self.maxProgram) steps)")
        }
        self.source = source
        self.program = compiler.program
    }

    /// Whether the pattern matches somewhere in `text` (as `String.contains(Regex)` does).
    package func matches(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var marks = [Int](repeating: -1, count: program.count)
        var current: [Int] = []
        var next: [Int] = []
        var stack: [Int] = []
        var generation = 0

        // Adds the threads reachable from `start` at `position` without consuming input; true on a match.
        func add(_ start: Int, at position: Int, to list: inout [Int]) -> Bool {
            stack.append(start)
            while let pc = stack.popLast() {
                guard marks[pc] != generation else { continue }
                marks[pc] = generation
                switch program[pc] {
                case .match:
                    stack.removeAll()
                    return true
                case .jump(let target):
                    stack.append(target)
                case .split(let first, let second):
                    stack.append(second)
                    stack.append(first)
                case .assertStart:
                    if position == 0 { stack.append(pc + 1) }
                case .assertEnd:
                    if position == scalars.count { stack.append(pc + 1) }
                case .atom:
                    list.append(pc)
                }
            }
            return false
        }

        for position in 0...scalars.count {
            generation = position
            // A match may start anywhere: a new thread at every position.
            for pc in current where add(pc, at: position, to: &next) { return true }
            if add(0, at: position, to: &next) { return true }
            guard position < scalars.count else { break }
            let scalar = scalars[position]
            current.removeAll(keepingCapacity: true)
            for pc in next {
                if case .atom(let atom) = program[pc], atom.matches(scalar) { current.append(pc + 1) }
            }
            next.removeAll(keepingCapacity: true)
        }
        return false
    }
}

package struct RoutePatternError: Error, CustomStringConvertible, Sendable {
    package var reason: String
    init(_ reason: String) { self.reason = reason }
    package var description: String { reason }
}

private enum Instruction: Sendable {
    case atom(Atom)
    case split(Int, Int)
    case jump(Int)
    case assertStart
    case assertEnd
    case match
}

/// One character's test.
private enum Atom: Sendable {
    case any
    case scalar(Unicode.Scalar)
    case set(ScalarSet, negated: Bool)

    func matches(_ scalar: Unicode.Scalar) -> Bool {
        switch self {
        case .any: return scalar != "\n"
        case .scalar(let wanted): return scalar == wanted
        case .set(let set, let negated): return set.contains(scalar) != negated
        }
    }
}

/// A set of characters: ranges and named classes.
private struct ScalarSet: Sendable {
    enum Class: Sendable { case digit, word, space }
    var ranges: [ClosedRange<UInt32>] = []
    var classes: [(Class, negated: Bool)] = []

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        if ranges.contains(where: { $0.contains(scalar.value) }) { return true }
        return classes.contains { kind, negated in Self.isMember(scalar, kind) != negated }
    }

    static func isMember(_ scalar: Unicode.Scalar, _ kind: Class) -> Bool {
        switch kind {
        case .digit: return scalar.properties.numericType == .decimal
        case .word: return scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
        case .space: return scalar.properties.isWhitespace
        }
    }
}

private indirect enum Node {
    case empty
    case atom(Atom)
    case sequence([Node])
    case alternation([Node])
    case repetition(Node, min: Int, max: Int?)
    case start
    case end
}

private struct Parser {
    let scalars: [Unicode.Scalar]
    var index = 0
    var depth = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    mutating func parseAlternation() throws(RoutePatternError) -> Node {
        var branches = [try parseSequence()]
        while peek == "|" {
            index += 1
            branches.append(try parseSequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    mutating func parseSequence() throws(RoutePatternError) -> Node {
        var items: [Node] = []
        while let scalar = peek, scalar != "|", scalar != ")" {
            let atom = try parseAtom()
            items.append(try parseQuantifiers(atom))
        }
        return items.count == 1 ? items[0] : (items.isEmpty ? .empty : .sequence(items))
    }

    mutating func parseQuantifiers(_ atom: Node) throws(RoutePatternError) -> Node {
        var node = atom
        var quantified = false
        while let scalar = peek {
            let offset = index
            let bounds: (Int, Int?)
            switch scalar {
            case "*": bounds = (0, nil)
            case "+": bounds = (1, nil)
            case "?": bounds = (0, 1)
            case "{":
                guard let counted = try countedBounds() else { return node }
                bounds = counted
            default: return node
            }
            if scalar != "{" { index += 1 }
            if quantified { throw RoutePatternError("a quantifier follows a quantifier at offset \(offset)") }
            switch node {
            case .start, .end: throw RoutePatternError("an anchor cannot be repeated (offset \(offset))")
            default: break
            }
            if peek == "?" { index += 1 }  // lazy: the same language
            if peek == "+" { throw RoutePatternError("possessive quantifiers are not supported (offset \(index))") }
            node = .repetition(node, min: bounds.0, max: bounds.1)
            quantified = true
        }
        return node
    }

    /// `{n}`, `{n,}` or `{n,m}` at `index` (consumed), or nil when the `{` is a literal.
    mutating func countedBounds() throws(RoutePatternError) -> (Int, Int?)? {
        var cursor = index + 1
        func number() -> Int? {
            var digits = ""
            while cursor < scalars.count, ("0"..."9").contains(scalars[cursor]), digits.count < 6 {
                digits.unicodeScalars.append(scalars[cursor])
                cursor += 1
            }
            return Int(digits)
        }
        guard let low = number() else { return nil }
        var high: Int? = low
        if cursor < scalars.count, scalars[cursor] == "," {
            cursor += 1
            high = number()
        }
        guard cursor < scalars.count, scalars[cursor] == "}" else { return nil }
        if let high, high < low { throw RoutePatternError("{\(low),\(high)}: the maximum is below the minimum") }
        guard low <= RoutePattern.maxRepeat, (high ?? 0) <= RoutePattern.maxRepeat else {
            throw RoutePatternError("repetition counts are at most \(RoutePattern.maxRepeat)")
        }
        index = cursor + 1
        return (low, high)
    }

    mutating func parseAtom() throws(RoutePatternError) -> Node {
        let scalar = scalars[index]
        index += 1
        switch scalar {
        case "^": return .start
        case "$": return .end
        case ".": return .atom(.any)
        case "(":
            if peek == "?" {
                guard index + 1 < scalars.count, scalars[index + 1] == ":" else {
                    throw RoutePatternError(
                        "lookaround, named groups and inline flags are not supported (offset \(index - 1))"
                    )
                }
                index += 2
            }
            depth += 1
            guard depth <= 32 else { throw RoutePatternError("groups nest more than 32 deep") }
            let inner = try parseAlternation()
            guard peek == ")" else { throw RoutePatternError("unclosed '(' ") }
            index += 1
            depth -= 1
            return inner
        case "[": return .atom(try parseClass())
        case "\\": return .atom(try parseEscape(inClass: false).atom)
        case "*", "+", "?":
            throw RoutePatternError("'\(scalar)' at offset \(index - 1) has nothing to repeat")
        default: return .atom(.scalar(scalar))
        }
    }

    /// After a backslash: a class (`\d`) or one character.
    mutating func parseEscape(inClass: Bool) throws(RoutePatternError) -> (atom: Atom, scalar: Unicode.Scalar?) {
        guard let scalar = peek else { throw RoutePatternError("a trailing '\\'") }
        index += 1
        func named(_ kind: ScalarSet.Class, _ negated: Bool) -> (Atom, Unicode.Scalar?) {
            (.set(ScalarSet(classes: [(kind, negated)]), negated: false), nil)
        }
        switch scalar {
        case "d": return named(.digit, false)
        case "D": return named(.digit, true)
        case "w": return named(.word, false)
        case "W": return named(.word, true)
        case "s": return named(.space, false)
        case "S": return named(.space, true)
        case "n": return (.scalar("\n"), "\n")
        case "t": return (.scalar("\t"), "\t")
        case "1"..."9":
            throw RoutePatternError("backreferences are not supported (offset \(index - 2))")
        default:
            guard !scalar.properties.isAlphabetic, !("0"..."9").contains(scalar) else {
                throw RoutePatternError("unknown escape '\\\(scalar)' at offset \(index - 2)")
            }
            return (.scalar(scalar), scalar)
        }
    }

    mutating func parseClass() throws(RoutePatternError) -> Atom {
        var set = ScalarSet()
        var negated = false
        if peek == "^" {
            negated = true
            index += 1
        }
        var first = true
        while true {
            guard let scalar = peek else { throw RoutePatternError("unclosed '['") }
            if scalar == "]", !first {
                index += 1
                break
            }
            first = false
            index += 1
            var low: Unicode.Scalar
            if scalar == "\\" {
                let escape = try parseEscape(inClass: true)
                guard let single = escape.scalar else {
                    if case .set(let inner, _) = escape.atom { set.classes += inner.classes }
                    continue
                }
                low = single
            } else {
                low = scalar
            }
            if peek == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                index += 1
                var high = scalars[index]
                index += 1
                if high == "\\" {
                    guard let single = try parseEscape(inClass: true).scalar else {
                        throw RoutePatternError("a class cannot end a range")
                    }
                    high = single
                }
                guard low.value <= high.value else { throw RoutePatternError("range \(low)-\(high) is reversed") }
                set.ranges.append(low.value...high.value)
            } else {
                set.ranges.append(low.value...low.value)
            }
        }
        return .set(set, negated: negated)
    }
}

private struct Compiler {
    var program: [Instruction] = []

    mutating func emit(_ node: Node) throws(RoutePatternError) {
        guard program.count <= RoutePattern.maxProgram else {
            throw RoutePatternError(
                "too large once its repetitions are expanded (at most \(RoutePattern.maxProgram) steps)"
            )
        }
        switch node {
        case .empty:
            break
        case .atom(let atom):
            program.append(.atom(atom))
        case .start:
            program.append(.assertStart)
        case .end:
            program.append(.assertEnd)
        case .sequence(let items):
            for item in items { try emit(item) }
        case .alternation(let branches):
            // split L1, next; L1: branch; jump end; next: split ... last branch; end:
            var jumps: [Int] = []
            for (offset, branch) in branches.enumerated() {
                if offset < branches.count - 1 {
                    let split = program.count
                    program.append(.split(split + 1, -1))
                    try emit(branch)
                    jumps.append(program.count)
                    program.append(.jump(-1))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try emit(branch)
                }
            }
            for jump in jumps { program[jump] = .jump(program.count) }
        case .repetition(let inner, let min, let max):
            for _ in 0..<min { try emit(inner) }
            if let max {
                // (inner (inner (...)?)?)? with max - min levels
                var exits: [Int] = []
                for _ in min..<max {
                    let split = program.count
                    program.append(.split(split + 1, -1))
                    exits.append(split)
                    try emit(inner)
                }
                for split in exits { program[split] = .split(split + 1, program.count) }
            } else {
                // loop: split body, exit; body; jump loop
                let loop = program.count
                program.append(.split(loop + 1, -1))
                try emit(inner)
                program.append(.jump(loop))
                program[loop] = .split(loop + 1, program.count)
            }
        }
    }
}
