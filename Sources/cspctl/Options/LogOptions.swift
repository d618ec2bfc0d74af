import ArgumentParser
import Foundation
import Logging

/// `--log-level` (env `CSPCTL_LOG_LEVEL`) of the commands that talk to a service: the client's request log on
/// stderr. Off unless asked; `info` gives one line per request, `trace` adds headers and bodies (always redacted).
struct LogLevelArgument: ExpressibleByArgument {
    var level: Logger.Level

    init?(argument: String) {
        guard let level = Logger.Level(rawValue: argument.lowercased()) else { return nil }
        self.level = level
    }

    static var allValueStrings: [String] { Logger.Level.allCases.map(\.rawValue) }
}

enum RequestLog {
    static let environmentVariable = "CSPCTL_LOG_LEVEL"
    static let label = "cspctl.client"

    /// The level chosen by the option, else by `CSPCTL_LOG_LEVEL`; nil (no log) when neither is set.
    static func level(option: Logger.Level?, environment: [String: String]) throws -> Logger.Level? {
        if let option { return option }
        guard let text = environment[environmentVariable]?.trimmingCharacters(in: .whitespaces), !text.isEmpty
        else { return nil }
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw CommandFailure("\(environmentVariable)=\(text) is not a log level (\(names))")
        }
        return level
    }

    /// A logger writing to stderr at `level`, or one that drops everything when `level` is nil.
    static func logger(level: Logger.Level?) -> Logger {
        guard let level else { return Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() }) }
        var logger = Logger(label: label, factory: { _ in StderrLogHandler() })
        logger.logLevel = level
        return logger
    }
}

/// One line per message on stderr: `[level] message (key=value, ...)`. Writes are whole lines, so concurrent
/// requests never interleave within a line.
struct StderrLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    private static let lock = NSLock()

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = "[\(event.level.rawValue)] \(event.message)"
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        if !merged.isEmpty {
            line +=
                " (" + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"
        }
        Self.lock.withLock { StandardStreams.writeError(line + "\n") }
    }
}
