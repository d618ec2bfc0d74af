import Foundation
import PartnerCenterModel
import PartnerCenterRendering
import PartnerCenterTestSupport
import Testing

@testable import PartnerCenterManifest

/// Thousands of mutated manifests (truncated, retyped, deeply nested, huge, tabbed, duplicated keys, alias
/// bombs, invalid UTF-8, empty): the loader never traps or hangs and answers each with located errors.
/// CSPCTL_FUZZ_CASES sets the count (default 2000); the seed is fixed, so failures reproduce.
///
/// Hostile inputs (padded alias bombs, nesting hidden from the quick estimate, floods of unknown or duplicated
/// keys, megabyte values) are also checked for bounded work, memory and output, without a clock: the tree the
/// decoder walks is at most the input's size plus a fixed number of alias-expanded nodes (its work and memory),
/// no message is longer than a fixed bound whatever the value it quotes, and the printed report is bounded by
/// the number of kinds of diagnostics, not their count. CSPCTL_FUZZ_HOSTILE_CASES (default 24) and
/// CSPCTL_FUZZ_HOSTILE_SCALE (default 2000, the keys, aliases or characters of a case) size it.
@Suite(.tags(.unit, .slow)) struct ManifestFuzzTests {
    static let cases = ProcessInfo.processInfo.environment["CSPCTL_FUZZ_CASES"].flatMap(Int.init) ?? 2_000
    static let hostileCases =
        ProcessInfo.processInfo.environment["CSPCTL_FUZZ_HOSTILE_CASES"].flatMap(Int.init) ?? 24
    static let hostileScale =
        ProcessInfo.processInfo.environment["CSPCTL_FUZZ_HOSTILE_SCALE"].flatMap(Int.init) ?? 2_000

    /// SplitMix64 (test support): small, fast, deterministic.
    typealias Generator = SplitMix

    static let seeds: [[UInt8]] = {
        let files = ManifestFixtures.yamlFiles(in: ManifestFixtures.fixtures.appendingPathComponent("valid"))
        return files.compactMap { try? [UInt8](Data(contentsOf: $0)) }
    }()

    static let fragments: [String] = [
        "\t", ": ", "- ", "[", "]", "{", "}", "&a ", "*a", "*missing", "---\n", "...\n", "\"", "'", "#", "? ", "|\n",
        "!!binary ", "!custom ", "<<: *a\n", "~", "null", "yes", "NO", "0x1F", "1e400", "-1", "P999999999999D",
        "\u{0}", "\u{FEFF}", "é", "\r\n", "%YAML 1.1\n", "apiVersion: cspctl/v2\n", "customers: 5\n",
    ]

    static func pick(_ options: [String], _ rng: inout Generator) -> String {
        options[Int.random(in: 0..<options.count, using: &rng)]
    }

    static func mutate(_ seed: [UInt8], _ rng: inout Generator) -> [UInt8] {
        // Kinds 0-13; the expensive ones (5-7, 9, 11: nesting, huge scalars, alias bombs) come up less often.
        let kind = Int.random(in: 0..<24, using: &rng)
        return mutateKind(seed, &rng, kind < 14 ? kind : [0, 1, 2, 3, 4, 10, 12, 13, 1, 3][kind - 14])
    }

    static func mutateKind(_ seed: [UInt8], _ rng: inout Generator, _ kind: Int) -> [UInt8] {
        var bytes = seed
        let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
        switch kind {
        case 0: bytes = Array(bytes.prefix(position))
        case 1:
            bytes.insert(
                contentsOf: Array(fragments[Int.random(in: 0..<fragments.count, using: &rng)].utf8),
                at: position
            )
        case 2:
            let end = min(bytes.count, position + Int.random(in: 1...40, using: &rng))
            bytes.removeSubrange(position..<end)
        case 3: if !bytes.isEmpty { bytes[position] = UInt8.random(in: 0...255, using: &rng) }
        case 4:
            let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            var shuffled = Array(lines)
            if shuffled.count > 2 {
                let i = Int.random(in: 0..<shuffled.count, using: &rng)
                shuffled.insert(shuffled[i], at: Int.random(in: 0..<shuffled.count, using: &rng))
            }
            bytes = Array(shuffled.joined(separator: [0x0A]))
        case 5:
            let depth = Int.random(in: 10...3_000, using: &rng)
            bytes =
                Array("apiVersion: cspctl/v1\ncustomers: ".utf8) + Array(repeating: 0x5B, count: depth)
                + Array(repeating: 0x5D, count: Int.random(in: 0...depth, using: &rng))
        case 6:
            let size = Int.random(in: 1_000...20_000, using: &rng)
            bytes.insert(contentsOf: Array(repeating: UInt8(ascii: "x"), count: size), at: position)
        case 7:
            // An alias bomb through the manifest's own shape: customers × roles, each an alias.
            let width = Int.random(in: 150...400, using: &rng)
            let roles = Array(repeating: "*g", count: width).joined(separator: ", ")
            var text = "apiVersion: cspctl/v1\ncustomers:\n  - &c\n    domain: a.onmicrosoft.com\n"
            text += "    gdap: {name: x, roles: [&g Global Reader, \(roles)]}\n"
            text += String(repeating: "  - *c\n", count: width)
            bytes = Array(text.utf8)
        case 8: bytes = []
        case 9: bytes = (0..<Int.random(in: 1...500, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        case 10:
            let indent = Array(repeating: UInt8(ascii: " "), count: Int.random(in: 0...12, using: &rng))
            bytes.insert(contentsOf: indent + Array("companyName: Duplicate\n".utf8), at: position)
        case 11:
            bytes =
                Array("apiVersion: cspctl/v1\ncustomers:\n".utf8)
                + Array(String(repeating: "- ", count: Int.random(in: 10...2_000, using: &rng)).utf8) + [0x78, 0x0A]
        case 12: bytes.insert(contentsOf: [0xC3, 0x28, 0xFF, 0xFE], at: position)
        default:
            let key = pick(["quantity", "roles", "domain", "gdap", "billing", "subscriptions", "duration"], &rng)
            let value = pick(["[]", "{}", "-5", "\"text\"", "[[1]]", "2027-01-01", "true", "~", "*a"], &rng)
            bytes = Array(
                String(decoding: bytes, as: UTF8.self).replacingOccurrences(
                    of: "\(key):",
                    with: "\(key): \(value)\n  x:"
                ).utf8
            )
        }
        return bytes
    }

    @Test func mutatedManifestsNeverCrashAndAlwaysAnswerWithLocatedErrors() async {
        await offThePool {
            #expect(!Self.seeds.isEmpty)
            var rng = Generator(seed: 0x00C5_9C71)
            var rejected = 0
            for index in 0..<Self.cases {
                var bytes = Self.seeds[index % Self.seeds.count]
                for _ in 0..<Int.random(in: 1...3, using: &rng) { bytes = Self.mutate(bytes, &rng) }
                let result = ManifestLoader().load(sources: [ManifestSource(path: "case-\(index).yaml", bytes: bytes)])
                if result.hasErrors {
                    rejected += 1
                    #expect(result.state == nil)
                } else {
                    #expect(result.state != nil, "case \(index): no error and no state")
                }
                for diagnostic in result.diagnostics where diagnostic.severity == .error {
                    guard let location = diagnostic.location else {
                        Issue.record("case \(index): unlocated error \(diagnostic.code): \(diagnostic.summary)")
                        continue
                    }
                    #expect(location.file == "case-\(index).yaml" && location.line >= 1 && location.column >= 1)
                }
            }
            #expect(rejected > Self.cases / 2, "most mutations break a manifest")
        }
    }

    // MARK: Hostile inputs: work, memory and output bounds

    /// One hostile manifest of `kind` (0-7), `scale` its size in keys, aliases or characters.
    static func hostile(kind: Int, scale: Int, _ rng: inout Generator) -> String {
        let header = "apiVersion: cspctl/v1\n"
        let padding = String(
            repeating: "# " + String(repeating: "p", count: 78) + "\n",
            count: Int.random(in: 0...scale, using: &rng)
        )
        switch kind {
        case 0:
            // A padded alias bomb: many uses of one anchor, after padding that once raised the limit.
            let uses = Int.random(in: scale...(scale * 8), using: &rng)
            return header + padding + "customers:\n  - &c {domain: a.onmicrosoft.com, gdap: {roles: [Global Reader]}}\n"
                + String(repeating: "  - *c\n", count: uses)
        case 1:
            // Nested aliases: width^depth nodes from a few lines.
            let width = Int.random(in: 2...12, using: &rng)
            var text =
                header + padding + "a0: &a0 [" + Array(repeating: "x", count: width).joined(separator: ", ") + "]\n"
            for level in 1...Int.random(in: 2...12, using: &rng) {
                text +=
                    "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: width).joined(separator: ", ")
                    + "]\n"
            }
            return text
        case 2:
            // Brackets after a `"` inside a plain scalar: hidden from the quick nesting estimate.
            let depth = Int.random(in: 60...(scale / 2 + 70), using: &rng)
            return header + "customers: [x \"y, " + String(repeating: "[", count: depth) + "z"
                + String(repeating: "]", count: depth) + ", w\"v]\n"
        case 3:
            let depth = Int.random(in: 60...(scale / 2 + 70), using: &rng)
            return header + "x:\n  " + String(repeating: "? ", count: depth) + "k\n"
        case 4: return header + padding + (0..<scale).map { "unknown\($0): x\n" }.joined()
        case 5:
            let keys = max(2, scale / 2)
            return header + "x: {" + (0..<scale).map { "k\($0 % keys): \($0)" }.joined(separator: ", ") + "}\n"
        case 6:
            let long = String(repeating: "v", count: scale * Int.random(in: 1...20, using: &rng))
            var text = header + "defaults:\n  gdap: {name: \(long), roles: [\(long)]}\ncustomers:\n"
            for index in 0..<Int.random(in: 1...6, using: &rng) {
                text +=
                    "  - {domain: \(long)\(index), companyName: \(long), billing: {email: \(long), culture: \(long)}}\n"
            }
            return text
        default:
            // Every customer the same, with an unknown key: "declared twice" and "unknown key" floods.
            return header + "customers:\n"
                + (0..<scale).map { "  - {domain: same.onmicrosoft.com, bad\($0 % 7): 1}\n" }.joined()
        }
    }

    @Test func hostileInputsStayWithinWorkMemoryAndOutputBounds() async {
        await offThePool {
            var rng = Generator(seed: 0x0BAD_F11E)
            for index in 0..<Self.hostileCases {
                let kind = index % 8
                let text = Self.hostile(kind: kind, scale: Self.hostileScale, &rng)
                let bytes = Array(text.utf8)
                let path = "hostile-\(index).yaml"

                // Work and memory: the tree the decoder walks (and holds) is bounded by the bytes written plus a fixed
                // number of alias-expanded nodes, however the aliases are arranged and however large the padding.
                let (root, nodeCount, parseDiagnostics) = ManifestParsing.parse(path: path, bytes: bytes)
                #expect(
                    nodeCount <= 2 * bytes.count + 2 + YAMLComposer.maximumExpandedNodes,
                    "case \(index) (kind \(kind)): \(nodeCount) nodes from \(bytes.count) bytes"
                )
                if root == nil {
                    #expect(!parseDiagnostics.isEmpty, "case \(index): no tree and no diagnostic")
                }
                if kind == 0 || kind == 1 || kind == 2 || kind == 3, let composer = try? YAMLComposer(bytes: bytes),
                    (try? composer.nextRoot()) != nil
                {
                    #expect(composer.aliasUses <= YAMLComposer.maximumAliasUses)
                    #expect(composer.expandedNodes <= YAMLComposer.maximumExpandedNodes)
                }

                let result = ManifestLoader().load(sources: [ManifestSource(path: path, bytes: bytes)])
                #expect(result.hasErrors, "case \(index) (kind \(kind)) was accepted")
                // Each node (or merged customer) is answered by a handful of diagnostics at most.
                #expect(result.diagnostics.count <= 8 * nodeCount + 16, "case \(index): \(result.diagnostics.count)")
                // No message repeats a value in full: quotes are cut at 80 characters, key lists at 10 keys.
                for diagnostic in result.diagnostics {
                    let size =
                        diagnostic.summary.utf8.count + (diagnostic.detail?.utf8.count ?? 0)
                        + diagnostic.notes.reduce(0) { $0 + $1.message.utf8.count }
                    #expect(size <= 2_000, "case \(index): \(diagnostic.code) is \(size) bytes")
                }
                // The report printed is bounded by the kinds of diagnostics, not their number.
                let kinds = Set(result.diagnostics.map { "\($0.code) \($0.severity)" }).count
                let summary = ValidationSummary(files: 1, customers: result.customerCount, subscriptions: 0)
                let report = DiagnosticPrinter.text(result.diagnostics, summary: summary)
                #expect(
                    report.utf8.count <= 500 + kinds * (DiagnosticPrinter.perKindLimit * 2_500 + 200),
                    "case \(index) (kind \(kind)): \(report.utf8.count) bytes for \(kinds) kinds"
                )
            }
        }
    }

    /// The alias limits do not grow with the file: the same bomb is refused at the same alias whatever the
    /// padding before it (the limit once was 2 nodes per byte, so padding let a bomb through).
    @Test func paddingDoesNotRaiseTheAliasLimits() {
        let bomb = "customers:\n  - &c {domain: a.onmicrosoft.com}\n" + String(repeating: "  - *c\n", count: 12_000)
        var found: [String] = []
        for lines in [0, 1_000, Self.hostileScale * 10] {
            let padding = String(repeating: "#" + String(repeating: "x", count: 99) + "\n", count: lines)
            let text = "apiVersion: cspctl/v1\n" + padding + bomb
            let result = ManifestLoader().load(sources: [ManifestSource(path: "bomb.yaml", text: text)])
            #expect(result.diagnostics.map(\.code) == ["alias_expansion_limit"])
            if let location = result.diagnostics.first?.location {
                found.append("\(location.line - lines):\(location.column)")
            }
        }
        // The 10,001st alias, whatever came before.
        #expect(found == Array(repeating: "\(3 + 10_001):5", count: 3))
    }

    @Test func folderWithoutManifestsIsAnError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cspctl-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent(".hidden"),
            withIntermediateDirectories: true
        )
        try "apiVersion: cspctl/v1\n".write(
            to: folder.appendingPathComponent(".hidden/x.yaml"),
            atomically: true,
            encoding: .utf8
        )
        try "notes".write(to: folder.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = ManifestLoader().load(paths: [folder.path])
        #expect(result.diagnostics.map(\.code) == ["no_manifests"])
        #expect(result.fileCount == 0)
    }
}
