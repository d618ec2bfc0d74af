import Foundation

/// Runs the built `cspctl` binary as a user would: arguments, environment, working directory, captured stdout,
/// stderr and exit status, with a timeout. Shared by every command's end-to-end tests.
struct CLIRunner {
    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
        /// True when the process was killed for running past the timeout.
        var timedOut: Bool
    }

    struct MissingBinary: Error, CustomStringConvertible {
        var path: String
        var description: String { "cspctl is not built at \(path); run `swift build` (or `swift test`) first" }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `cspctl` of the configuration being tested: see ``binary(environment:productsDirectory:)``.
    static let defaultBinary = binary(
        environment: ProcessInfo.processInfo.environment,
        productsDirectory: productsDirectory
    )

    /// `CSPCTL_BINARY` when set (a binary built elsewhere); else the `cspctl` in the directory of the test bundle
    /// running these tests, where SwiftPM puts the products of the same configuration (`swift test -c release`
    /// tests `.build/release/cspctl`); else `<package root>/.build/debug/cspctl`.
    static func binary(environment: [String: String], productsDirectory: URL?) -> URL {
        if let path = environment["CSPCTL_BINARY"], !path.isEmpty {
            return URL(
                fileURLWithPath: path,
                relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            )
            .standardizedFileURL
        }
        if let productsDirectory { return productsDirectory.appendingPathComponent("cspctl") }
        return packageRoot.appendingPathComponent(".build/debug/cspctl")
    }

    /// The directory holding the `.xctest` bundle running these tests (`.build/<triple>/<configuration>`): on
    /// Linux the bundle is the test process itself, on macOS a loaded bundle or an argument of the process that
    /// loaded it. Nil when no `.xctest` is in sight.
    static let productsDirectory: URL? = {
        let candidates = ProcessInfo.processInfo.arguments + Bundle.allBundles.map(\.bundlePath)
        for candidate in candidates {
            var url = URL(fileURLWithPath: candidate).standardizedFileURL
            while url.pathComponents.count > 1 {
                if url.pathExtension == "xctest" { return url.deletingLastPathComponent() }
                url = url.deletingLastPathComponent()
            }
        }
        return nil
    }()

    var binary: URL = CLIRunner.defaultBinary
    /// Added to (and overriding) a minimal environment: PATH, HOME, and NO_COLOR unset.
    var environment: [String: String] = [:]
    var timeout: Duration = .seconds(60)

    /// Runs the process on a GCD thread: waiting for it never blocks Swift's cooperative pool, which the
    /// in-process emulators of the tests need (a blocked pool deadlocks a test against its own emulator).
    func run(_ arguments: [String], in directory: URL? = nil, stdin: String? = nil) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(arguments, in: directory, stdin: stdin) })
            }
        }
    }

    /// What every `cspctl` the tests start sees: this process's PATH and HOME, overridden and extended by `extra`.
    static func processEnvironment(_ extra: [String: String]) -> [String: String] {
        var base = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        if let home = ProcessInfo.processInfo.environment["HOME"] { base["HOME"] = home }
        return base.merging(extra) { _, new in new }
    }

    private func runBlocking(_ arguments: [String], in directory: URL?, stdin: String?) throws -> Output {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw MissingBinary(path: binary.path) }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = Self.processEnvironment(environment)
        if let directory { process.currentDirectoryURL = directory }
        let outPipe = Pipe()
        let errPipe = Pipe()
        let inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe

        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? inPipe.fileHandleForWriting.close()

        // Drain both pipes concurrently so a chatty child never blocks on a full pipe.
        let collected = Collected()
        let group = DispatchGroup()
        for (pipe, isOut) in [(outPipe, true), (errPipe, false)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isOut: isOut)
                group.leave()
            }
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        var timedOut = false
        if finished.wait(timeout: .now() + seconds) == .timedOut {
            timedOut = true
            process.terminate()
            finished.wait()
        }
        group.wait()
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: collected.out, as: UTF8.self),
            stderr: String(decoding: collected.err, as: UTF8.self),
            timedOut: timedOut
        )
    }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var out = Data()
        private(set) var err = Data()

        func set(_ data: Data, isOut: Bool) {
            lock.lock()
            defer { lock.unlock() }
            if isOut { out = data } else { err = data }
        }
    }
}
