import Foundation
import PartnerCenterTestSupport
import Testing

/// A reader that goes away (`cspctl plan … | head -1`, a CI step that stops reading) ends cspctl quietly with 141
/// (128 + SIGPIPE), as a Unix tool ends; never a fatal error and a backtrace. Apply killed that way leaves a state
/// that a second run completes with nothing bought twice.
@Suite(.tags(.endToEnd)) struct BrokenPipeTests {
    /// Runs `script` with bash; `$CSPCTL` is the binary. The script prints `status=N` on stderr itself.
    func bash(_ script: String, in folder: URL) async throws -> CLIRunner.Output {
        var runner = CLIRunner(binary: URL(fileURLWithPath: "/bin/bash"))
        runner.environment = PlanFixtures.developmentEnvironment.merging(["CSPCTL": CLIRunner.defaultBinary.path]) {
            _,
            new in new
        }
        runner.timeout = .seconds(300)
        return try await runner.run(["-c", script], in: folder)
    }

    static func status(_ output: CLIRunner.Output) -> Int? {
        output.stderr.split(separator: "\n").last { $0.hasPrefix("status=") }.flatMap { Int($0.dropFirst(7)) }
    }

    static func assertQuiet(_ output: CLIRunner.Output) {
        #expect(!output.timedOut)
        #expect(Self.status(output) == 141, "\(output.stderr)")
        for word in ["Fatal error", "backtrace", "Crash", "Illegal instruction", "Current stack trace"] {
            #expect(!output.stderr.contains(word), "\(output.stderr)")
        }
    }

    @Test(arguments: [
        "plan quickstart --emulator",
        "plan quickstart --emulator --format json",
        "drift quickstart --emulator",
        "validate quickstart --format json",
        "show plan.json",
    ])
    func aClosedPipeEndsTheCommandQuietly(_ command: String) async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: PlanFixtures.root.appendingPathComponent("examples/quickstart"),
            to: folder.appendingPathComponent("quickstart")
        )
        let saved = try await bash(
            "\"$CSPCTL\" plan quickstart --emulator --out plan.json >/dev/null; echo status=$? >&2",
            in: folder
        )
        #expect(Self.status(saved) == 0, "\(saved.stderr)")
        // `true` never reads and has exited long before the plan is printed, so every write meets a closed pipe.
        let output = try await bash(
            "\"$CSPCTL\" \(command) | true; echo status=${PIPESTATUS[0]} >&2",
            in: folder
        )
        Self.assertQuiet(output)
    }

    /// Apply whose standard output is closed stops at its first outcome line; the journal and the credentials file
    /// stay whole, and the next run completes the work with every customer created once.
    @Test func applyWithAClosedPipeStopsAndTheNextRunCompletes() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: PlanFixtures.root.appendingPathComponent("examples/quickstart"),
            to: folder.appendingPathComponent("quickstart")
        )
        let apply = "\"$CSPCTL\" apply quickstart --emulator --auto-approve --credentials-out admins.jsonl"
        let broken = try await bash("\(apply) | true; echo status=${PIPESTATUS[0]} >&2", in: folder)
        Self.assertQuiet(broken)

        let again = try await bash("\(apply); echo status=$? >&2", in: folder)
        #expect(Self.status(again) == 0, "\(again.stdout)\n\(again.stderr)")
        let plan = try await bash(
            "\"$CSPCTL\" plan quickstart --emulator --format json; echo status=$? >&2",
            in: folder
        )
        #expect(Self.status(plan) == 0, "\(plan.stderr)")
        #expect(try ApplyFixtures.workActions(plan.stdout) == [], "\(plan.stdout)")

        let credentials = try String(contentsOf: folder.appendingPathComponent("admins.jsonl"), encoding: .utf8)
        let records = credentials.split(separator: "\n")
        #expect(records.count == 3, "one password per new customer: \(credentials)")
        for record in records {
            #expect((try? JSONSerialization.jsonObject(with: Data(record.utf8))) != nil, "whole line: \(record)")
        }
    }
}
