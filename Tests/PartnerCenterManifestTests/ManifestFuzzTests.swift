import Foundation
import PartnerCenterManifest
import PartnerCenterModel
import Testing

/// Thousands of mutated manifests (truncated, retyped, deeply nested, huge, tabbed, duplicated keys, alias
/// bombs, invalid UTF-8, empty): the loader never traps or hangs and answers each with located errors.
/// CSPCTL_FUZZ_CASES sets the count (default 2000); the seed is fixed, so failures reproduce.
@Suite struct ManifestFuzzTests {
    static let cases = ProcessInfo.processInfo.environment["CSPCTL_FUZZ_CASES"].flatMap(Int.init) ?? 2_000

    /// SplitMix64: small, fast, deterministic.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

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

    @Test func mutatedManifestsNeverCrashAndAlwaysAnswerWithLocatedErrors() {
        #expect(!Self.seeds.isEmpty)
        var rng = Generator(state: 0x00C5_9C71)
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
