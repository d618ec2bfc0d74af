import Foundation
import PartnerCenterTestSupport
import Testing

/// The docs name only files, flags and environment variables that exist, so a rename, a removed flag or a
/// dropped variable fails a test instead of leaving a stale sentence behind.
///
/// Read: `README.md`, `docs/*.md`, `Sources/*/README.md`, `Vendor/*/README.md` and `examples/**/README*`. Checked, each failure named
/// with the doc's path, its line and the missing thing:
/// - repository paths (`Sources/…`, `Tests/…`, `docs/…`, `examples/…`, `schemas/…`, `Scripts/…`,
///   `Benchmarks/…`, `Vendor/…`, `.ci/…`) anywhere in a doc (prose, backticks, code blocks) must exist; a relative link
///   (`[text](plan.md)`) must exist relative to the doc; in a target's README, a backticked `Folder/`,
///   `Folder/File` or `File.swift` must exist in that target;
/// - every `--flag` must be listed by `cspctl <command> --help` of some command or subcommand (the built binary,
///   through ``CLIRunner``), or be in ``DocsCheck/otherToolsFlags``;
/// - every `CSPCTL_…` variable must be read somewhere: a `"CSPCTL_…"` string literal in the Swift sources of
///   `Sources`, `Tests`, `Benchmarks` or a `Package.swift` (test knobs such as `CSPCTL_RACE_ROUNDS` are read in
///   `Tests`), or `$CSPCTL_…` in `.ci/` and `Scripts/`. `CSPCTL_BENCH_*` style families are not checked;
/// - every test suite a doc names (`ApplyCrashTests`, `ApplyCommandTests.secretsNeverAppearInOutputPlanOrJournal`)
///   must be a type (or a folder) in `Tests`, and a named test a function there;
/// - `swift run … NAME`: NAME is `cspctl`, or a benchmark a `Package.swift` declares, run with
///   `CSPCTL_BENCHMARKS=1` (the package has no benchmark without it);
/// - every backticked Swift name (`LiveStateReader`, `ColorMode.resolve`, `RetryPolicy.exponentialBackoff(…)`:
///   CamelCase, optionally with members) must appear, each part, in the Swift sources of `Sources`, `Tests` or
///   `Benchmarks`, so a renamed or removed type does not live on in the docs.
@Suite(.tags(.endToEnd)) struct DocsMatchCodeTests {
    @Test func docsNameOnlyFilesFlagsAndEnvironmentVariablesThatExist() async throws {
        let root = try DocsCheck.repositoryRoot()
        let facts = try await DocsCheck.Facts.repository.value
        let documents = DocsCheck.documents(in: facts.paths)
        #expect(documents.contains("README.md") && documents.contains("docs/apply.md"), "\(documents)")
        #expect(documents.count >= 10, "the docs were not found under \(root.path): \(documents)")
        var problems: [String] = []
        for document in documents {
            let text = try String(contentsOf: root.appendingPathComponent(document), encoding: .utf8)
            problems += try DocsCheck.problems(in: text, file: document, facts: facts)
        }
        for problem in problems {
            Issue.record(Comment(rawValue: problem))
        }
    }

    /// Help texts, messages and comments in `Sources` and `Benchmarks` name only flags that exist (the issue found a
    /// `--verbose` there).
    @Test func sourcesNameOnlyFlagsThatExist() async throws {
        let facts = try await DocsCheck.Facts.repository.value
        let files = facts.sources.keys.filter {
            ($0.hasPrefix("Sources/") || $0.hasPrefix("Benchmarks/")) && $0.hasSuffix(".swift")
        }
        #expect(files.count > 100, "the sources were not read: \(files.count) files")
        for file in files.sorted() {
            for problem in try DocsCheck.sourceFlagProblems(in: facts.sources[file] ?? "", file: file, facts: facts) {
                Issue.record(Comment(rawValue: problem))
            }
        }
    }

    /// The help parser found every command and its flags: an empty `flags` set would fail every doc, a parser that
    /// stopped reading subcommands would let nothing through.
    @Test func helpOfEveryCommandIsRead() async throws {
        let facts = try await DocsCheck.Facts.repository.value
        for command in ["validate", "plan", "apply", "show", "drift", "emulator"] {
            #expect(facts.commands.contains(command), "`cspctl --help` lists no \(command): \(facts.commands)")
        }
        for flag in ["--log-level", "--max-plan-age", "--no-throttling", "--detailed-exitcode", "--version"] {
            #expect(facts.flags.contains(flag), "no command's --help lists \(flag)")
        }
        #expect(!facts.flags.contains("--verbose"))
        #expect(facts.environmentReads.contains("CSPCTL_LOG_LEVEL"))
        #expect(facts.environmentReads.contains("CSPCTL_ENDPOINT"))
        #expect(!facts.environmentReads.contains("CSPCTL_NOT_A_VARIABLE"), "this file's planted names must not count")
    }

    /// The repository's shape a planted doc is checked against.
    static let plantedFacts = DocsCheck.Facts(
        paths: [
            "README.md", "docs", "docs/apply.md", "docs/plan.md", "Sources", "Sources/PartnerCenterThing",
            "Sources/PartnerCenterThing/README.md", "Sources/PartnerCenterThing/Loading",
            "Sources/PartnerCenterThing/Loading/Loader.swift", "Sources/PartnerCenterThing/Messages.swift",
        ],
        flags: ["--emulator", "--help"],
        environmentReads: ["CSPCTL_ENDPOINT"],
        commands: ["plan"],
        suites: ["PlanTests"],
        functions: ["savesThePlan"]
    )

    /// The checker fails on a planted stale doc: a missing file, a flag no command has, a variable nothing reads, a
    /// test suite and a test that are gone; each named with its line.
    @Test func aPlantedStaleDocFails() throws {
        let doc = """
            # Planted
            Run `cspctl plan --emulator --verbose` (see [plan](plan.md) and [apply](apply.md#order)).
            Code: `Sources/Nowhere/Gone.swift`, `Sources/PartnerCenterThing/Loading/Loader.swift:12`.
            Set CSPCTL_NOT_A_VARIABLE=1 or CSPCTL_ENDPOINT; the CSPCTL_BENCH_* knobs are a family.
            PlanTests guards it, PlanTests.savesThePlan too; GoneTests and PlanTests.noSuchTest do not.
            ```sh
            swift test --no-parallel
            ```
            """
        let problems = try DocsCheck.problems(in: doc, file: "docs/planted.md", facts: Self.plantedFacts)
        #expect(problems.count == 5, "\(problems.joined(separator: "\n"))")
        #expect(problems.contains { $0.hasPrefix("docs/planted.md:5: ") && $0.contains("suite GoneTests") })
        #expect(problems.contains { $0.hasPrefix("docs/planted.md:5: ") && $0.contains("PlanTests.noSuchTest") })
        #expect(problems.contains { $0.hasPrefix("docs/planted.md:2: ") && $0.contains("`--verbose`") })
        #expect(
            problems.contains { $0.hasPrefix("docs/planted.md:3: ") && $0.contains("`Sources/Nowhere/Gone.swift`") }
        )
        #expect(problems.contains { $0.hasPrefix("docs/planted.md:4: ") && $0.contains("CSPCTL_NOT_A_VARIABLE") })
    }

    /// A relative link is resolved from the doc's folder.
    @Test func aPlantedBrokenLinkFails() throws {
        let brokenLink = try DocsCheck.problems(
            in: "See [the manifest](manifest.md).",
            file: "docs/x.md",
            facts: Self.plantedFacts
        )
        #expect(brokenLink.count == 1 && brokenLink[0].hasPrefix("docs/x.md:1: "), "\(brokenLink)")
        #expect(brokenLink.first?.contains("docs/manifest.md") == true, "\(brokenLink)")
    }

    /// In a target's README, its folders and files are looked up in the target.
    @Test func aPlantedTargetReadmeFails() throws {
        let readme = """
            # PartnerCenterThing
            - `Loading/` reads, `Loading/Loader` loads, `Messages.swift` says.
            - `Decoding/` decodes, `Rules.swift` checks.
            """
        let target = try DocsCheck.problems(
            in: readme,
            file: "Sources/PartnerCenterThing/README.md",
            facts: Self.plantedFacts
        )
        #expect(target.count == 2, "\(target.joined(separator: "\n"))")
        #expect(target.allSatisfy { $0.hasPrefix("Sources/PartnerCenterThing/README.md:3: ") }, "\(target)")
        #expect(target.contains { $0.contains("`Decoding/`") } && target.contains { $0.contains("`Rules.swift`") })
    }

    /// A backticked Swift name that no source has any more.
    @Test func aPlantedSwiftNameFails() throws {
        let names = try DocsCheck.problems(
            in: "`ColorMode.resolve(_:)` stays; `ColourMode` and `ColorMode.decide` are gone; `Loading/` is no name.",
            file: "docs/names.md",
            facts: DocsCheck.Facts(
                identifiers: ["ColorMode", "resolve"]
            )
        )
        #expect(names.count == 2, "\(names.joined(separator: "\n"))")
        #expect(names.contains { $0.hasPrefix("docs/names.md:1: ") && $0.contains("has ColourMode") })
        #expect(names.contains { $0.hasPrefix("docs/names.md:1: ") && $0.contains("has decide") })
    }

    /// A flag given to the wrong command.
    @Test func aPlantedFlagOfAnotherCommandFails() throws {
        let misplaced = try DocsCheck.problems(
            in: "`cspctl show saved.json --emulator`, `cspctl plan m/ --emulator`; cspctl drift m/ --format json | jq",
            file: "docs/flags.md",
            facts: DocsCheck.Facts(
                flags: ["--emulator", "--format"],
                commands: ["show", "plan", "drift"],
                commandFlags: ["show": ["--format"], "plan": ["--emulator", "--format"], "drift": ["--format"]]
            )
        )
        #expect(misplaced == ["docs/flags.md:1: `cspctl show … --emulator`: `cspctl show --help` lists no --emulator"])
    }

    /// A benchmark run without CSPCTL_BENCHMARKS=1, and one no Package.swift declares.
    @Test func aPlantedBenchmarkRunFails() throws {
        let runs = try DocsCheck.problems(
            in: """
                `swift run cspctl plan x --emulator` and `CSPCTL_BENCHMARKS=1 swift run -c release PlanBenchmark`
                `swift run -c release PlanBenchmark`
                `CSPCTL_BENCHMARKS=1 swift run -c release GoneBenchmark`
                """,
            file: "docs/runs.md",
            facts: DocsCheck.Facts(
                flags: ["--emulator"],
                environmentReads: ["CSPCTL_BENCHMARKS"],
                packageNames: ["cspctl", "PlanBenchmark"]
            )
        )
        #expect(runs.count == 2, "\(runs.joined(separator: "\n"))")
        #expect(runs.contains { $0.hasPrefix("docs/runs.md:2: ") && $0.contains("without CSPCTL_BENCHMARKS=1") })
        #expect(runs.contains { $0.hasPrefix("docs/runs.md:3: ") && $0.contains("`GoneBenchmark`") })
    }

    /// A flag no command has, in a Swift source's comment or message (a flag cut by a line break is not one).
    @Test func aPlantedSourceFlagFails() throws {
        let source = try DocsCheck.sourceFlagProblems(
            in: """
                /// For messages and `--verbose`.
                throw CommandFailure("give --credentials-out FILE; see `--admin-password-
                /// reset`")
                """,
            file: "Sources/X/Y.swift",
            facts: DocsCheck.Facts(
                flags: ["--credentials-out", "--admin-password-reset"],
                commands: ["apply"]
            )
        )
        #expect(
            source.count == 1 && source.first?.hasPrefix("Sources/X/Y.swift:1: names `--verbose`") == true,
            "\(source)"
        )
    }

    /// The same checker passes a doc that names only what exists, so the real test's silence means something.
    @Test func aDocNamingOnlyWhatExistsPasses() throws {
        let facts = DocsCheck.Facts(
            paths: [
                "README.md", "docs", "docs/plan.md", "examples", "examples/quickstart", "Scripts", "Scripts/format.sh",
            ],
            flags: ["--emulator", "--out"],
            environmentReads: ["CSPCTL_ENDPOINT"],
            commands: ["plan"]
        )
        let doc = """
            `cspctl plan examples/quickstart --emulator --out plan.json` (CSPCTL_ENDPOINT; [plan](docs/plan.md#format)).
            | --- | --- |
            `swift test --no-parallel`, `Scripts/format.sh --lint` are other tools' flags; `.cspctl/applies/<id>.jsonl`
            and `examples/*/manifest.yaml` are patterns, not paths; https://example.com/docs/gone.md is no repo path.
            """
        let problems = try DocsCheck.problems(in: doc, file: "README.md", facts: facts)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}

/// Finds what docs name and checks it against the repository and the binary.
enum DocsCheck {
    /// Flags of other tools that the docs show, and the tool. Keep it small: a cspctl flag never belongs here
    /// (it must be in `--help`), and a flag leaves this list when the docs stop showing it.
    static let otherToolsFlags: [String: String] = [
        "--no-parallel": "swift test",
        "--skip-build": "swift test",
        "--skip": "swift test",
        "--filter": "swift test",
        "--lint": "Scripts/format.sh",
        "--build-tests": "swift build",
        "--product": "swift build (Benchmarks/ValidateBenchmark's hint)",
    ]

    /// Paths the docs name in another repository, and which one. As small as ``otherToolsFlags``.
    static let otherRepositoriesPaths: [String: String] = [
        "Sources/CYaml": "Yams (Vendor/CLibYAML/README.md: where the vendored libyaml comes from)"
    ]

    static let repositoryFolders = [
        "Sources", "Tests", "docs", "examples", "schemas", "Scripts", "Benchmarks", "Vendor", ".ci",
    ]

    /// What the checks compare against.
    struct Facts: Sendable {
        /// Every file and folder of the repository, relative to its root, without a trailing slash.
        var paths: Set<String> = []
        /// Every flag some `cspctl … --help` lists.
        var flags: Set<String> = []
        /// Every `CSPCTL_…` variable the code reads.
        var environmentReads: Set<String> = []
        /// The commands and subcommands whose help was read (`apply`, or `a b` for a nested one).
        var commands: [String] = []
        /// The suites (types named `…Tests`) and function names in `Tests`.
        var suites: Set<String> = []
        var functions: Set<String> = []
        /// Every identifier in the Swift sources of Sources, Tests (not this file) and Benchmarks.
        var identifiers: Set<String> = []
        /// Each command's own flags (`plan` → `--out`, …), for `cspctl plan … --flag` in a doc.
        var commandFlags: [String: Set<String>] = [:]
        /// The `name:`s of the package manifests (`Package.swift`, `Benchmarks/Package.swift`): products, targets.
        var packageNames: Set<String> = []
        /// The texts ``DocsCheck/sources(root:paths:)`` reads, by path.
        var sources: [String: String] = [:]

        /// This repository's, gathered once for the suite (seven `--help` runs and a walk of the tree).
        static let repository = Task { try await gather(root: try DocsCheck.repositoryRoot(), cli: CLIRunner()) }

        static func gather(root: URL, cli: CLIRunner) async throws -> Facts {
            let paths = try DocsCheck.paths(under: root)
            let commandFlags = try await DocsCheck.helpFlags(cli: cli)
            let sources = DocsCheck.sources(root: root, paths: paths)
            let reads = try DocsCheck.environmentReads(in: sources)
            let (suites, functions) = try DocsCheck.testNames(in: sources)
            let identifiers = try DocsCheck.identifiers(in: sources)
            let names = try regex(#"name: "([^"]+)""#)
            let packageNames = ["Package.swift", "Benchmarks/Package.swift"].reduce(into: Set<String>()) {
                found,
                manifest in found.formUnion(matches(names, in: sources[manifest] ?? "", group: 1))
            }
            return Facts(
                paths: paths,
                flags: commandFlags.values.reduce(into: []) { $0.formUnion($1) },
                environmentReads: reads,
                commands: commandFlags.keys.filter { !$0.isEmpty }.sorted(),
                suites: suites,
                functions: functions,
                identifiers: identifiers,
                commandFlags: commandFlags,
                packageNames: packageNames,
                sources: sources
            )
        }
    }

    /// The folder holding `Package.swift` and `Sources`, found from this file's path.
    static func repositoryRoot(from file: String = #filePath) throws -> URL {
        var folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        while folder.path != "/" {
            let manager = FileManager.default
            if manager.fileExists(atPath: folder.appendingPathComponent("Package.swift").path),
                manager.fileExists(atPath: folder.appendingPathComponent("Sources").path)
            {
                return folder
            }
            folder = folder.deletingLastPathComponent()
        }
        throw CheckError("no Package.swift with Sources above \(file)")
    }

    /// The docs to read, sorted.
    static func documents(in paths: Set<String>) -> [String] {
        paths.filter { path in
            let parts = path.split(separator: "/").map(String.init)
            switch parts.count {
            case 1: return path == "README.md"
            case 2 where parts[0] == "docs": return parts[1].hasSuffix(".md")
            case 3 where parts[0] == "Sources" || parts[0] == "Vendor": return parts[2] == "README.md"
            default: return parts.first == "examples" && parts.count > 1 && parts.last?.hasPrefix("README") == true
            }
        }.sorted()
    }

    // MARK: Checking one doc

    static func problems(in text: String, file: String, facts: Facts) throws -> [String] {
        var problems: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let found =
                try fileProblems(in: String(line), file: file, facts: facts)
                + flagProblems(in: String(line), facts: facts)
                + nameProblems(in: String(line), facts: facts)
            for message in found {
                let entry = "\(file):\(index + 1): \(message)"
                if !problems.contains(entry) { problems.append(entry) }
            }
        }
        return problems
    }

    /// Repository paths, relative links, and in a target's README the target's own folders and files.
    static func fileProblems(in line: String, file: String, facts: Facts) throws -> [String] {
        let pathPattern = try regex(
            #"(?<![\w./-])((?:"#
                + repositoryFolders.map { NSRegularExpression.escapedPattern(for: $0) }
                .joined(separator: "|") + #")/[^\s`'"(),;|\]]*)"#
        )
        let folder = (file as NSString).deletingLastPathComponent
        var problems: [String] = []
        for path in matches(pathPattern, in: line, group: 1) {
            guard let clean = cleanPath(path), !facts.paths.contains(clean), otherRepositoriesPaths[clean] == nil
            else { continue }
            problems.append("names `\(clean)`, which does not exist in the repository")
        }
        for link in matches(try regex(#"\]\(([^)\s]+)\)"#), in: line, group: 1) {
            guard !link.contains(":"), !link.hasPrefix("#"), let clean = cleanPath(link) else { continue }
            let resolved = normalize(folder.isEmpty ? clean : folder + "/" + clean)
            guard !facts.paths.contains(resolved) else { continue }
            problems.append("links to `\(link)` (\(resolved)), which does not exist in the repository")
        }
        if let target = targetFolder(of: file) {
            for span in matches(try regex(#"`([^`]+)`"#), in: line, group: 1) where isTargetRelative(span) {
                guard !targetHas(span, target: target, paths: facts.paths) else { continue }
                problems.append("names `\(span)`, which does not exist in \(target)")
            }
        }
        return problems
    }

    /// Flags no command has, flags given to the wrong command, and benchmarks run the wrong way.
    static func flagProblems(in line: String, facts: Facts) throws -> [String] {
        var problems = try unknownFlags(in: line, facts: facts)
        for (command, flag) in try commandLineFlags(in: line, commands: Array(facts.commandFlags.keys))
        where facts.flags.contains(flag) && facts.commandFlags[command]?.contains(flag) == false {
            problems.append("`cspctl \(command) … \(flag)`: `cspctl \(command) --help` lists no \(flag)")
        }
        let runPattern = try regex(#"\bswift run(?:\s+-c\s+\w+|\s+--[a-z-]+(?:=\S+)?)*\s+([A-Za-z][\w-]*)"#)
        for product in matches(runPattern, in: line, group: 1) where product != "cspctl" {
            if !facts.packageNames.isEmpty, !facts.packageNames.contains(product) {
                problems.append("runs `\(product)`, which no Package.swift declares")
            } else if !line.contains("CSPCTL_BENCHMARKS=1") {
                problems.append("runs the benchmark `\(product)` without CSPCTL_BENCHMARKS=1 (Package.swift has none)")
            }
        }
        return problems
    }

    /// Environment variables nothing reads, test suites and tests that are gone, Swift names no source has.
    static func nameProblems(in line: String, facts: Facts) throws -> [String] {
        let variablePattern = try regex(#"(?<![A-Za-z0-9_])CSPCTL_[A-Z0-9_]*[A-Z0-9](?![A-Z0-9_]*\*)(?!_)"#)
        let testPattern = try regex(#"(?<![\w/])([A-Z][A-Za-z0-9]*Tests)(?:\.([a-z][A-Za-z0-9_]*))?\b"#)
        var problems: [String] = []
        for variable in matches(variablePattern, in: line, group: 0) where !facts.environmentReads.contains(variable) {
            problems.append(
                "names \(variable), which nothing reads (no \"\(variable)\" literal in Sources, Tests, "
                    + "Benchmarks or Package.swift, no $\(variable) in .ci or Scripts)"
            )
        }
        for match in testPattern.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
            guard let suiteRange = Range(match.range(at: 1), in: line) else { continue }
            let suite = String(line[suiteRange])
            if !facts.suites.contains(suite), !facts.paths.contains("Tests/" + suite) {
                problems.append("names the test suite \(suite), which no type or folder in Tests is")
            } else if let testRange = Range(match.range(at: 2), in: line),
                !facts.functions.contains(String(line[testRange]))
            {
                problems.append("names the test \(suite).\(line[testRange]), which no function in Tests is")
            }
        }
        for span in matches(try regex(#"`([^`]+)`"#), in: line, group: 1) {
            for name in swiftName(span) where !facts.identifiers.contains(name) {
                problems.append("names `\(span)`, but no Swift source in Sources, Tests or Benchmarks has \(name)")
            }
        }
        return problems
    }

    /// The flags on `line` that no command has and that are not another tool's (``otherToolsFlags``), as messages.
    /// A flag cut by a line break (`--admin-password-`) is not one.
    static func unknownFlags(in line: String, facts: Facts) throws -> [String] {
        let flag = try regex(#"(?<![\w-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?![\w-])"#)
        return matches(flag, in: line, group: 0).filter { !facts.flags.contains($0) && otherToolsFlags[$0] == nil }.map
        {
            "names `\($0)`, which no `cspctl <command> --help` lists (\(facts.commands.count) commands read) and which "
                + "is not in DocsCheck.otherToolsFlags"
        }
    }

    /// Every line of the Swift sources of `Sources` and `Benchmarks` (help texts, messages, comments) that names a
    /// flag no command has: `--verbose` in a message is as stale as in a doc.
    static func sourceFlagProblems(in text: String, file: String, facts: Facts) throws -> [String] {
        var problems: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            problems += try unknownFlags(in: String(line), facts: facts).map { "\(file):\(index + 1): \($0)" }
        }
        return problems
    }

    /// The flags given to a cspctl command on `line` (`cspctl plan … --out`, `$CSPCTL apply … --dry-run`): from the
    /// command to the end of its code span, or in plain text to the end of the shell command (`|`, `;`, `&&`, `#`,
    /// `)`).
    static func commandLineFlags(in line: String, commands: [String]) throws -> [(String, String)] {
        // Longest first, so that a nested command (`credentials open`) wins over its parent (`credentials`).
        let names = commands.filter { !$0.isEmpty }.sorted { ($0.count, $0) > ($1.count, $1) }
        guard !names.isEmpty else { return [] }
        let invocation = try regex(
            #"(?<![\w-])(?:cspctl|\$CSPCTL) ("#
                + names.map(NSRegularExpression.escapedPattern(for:))
                .joined(separator: "|") + #")\b"#
        )
        let flag = try regex(#"(?<![\w-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*"#)
        var found: [(String, String)] = []
        for match in invocation.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
            guard let whole = Range(match.range, in: line), let name = Range(match.range(at: 1), in: line) else {
                continue
            }
            let inSpan = line[..<whole.lowerBound].filter { $0 == "`" }.count % 2 == 1
            var rest = line[whole.upperBound...]
            let stops: Set<Character> = inSpan ? ["`"] : ["`", "|", ";", "&", "#", ")"]
            if let stop = rest.firstIndex(where: stops.contains) { rest = rest[..<stop] }
            for flagName in matches(flag, in: String(rest), group: 0) { found.append((String(line[name]), flagName)) }
        }
        return found
    }

    /// `Sources/X` for `Sources/X/README.md`, else nil.
    static func targetFolder(of file: String) -> String? {
        let parts = file.split(separator: "/")
        guard parts.count == 3, parts[0] == "Sources", parts[2] == "README.md" else { return nil }
        return "Sources/\(parts[1])"
    }

    /// `Loading/`, `Errors/PartnerCenterError`, `Token/FederatedIdentity.swift`, `Manifest+Messages.swift`: a
    /// name inside the target. Type names (`PlanRenderer`) and code (`ColorMode.on`) are not.
    static func isTargetRelative(_ span: String) -> Bool {
        guard span.range(of: #"^[A-Z][A-Za-z0-9+]*(/[A-Za-z0-9+]+)*(/|\.swift)?$"#, options: .regularExpression) != nil
        else { return false }
        let first = span.split(separator: "/").first.map(String.init) ?? span
        return (span.contains("/") || span.hasSuffix(".swift")) && !repositoryFolders.contains(first)
    }

    static func targetHas(_ span: String, target: String, paths: Set<String>) -> Bool {
        let trimmed = span.hasSuffix("/") ? String(span.dropLast()) : span
        if paths.contains(target + "/" + trimmed) || paths.contains(target + "/" + trimmed + ".swift") { return true }
        guard !trimmed.contains("/") else { return false }
        return paths.contains { $0.hasPrefix(target + "/") && $0.hasSuffix("/" + trimmed) }
    }

    /// The repository path a doc's text names, without anchor, line number or trailing punctuation; nil for a
    /// pattern or placeholder (`*`, `<id>`, `{id}`, `…`, `$VAR`).
    static func cleanPath(_ raw: String) -> String? {
        var path = raw
        if let anchor = path.firstIndex(where: { $0 == "#" || $0 == "?" }) { path = String(path[..<anchor]) }
        if let range = path.range(of: #":\d+(:\d+)?$"#, options: .regularExpression) { path.removeSubrange(range) }
        while let last = path.last, ".:,/".contains(last) { path.removeLast() }
        guard !path.isEmpty, !path.contains(where: { "*<>{}…$%".contains($0) }) else { return nil }
        return normalize(path)
    }

    /// `docs/../schemas/x.json` → `schemas/x.json`.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    // MARK: Facts

    static func paths(under root: URL) throws -> Set<String> {
        let skipped: Set<String> = [".build", ".git", ".swiftpm", ".cspctl"]
        var paths: Set<String> = []
        func walk(_ relative: String) throws {
            let url = relative.isEmpty ? root : root.appendingPathComponent(relative)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path) where !skipped.contains(name) {
                let path = relative.isEmpty ? name : relative + "/" + name
                paths.insert(path)
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(
                    atPath: root.appendingPathComponent(path).path,
                    isDirectory: &isFolder
                ),
                    isFolder.boolValue
                {
                    try walk(path)
                }
            }
        }
        try walk("")
        return paths
    }

    /// Runs `cspctl --help`, then `--help` of every subcommand it lists, recursively: each command's flags, by its
    /// path (`""` for the root, `plan`, `a b` for a nested one).
    static func helpFlags(cli: CLIRunner) async throws -> [String: Set<String>] {
        var flags: [String: Set<String>] = [:]
        var queue: [[String]] = [[]]
        while !queue.isEmpty {
            let command = queue.removeFirst()
            let output = try await cli.run(command + ["--help"])
            guard output.status == 0, !output.stdout.isEmpty else {
                throw CheckError("`cspctl \((command + ["--help"]).joined(separator: " "))` failed: \(output.stderr)")
            }
            flags[command.joined(separator: " ")] = try optionFlags(inHelp: output.stdout)
            queue += try subcommands(inHelp: output.stdout).map { command + [$0] }
        }
        return flags
    }

    /// The flags of the OPTIONS lines (two-space indent, starting with `-`), `--[no-]x` as both `--x` and `--no-x`.
    static func optionFlags(inHelp help: String) throws -> Set<String> {
        let flag = try regex(#"--(\[no-\])?([a-z0-9][a-z0-9-]*)"#)
        var flags: Set<String> = []
        for line in help.split(separator: "\n") where line.hasPrefix("  -") {
            let names = line.dropFirst(2).components(separatedBy: "  ").first ?? ""
            let range = NSRange(names.startIndex..., in: names)
            for match in flag.matches(in: names, range: range) {
                guard let nameRange = Range(match.range(at: 2), in: names) else { continue }
                let name = String(names[nameRange])
                flags.insert("--" + name)
                if match.range(at: 1).location != NSNotFound { flags.insert("--no-" + name) }
            }
        }
        return flags
    }

    /// The names under `SUBCOMMANDS:` (two-space indent), `help` excluded.
    static func subcommands(inHelp help: String) throws -> [String] {
        guard let section = help.range(of: "SUBCOMMANDS:\n") else { return [] }
        let name = try regex(#"^  ([a-z][a-z0-9-]*)(?:\s|$)"#)
        var names: [String] = []
        for line in help[section.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty || line.hasPrefix("  See ") { break }
            if let found = matches(name, in: String(line), group: 1).first, found != "help" { names.append(found) }
        }
        return names
    }

    /// The Swift files of Sources, Tests (not this file), Benchmarks and the package manifests, and the scripts of .ci
    /// and Scripts, by path: read once for every check on the code's text.
    static func sources(root: URL, paths: Set<String>) -> [String: String] {
        let thisFile = URL(fileURLWithPath: #filePath).lastPathComponent
        var texts: [String: String] = [:]
        for path in paths where !path.hasSuffix("/" + thisFile) {
            let first = path.split(separator: "/").first.map(String.init) ?? path
            let swift = path.hasSuffix(".swift") && ["Sources", "Tests", "Benchmarks", "Package.swift"].contains(first)
            let script = [".ci", "Scripts"].contains(first) && path != first
            guard swift || script else { continue }
            texts[path] = try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        }
        return texts
    }

    /// `"CSPCTL_X"` in the Swift sources; `$CSPCTL_X` or `${CSPCTL_X` in the scripts of .ci and Scripts.
    static func environmentReads(in sources: [String: String]) throws -> Set<String> {
        let literal = try regex(#""(CSPCTL_[A-Z0-9_]+)""#)
        let shell = try regex(#"\$\{?(CSPCTL_[A-Z0-9_]+)"#)
        return sources.reduce(into: []) { reads, source in
            reads.formUnion(matches(source.key.hasSuffix(".swift") ? literal : shell, in: source.value, group: 1))
        }
    }

    /// Types named `…Tests` and every function name in the Swift files of Tests (not this file).
    static func testNames(in sources: [String: String]) throws -> (suites: Set<String>, functions: Set<String>) {
        let suite = try regex(#"\b(?:struct|class|enum|actor|extension)\s+([A-Z][A-Za-z0-9]*Tests)\b"#)
        let function = try regex(#"\bfunc\s+([A-Za-z_][A-Za-z0-9_]*)"#)
        var suites: Set<String> = []
        var functions: Set<String> = []
        for (path, text) in sources where path.hasPrefix("Tests/") && path.hasSuffix(".swift") {
            suites.formUnion(matches(suite, in: text, group: 1))
            functions.formUnion(matches(function, in: text, group: 1))
        }
        return (suites, functions)
    }

    /// The parts of a backticked Swift name (`ColorMode.resolve` → ColorMode, resolve; arguments ignored), or none
    /// when the span is not one (`docs/plan.md`, `Loading/`, `ManifestSchemaKeys.swift`, `GET /v1`, `en-US`).
    static func swiftName(_ span: String) -> [String] {
        guard
            let range = span.range(
                of: #"^[A-Z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*(\(.*\))?$"#,
                options: .regularExpression
            )
        else { return [] }
        let name = span[range].split(separator: "(").first.map(String.init) ?? ""
        let parts = name.split(separator: ".").map(String.init)
        let fileExtensions: Set<String> = ["swift", "md", "json", "yaml", "yml", "py", "sh", "jsonl", "txt"]
        guard let first = parts.first, first.range(of: "[a-z][A-Z]", options: .regularExpression) != nil,
            let last = parts.last, !fileExtensions.contains(last)
        else { return [] }
        return parts
    }

    /// Every identifier in the Swift files of Sources, Tests (not this file) and Benchmarks.
    static func identifiers(in sources: [String: String]) throws -> Set<String> {
        let identifier = try regex(#"[A-Za-z_][A-Za-z0-9_]*"#)
        var names: Set<String> = []
        for (path, text) in sources where path.hasSuffix(".swift") && path.contains("/") {
            names.formUnion(matches(identifier, in: text, group: 0))
        }
        return names
    }

    // MARK: Helpers

    struct CheckError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Compiled once per pattern: the checks run per line over thousands of lines.
    static func regex(_ pattern: String) throws -> NSRegularExpression {
        try RegexCache.shared.regex(pattern)
    }

    final class RegexCache: @unchecked Sendable {
        static let shared = RegexCache()
        private let lock = NSLock()
        private var compiled: [String: NSRegularExpression] = [:]

        func regex(_ pattern: String) throws -> NSRegularExpression {
            try lock.withLock {
                if let found = compiled[pattern] { return found }
                let made = try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
                compiled[pattern] = made
                return made
            }
        }
    }

    static func matches(_ regex: NSRegularExpression, in text: String, group: Int) -> [String] {
        regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: group), in: text).map { String(text[$0]) }
        }
    }
}
