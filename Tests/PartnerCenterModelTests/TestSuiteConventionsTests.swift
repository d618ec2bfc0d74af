import Foundation
import PartnerCenterTestSupport
import Testing

/// Every suite of the package says what it needs (one of `unit`, `loopback`, `endToEnd`; `slow`, `python` where
/// they apply), and the README's fast command skips exactly the suites those tags put out of the fast loop.
@Suite(.tags(.unit)) struct SuiteTagsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct SuiteDeclaration: CustomStringConvertible {
        var name: String
        var target: String
        var file: String
        var tags: [String]
        var description: String { "\(file): \(name)" }
    }

    /// Every suite attribute in `Tests/`, with the type it is on and the tags it names.
    static func suites() throws -> [SuiteDeclaration] {
        let tests = root.appendingPathComponent("Tests")
        var found: [SuiteDeclaration] = []
        let files =
            FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let relative = String(file.path.dropFirst(tests.path.count + 1))
            // An attribute starts its line; its arguments may span lines and hold parentheses.
            for attribute in text.matches(of: /(?m)^[ \t]*@Suite/) {
                var rest = text[attribute.range.upperBound...]
                var arguments = ""
                if rest.first == "(" {
                    var depth = 0
                    var end = rest.startIndex
                    for index in rest.indices {
                        if rest[index] == "(" { depth += 1 }
                        if rest[index] == ")" { depth -= 1 }
                        if depth == 0 {
                            end = index
                            break
                        }
                    }
                    arguments = String(rest[...end])
                    rest = rest[rest.index(after: end)...]
                }
                guard let type = rest.firstMatch(of: /(?:struct|enum|class|actor)\s+(\w+)/) else { continue }
                let tags =
                    arguments.firstMatch(of: /\.tags\(([^)]*)\)/).map {
                        $0.1.split(separator: ",").map {
                            $0.trimmingCharacters(in: .whitespaces).replacing(".", with: "")
                        }
                    } ?? []
                found.append(
                    SuiteDeclaration(
                        name: String(type.1),
                        target: String(relative.split(separator: "/").first ?? ""),
                        file: relative,
                        tags: tags
                    )
                )
            }
        }
        return found
    }

    @Test func everySuiteHasExactlyOneKind() throws {
        let suites = try Self.suites()
        #expect(suites.count > 50)
        let kinds: Set = ["unit", "loopback", "endToEnd"]
        let known = kinds.union(["slow", "python"])
        for suite in suites {
            #expect(suite.tags.filter(kinds.contains).count == 1, "\(suite) has tags \(suite.tags)")
            #expect(Set(suite.tags).isSubset(of: known), "\(suite) has tags \(suite.tags)")
            // The binary is run only from the EndToEndTests target, so skipping that target skips every such suite.
            #expect((suite.target == "EndToEndTests") == suite.tags.contains("endToEnd"), "\(suite): \(suite.tags)")
        }
    }

    /// The README's fast command: `swift test [--skip-build] --skip '<regex>'`, its regex naming the EndToEndTests
    /// target and every slow suite outside it.
    @Test func readmeFastCommandSkipsTheEndToEndAndSlowSuites() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let command = try #require(readme.firstMatch(of: /swift test (?:--skip-build )?--skip '([^']+)'/))
        let skipped = Set(command.1.split(separator: "|").map(String.init))
        let slow = try Self.suites().filter { $0.tags.contains("slow") && $0.target != "EndToEndTests" }.map(\.name)
        #expect(skipped == Set(slow + ["EndToEndTests"]))
    }
}

@Suite(.tags(.unit, .python)) struct PythonToolsTests {
    @Test func onlyAnExplicitOptOutSkipsThePythonTests() {
        #expect(!PythonTools.optedOut([:]))
        #expect(!PythonTools.optedOut(["CSPCTL_SKIP_PYTHON_TESTS": "0"]))
        #expect(!PythonTools.optedOut(["CSPCTL_SKIP_PYTHON_TESTS": ""]))
        #expect(!PythonTools.optedOut(["CI": "true"]))
        #expect(PythonTools.optedOut(["CSPCTL_SKIP_PYTHON_TESTS": "1"]))
    }

    /// A module python3 cannot import is an error that says how to install it and how to opt out, not a skip.
    @Test(.pythonTools) func aMissingModuleFailsWithTheInstallCommand() async throws {
        try await offThePool {
            let error = try #require(throws: PythonTools.Missing.self) {
                try PythonTools.require(["json", "cspctl_no_such_module"])
            }
            #expect(error.modules == ["cspctl_no_such_module"])
            #expect(error.description.contains("python3 -m pip install cspctl_no_such_module"))
            #expect(error.description.contains("CSPCTL_SKIP_PYTHON_TESTS=1"))
            try PythonTools.require(["json"])
        }
    }

    /// `.ci/run` installs every module the python-backed tests import.
    @Test func ciInstallsEveryModuleTheTestsRequire() throws {
        let root = SuiteTagsTests.root
        let script = try String(contentsOf: root.appendingPathComponent(".ci/run"), encoding: .utf8)
        let install = try #require(script.firstMatch(of: /pip install --quiet ([^\n]+)/))
        let installed = Set(install.1.split(separator: " ").map(String.init))
        var required: Set<String> = []
        let tests = root.appendingPathComponent("Tests")
        let files =
            FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: /PythonTools\.require\(\[([^\]]*)\]\)/) {
                for module in match.1.split(separator: ",") {
                    let name = module.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
                    if !name.isEmpty, name != "json", !name.hasPrefix("cspctl_"), name != "markdown_it" {
                        required.insert(PythonTools.pipPackage[name] ?? name)
                    }
                }
            }
        }
        #expect(required == ["jsonschema", "pyyaml", "cmarkgfm"])
        #expect(required.isSubset(of: installed), ".ci/run installs \(installed.sorted())")
    }
}

/// `.offThePool` on a suite runs its tests, synchronous ones included, on GCD threads instead of the cooperative
/// pool (which the loopback tests' emulators need when tests run in parallel).
@Suite(.tags(.unit), .offThePool) struct OffThePoolTraitTests {
    @Test func aSynchronousTestRunsOffThePool() {
        #expect(OffThePoolExecutor.isCurrent)
    }

    @Test func anAsynchronousTestStaysOffThePoolAcrossSuspensions() async {
        await Task.yield()
        #expect(OffThePoolExecutor.isCurrent)
    }
}

@Suite(.tags(.unit)) struct WithoutOffThePoolTraitTests {
    @Test func aTestWithoutTheTraitRunsOnThePool() {
        #expect(!OffThePoolExecutor.isCurrent)
    }
}
