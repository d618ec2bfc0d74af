import Dispatch
import Foundation
import PartnerCenterReconcile

/// `plan` and `drift`'s progress while reading live state, on stderr. Without a terminal (a CI log): a line every
/// `interval` (30 s; `CSPCTL_PROGRESS_INTERVAL` seconds, for tests) while the read goes on, `read 1,200 of 10,000
/// customers; about 41 min left at the current rate`, so a long read never leaves a silent log; a read shorter
/// than the interval prints nothing. On a terminal: the same text as one live line, rewritten (`\r`) as customers
/// finish and erased at the end. The reader reports through ``PlanSession/progress``; this only renders.
final class ReadProgressPrinter: @unchecked Sendable {
    static let intervalDefault: TimeInterval = 30

    private let lock = NSLock()
    private let started = Date()
    private let live: Bool
    /// What follows once every customer is read: `planning` (plan, drift), `writing manifests` (export).
    private let finishing: String
    private var latest: ReadProgress?
    private var lastDrawn = Date.distantPast
    private var timer: (any DispatchSourceTimer)?

    private init(live: Bool, finishing: String) {
        self.live = live
        self.finishing = finishing
    }

    /// A printer for stderr: live on a terminal, periodic otherwise.
    static func forStandardError(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        finishing: String = "planning"
    )
        -> ReadProgressPrinter
    {
        let printer = ReadProgressPrinter(live: isatty(STDERR_FILENO) == 1, finishing: finishing)
        if !printer.live {
            let configured = environment["CSPCTL_PROGRESS_INTERVAL"].flatMap(TimeInterval.init) ?? intervalDefault
            let interval = configured > 0 ? configured : intervalDefault
            let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "cspctl.progress"))
            timer.schedule(deadline: .now() + interval, repeating: interval)
            timer.setEventHandler { [weak printer] in printer?.printLine() }
            timer.resume()
            printer.timer = timer
        }
        return printer
    }

    func update(_ progress: ReadProgress) {
        let draw: String? = lock.withLock {
            if let latest, latest.customersRead >= progress.customersRead { return nil }
            latest = progress
            guard live, Date().timeIntervalSince(lastDrawn) >= 0.1 else { return nil }
            lastDrawn = Date()
            return Self.text(progress, elapsed: Date().timeIntervalSince(started), finishing: finishing)
        }
        if let draw { StandardStreams.writeError("\r\u{1B}[K" + draw) }
    }

    /// Stops the timer and erases the live line.
    func finish() {
        timer?.cancel()
        if live, lock.withLock({ latest != nil }) { StandardStreams.writeError("\r\u{1B}[K") }
    }

    private func printLine() {
        guard let progress = lock.withLock({ latest }) else {
            StandardStreams.writeError("reading live state: looking up customers\n")
            return
        }
        StandardStreams.writeError(
            Self.text(progress, elapsed: Date().timeIntervalSince(started), finishing: finishing) + "\n"
        )
    }

    /// `read 1,200 of 10,000 customers; about 41 min left at the current rate`.
    static func text(_ progress: ReadProgress, elapsed: TimeInterval, finishing: String = "planning") -> String {
        let head = "read \(grouped(progress.customersRead)) of \(grouped(progress.customersTotal)) customers"
        guard progress.customersRead < progress.customersTotal else { return head + "; " + finishing }
        guard progress.customersRead > 0, elapsed > 0 else { return head }
        let left = Double(progress.customersTotal - progress.customersRead) * elapsed / Double(progress.customersRead)
        return head + "; about \(duration(left)) left at the current rate"
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }

    static func duration(_ seconds: TimeInterval) -> String {
        if seconds < 60 { return "\(max(1, Int(seconds.rounded()))) s" }
        if seconds < 3600 { return "\(Int((seconds / 60).rounded())) min" }
        let hours = Int(seconds / 3600)
        return "\(hours) h \(Int((seconds - Double(hours) * 3600) / 60)) min"
    }
}
