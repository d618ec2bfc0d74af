import Foundation
import PartnerCenterTestSupport
import Testing
import Yams

@testable import PartnerCenterManifest

/// The loader composes YAML from libyaml's events itself (`YAMLComposer`) instead of with Yams' `Parser`, for
/// speed. These tests hold it to Yams: on the valid fixtures and thousands of fuzz mutations of them, both give
/// the same tree (kinds, text, tags, styles, lines and columns) or the same error at the same place.
@Suite(.tags(.unit), .offThePool) struct YAMLComposerAgreementTests {
    /// Nodes written per tree at most: alias bombs expand, and both trees are cut at the same node.
    static let dumpBudget = 5_000

    /// A tree as text, one node a line, from Yams.
    static func dump(_ node: Node, key: Bool = false, into lines: inout [String]) {
        guard lines.count < dumpBudget else { return }
        let at = node.mark.map { "\($0.line):\($0.column)" } ?? "?"
        switch node {
        case .scalar(let scalar):
            let plain = scalar.style == .plain || scalar.style == .any
            // Yams resolves the tags in a key in place while checking duplicates (which the composer copies only
            // where an alias can show it): compare what is inside keys by resolved tag.
            var tag = scalar.tag.rawValue
            if key, tag.isEmpty || tag == "!" { tag = Tag.Name.str.rawValue }
            lines.append("\(at) scalar \(tag) plain=\(plain) \(scalar.string.debugDescription)")
        case .mapping(let mapping):
            lines.append("\(at) mapping \(key ? "" : mapping.tag.rawValue) \(mapping.count)")
            for (entryKey, value) in mapping {
                dump(entryKey, key: true, into: &lines)
                dump(value, key: key, into: &lines)
            }
        case .sequence(let sequence):
            lines.append("\(at) sequence \(key ? "" : sequence.tag.rawValue) \(sequence.count)")
            for item in sequence { dump(item, key: key, into: &lines) }
        case .alias:
            lines.append("\(at) alias")
        }
    }

    /// The same, from `YAMLComposer`.
    static func dump(_ node: YAMLNode, key: Bool = false, into lines: inout [String]) {
        guard lines.count < dumpBudget else { return }
        let at = "\(node.mark.line):\(node.mark.column)"
        switch node {
        case .scalar(let scalar):
            var tag = scalar.tag
            if key, tag.isEmpty || tag == "!" { tag = Tag.Name.str.rawValue }
            lines.append("\(at) scalar \(tag) plain=\(scalar.isPlain) \(scalar.string.debugDescription)")
        case .mapping(let mapping):
            lines.append("\(at) mapping \(key ? "" : mapping.tag) \(mapping.pairs.count)")
            for (entryKey, value) in mapping.pairs {
                dump(entryKey, key: true, into: &lines)
                dump(value, key: key, into: &lines)
            }
        case .sequence(let sequence):
            lines.append("\(at) sequence \(key ? "" : sequence.tag) \(sequence.nodes.count)")
            for item in sequence.nodes { dump(item, key: key, into: &lines) }
        }
    }

    /// Every document's tree, then the error if one stopped the stream, as Yams sees it.
    static func yams(_ text: String) -> [String] {
        var lines: [String] = []
        do {
            let parser = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
            while let root = try parser.nextRoot() {
                lines.append("document")
                dump(root, into: &lines)
            }
        } catch let error as YamlError {
            switch error {
            case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
                let .composer(context, problem, mark, _):
                let prefix = context.map { "\($0.text) at \($0.mark.line):\($0.mark.column): " } ?? ""
                lines.append("error \(mark.line):\(mark.column) \(prefix)\(problem)")
            case let .reader(problem, offset, _, _):
                lines.append("error reader \(offset ?? -1) \(problem)")
            case let .duplicatedKeysInMapping(duplicates, context):
                lines.append("error duplicates \(duplicates.sorted()) at \(context.mark.line):\(context.mark.column)")
            default:
                lines.append("error \(error)")
            }
        } catch {
            lines.append("error \(error)")
        }
        return lines
    }

    /// The same, from `YAMLComposer`.
    static func composer(_ text: String) -> [String] {
        var lines: [String] = []
        do {
            let composer = try YAMLComposer(bytes: Array(text.utf8))
            while let root = try composer.nextRoot() {
                lines.append("document")
                dump(root, into: &lines)
            }
        } catch {
            switch error {
            case let .syntax(_, context, problem, mark):
                let prefix = context.map { "\($0.text) at \($0.mark.line):\($0.mark.column): " } ?? ""
                lines.append("error \(mark.line):\(mark.column) \(prefix)\(problem)")
            case let .reader(problem, byteOffset):
                let offset = text.utf8.index(
                    text.utf8.startIndex,
                    offsetBy: byteOffset,
                    limitedBy: text.utf8.endIndex
                )?
                .samePosition(in: text).map { text.distance(from: text.startIndex, to: $0) }
                lines.append("error reader \(offset ?? -1) \(problem)")
            case let .duplicateKeys(duplicates, mark):
                lines.append("error duplicates \(duplicates.sorted()) at \(mark.line):\(mark.column)")
            case .memory:
                lines.append("error Memory error")
            case .nestingTooDeep(let mark):
                lines.append("error nesting too deep at \(mark.line):\(mark.column)")
            case let .aliasLimit(limit, mark):
                lines.append("error alias limit \(limit) at \(mark.line):\(mark.column)")
            }
        }
        return lines
    }

    /// What the loader would hand to the composer: valid UTF-8 without a byte-order mark, not nested too deep.
    static func composable(_ bytes: [UInt8]) -> String? {
        guard InputGuards.firstInvalidUTF8(bytes) == nil else { return nil }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let text = String(decoding: body, as: UTF8.self)
        guard InputGuards.excessiveNesting(text) == nil else { return nil }
        return text
    }

    @Test func agreesWithYamsOnTheValidFixtures() {
        #expect(!ManifestFuzzTests.seeds.isEmpty)
        for seed in ManifestFuzzTests.seeds {
            guard let text = Self.composable(seed) else { continue }
            #expect(Self.composer(text) == Self.yams(text))
        }
    }

    @Test func agreesWithYamsOnMutatedManifests() {
        var rng = ManifestFuzzTests.Generator(seed: 0x0059_A3C0)
        var compared = 0
        var errors = 0
        for index in 0..<ManifestFuzzTests.cases {
            var bytes = ManifestFuzzTests.seeds[index % ManifestFuzzTests.seeds.count]
            for _ in 0..<Int.random(in: 1...3, using: &rng) { bytes = ManifestFuzzTests.mutate(bytes, &rng) }
            guard let text = Self.composable(bytes) else { continue }
            let expected = Self.yams(text)
            let actual = Self.composer(text)
            compared += 1
            if expected.last?.hasPrefix("error") == true { errors += 1 }
            guard actual != expected else { continue }
            let difference = zip(actual, expected).first { $0 != $1 }
            Issue.record(
                "case \(index): composer \(difference?.0 ?? "\(actual.count) lines"), Yams \(difference?.1 ?? "\(expected.count) lines")"
            )
        }
        #expect(compared > ManifestFuzzTests.cases / 2)
        #expect(errors > compared / 10, "the mutations reach libyaml's and the composer's errors")
    }

    @Test func duplicateKeysAndUndefinedAliasesAsYamsReportsThem() {
        for text in [
            "a: 1\nb: 2\na: 3\nb: 4\n", "\"a\": 1\na: 2\n", "!!int 1: x\n1: y\n", "x: *missing\n",
            "? [a, b]\n: 1\n? [a, b]\n: 2\n", "{a: 1, a: 1}\n", "a: &k 1\nb: *k\n---\nc: *k\n", "&n 5: x\ny: *n\n",
            "a: *n\n", "&m {k: 1}: x\ny: *m\nz: &s [1]\n? *s\n: w\n", "x: &v 1\n? [*v]\n: y\n",
        ] {
            #expect(Self.composer(text) == Self.yams(text), "\(text.debugDescription)")
        }
    }
}
