import Foundation

/// The built `cspctl` started as CI starts it (stdout and stderr are pipes, no terminal), read while it runs: a
/// test waits for a line to appear, then signals or kills the process, and reads what it had printed by then.
/// Waiting polls with `Task.sleep` and the pipes are drained on GCD threads, so the cooperative pool the
/// in-process emulator needs is never blocked.
final class StreamingProcess: @unchecked Sendable {
    struct Finished: Sendable {
        var status: Int32
        /// True when the process ended by a signal (then `status` is the signal number).
        var signalled: Bool
        var stdout: String
        var stderr: String
    }

    struct TimedOut: Error, CustomStringConvertible {
        var what: String
        var stderr: String
        var description: String { "timed out waiting for \(what); stderr so far:\n\(stderr)" }
    }

    private let process = Process()
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()
    private let drained = DispatchGroup()

    init(_ arguments: [String], environment: [String: String], in directory: URL? = nil) throws {
        process.executableURL = CLIRunner.defaultBinary
        process.arguments = arguments
        process.environment = CLIRunner.processEnvironment(environment)
        if let directory { process.currentDirectoryURL = directory }
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        for (pipe, isOut) in [(outPipe, true), (errPipe, false)] {
            drained.enter()
            DispatchQueue.global().async { [self] in
                let handle = pipe.fileHandleForReading
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    lock.withLock { if isOut { out.append(data) } else { err.append(data) } }
                }
                drained.leave()
            }
        }
    }

    var pid: Int32 { process.processIdentifier }
    var stderrSoFar: String { lock.withLock { String(decoding: err, as: UTF8.self) } }
    var stdoutSoFar: String { lock.withLock { String(decoding: out, as: UTF8.self) } }

    /// Polls until `condition` holds for (stdout, stderr) so far; throws when the process ends first or after
    /// `timeout`.
    func waitFor(
        _ what: String,
        timeout: Duration = .seconds(120),
        _ condition: (_ stdout: String, _ stderr: String) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(stdoutSoFar, stderrSoFar) { return }
            if !process.isRunning {
                try await Task.sleep(for: .milliseconds(50))
                if condition(stdoutSoFar, stderrSoFar) { return }
                throw TimedOut(what: "\(what) (the process ended first)", stderr: stderrSoFar)
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw TimedOut(what: what, stderr: stderrSoFar)
    }

    func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to end and both pipes to be drained.
    func finish(timeout: Duration = .seconds(120)) async throws -> Finished {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                kill(process.processIdentifier, SIGKILL)
                throw TimedOut(what: "the process to end", stderr: stderrSoFar)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        while drained.wait(timeout: .now()) == .timedOut { try await Task.sleep(for: .milliseconds(10)) }
        return Finished(
            status: process.terminationStatus,
            signalled: process.terminationReason == .uncaughtSignal,
            stdout: stdoutSoFar,
            stderr: stderrSoFar
        )
    }
}
