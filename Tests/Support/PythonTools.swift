import Foundation
package import Testing

/// The python3 tools some tests use as independent checkers: `jsonschema` (the plan and manifest schemas), PyYAML
/// (reads manifests for the manifest schema) and `cmarkgfm` (GitHub's Markdown renderer, for the plan comments).
/// `.ci/run` installs all three (`python3 -m pip install jsonschema pyyaml cmarkgfm`).
///
/// A missing tool fails the tests that need it, with the command that installs it: a skipped check looks like a
/// passed one. Someone without Python opts out explicitly with `CSPCTL_SKIP_PYTHON_TESTS=1` (CI never does).
package enum PythonTools {
    package static let optOutVariable = "CSPCTL_SKIP_PYTHON_TESTS"

    /// True when `CSPCTL_SKIP_PYTHON_TESTS` is `1` (or `true`/`yes`) in `environment`.
    package static func optedOut(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        ["1", "true", "yes"].contains(environment[optOutVariable]?.lowercased() ?? "")
    }

    /// What `python3 ARGUMENTS...` printed and how it ended.
    package struct Run: Sendable {
        package var status: Int32
        /// Standard output.
        package var output: String
        /// Standard error.
        package var errors: String
        /// Both, for failure messages.
        package var combined: String { errors.isEmpty ? output : output + errors }
    }

    /// Runs `python3 ARGUMENTS...` and waits for it. This blocks the calling thread: call it inside `offThePool`.
    package static func run(_ arguments: [String]) throws -> Run {
        let errorsFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "python-\(UUID().uuidString).err"
        )
        _ = FileManager.default.createFile(atPath: errorsFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorsFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        process.standardOutput = output
        // A file, not a second pipe: reading one pipe to its end while the other fills up would deadlock.
        let errors = try FileHandle(forWritingTo: errorsFile)
        defer { try? errors.close() }
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            output: String(decoding: data, as: UTF8.self),
            errors: String(decoding: (try? Data(contentsOf: errorsFile)) ?? Data(), as: UTF8.self)
        )
    }

    /// A python3 module the tests need and cannot import.
    package struct Missing: Error, CustomStringConvertible {
        package var modules: [String]
        package var detail: String

        package var description: String {
            let packages = modules.map { pipPackage[$0] ?? $0 }.joined(separator: " ")
            return "python3 cannot import \(modules.joined(separator: ", ")): install with `python3 -m pip install "
                + "\(packages)` (as .ci/run does), or set \(PythonTools.optOutVariable)=1 to skip the tests that "
                + "need Python. \(detail)"
        }
    }

    /// The pip package of each module the tests import.
    package static let pipPackage = ["yaml": "pyyaml", "jsonschema": "jsonschema", "cmarkgfm": "cmarkgfm"]

    /// Throws ``Missing`` naming the modules python3 cannot import (or python3 itself missing).
    package static func require(_ modules: [String]) throws {
        let script = """
            import importlib.util, sys
            print(" ".join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))
            """
        let result: Run
        do {
            result = try run(["-c", script] + modules)
        } catch {
            throw Missing(modules: modules, detail: "python3 did not start: \(error)")
        }
        guard result.status == 0 else {
            throw Missing(modules: modules, detail: "python3 failed (\(result.status)): \(result.combined)")
        }
        let missing = result.output.split(whereSeparator: \.isWhitespace).map(String.init)
        if !missing.isEmpty { throw Missing(modules: missing, detail: "") }
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test unless `CSPCTL_SKIP_PYTHON_TESTS=1`: see ``PythonTools``. The test itself calls
    /// ``PythonTools/require(_:)``, so a missing tool fails it rather than skipping it.
    package static var pythonTools: Self {
        .disabled(
            if: PythonTools.optedOut(),
            "\(PythonTools.optOutVariable)=1: the tests that need python3 tools are skipped"
        )
    }
}
