import Foundation
import PartnerCenterTestSupport
import Testing

/// Issue 14 item 9: `apply PATH... --format json` on a terminal shows the plan (text, on stderr) before it asks for
/// `yes`, so the person knows what they approve; stdout keeps the JSON result. The test gives the binary a real
/// terminal on standard input: python3's `pty` module opens a pseudo-terminal, the binary reads its answer from it,
/// and its stdout and stderr stay separate pipes (python3's standard library only, no third-party tool).
@Suite(.pythonTools, .tags(.endToEnd, .python)) struct ApplyConfirmationTerminalTests {
    struct Run: Decodable {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Standard error up to the question, as the person saw it before answering.
        var beforeAnswer: String
    }

    /// Runs `cspctl ARGUMENTS...` with a pseudo-terminal as standard input; answers `answer` once the question
    /// is on stderr (or after 60 s without it).
    static let driver = #"""
        import json, os, pty, select, subprocess, sys, time
        answer, command = sys.argv[1], sys.argv[2:]
        master, slave = pty.openpty()
        child = subprocess.Popen(command, stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        os.close(slave)
        err, deadline = b"", time.time() + 60
        while b"Only 'yes' will be accepted" not in err and time.time() < deadline and child.poll() is None:
            ready, _, _ = select.select([child.stderr], [], [], 0.5)
            if ready:
                chunk = os.read(child.stderr.fileno(), 65536)
                if not chunk:
                    break
                err += chunk
        before = err.decode(errors="replace")
        if child.poll() is None:
            os.write(master, (answer + "\n").encode())
        out, rest = child.communicate(timeout=120)
        os.close(master)
        json.dump({"status": child.returncode, "stdout": out.decode(errors="replace"),
                   "stderr": (err + rest).decode(errors="replace"), "beforeAnswer": before}, sys.stdout)
        """#

    func apply(answer: String, in folder: URL) async throws -> Run {
        let manifest = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(ApplyFixtures.manifest(customers: 1, prefix: "asked"), to: manifest)
        let arguments = [
            CLIRunner.defaultBinary.path, "apply", manifest.path, "--format", "json", "--emulator",
            "--emulator-state", folder.appendingPathComponent("emulator.json").path, "--state-dir", folder.path,
            "--credentials-out", folder.appendingPathComponent("admins.jsonl").path, "--color", "never",
        ]
        let result = try await offThePool { try PythonTools.run(["-c", Self.driver, answer] + arguments) }
        try #require(result.status == 0, "the python driver failed: \(result.combined)")
        return try JSONDecoder().decode(Run.self, from: Data(result.output.utf8))
    }

    @Test func jsonApplyShowsThePlanOnStandardErrorBeforeAskingAndSendsNothingOnNo() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try await apply(answer: "no", in: folder)
        #expect(run.status == 1, "\(run.stderr)")
        let plan = try #require(run.beforeAnswer.range(of: "cspctl plan against emulator:"), "\(run.beforeAnswer)")
        let question = try #require(run.beforeAnswer.range(of: "Do you want to perform these actions?"))
        #expect(plan.lowerBound < question.lowerBound)
        #expect(run.beforeAnswer.contains("+ customer[asked0.onmicrosoft.com]"))
        #expect(run.beforeAnswer.contains("Plan: "))
        #expect(run.stderr.contains("error: apply cancelled: nothing was sent"), "\(run.stderr)")
        #expect(!run.stdout.contains("cspctl plan against"), "the plan is not on stdout: \(run.stdout)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("admins.jsonl").path))
    }

    @Test func jsonApplyAnsweredYesPrintsTheJSONResultOnStandardOutput() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try await apply(answer: "yes", in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.beforeAnswer.contains("+ customer[asked0.onmicrosoft.com]"), "\(run.beforeAnswer)")
        let result = try PlanFixtures.json(run.stdout)
        let outcomes = try #require(result["outcomes"] as? [[String: Any]], "\(run.stdout)")
        #expect(!outcomes.isEmpty)
        #expect(!run.stdout.contains("cspctl plan against"))
    }
}
