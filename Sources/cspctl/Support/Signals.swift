import ArgumentParser
import Dispatch
import Foundation
import PartnerCenterModel
import PartnerCenterReconcile

/// SIGINT and SIGTERM during apply. Before any change has started (reading, checking, at the `yes` prompt) a
/// signal ends the process at once: nothing was sent. Once changes run, the first signal asks the run to stop: no
/// new change starts, the changes in flight finish and are journaled, and apply prints `interrupted: N of M
/// changes done; run the same plan again to resume` and exits 130 (SIGINT) or 143 (SIGTERM), 128 + the signal as
/// a shell reports it; a second signal ends the process at once. The journal stays whole either way (each of its
/// lines is one `write(2)`), so the same plan resumes cleanly.
///
/// The signals' default action is turned off with `signal(_, SIG_IGN)` and each is watched by a `DispatchSource`
/// on its own queue, so nothing runs inside a signal handler: the source's handler sets a flag, which the apply
/// workflow asks (`ApplyHooks.shouldStop`) before it starts each change.
final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var received: Int32?
    /// The applier has asked whether to stop: changes may be in flight from now on.
    private var applying = false
    private var sources: [any DispatchSourceSignal] = []

    /// 130 after SIGINT, 143 after SIGTERM.
    static func exitStatus(for signal: Int32) -> Int32 { 128 + signal }

    /// The signal that asked to stop, if one did.
    var signal: Int32? { lock.withLock { received } }

    /// Asked by the applier before each change starts.
    func shouldStop() -> Bool {
        lock.withLock {
            applying = true
            return received != nil
        }
    }

    /// Starts watching SIGINT and SIGTERM.
    static func watch() -> StopRequest {
        let request = StopRequest()
        let queue = DispatchQueue(label: "cspctl.signals")
        for number in [SIGINT, SIGTERM] {
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { request.receive(number) }
            source.resume()
            request.sources.append(source)
        }
        return request
    }

    private func receive(_ number: Int32) {
        let (first, applying) = lock.withLock { () -> (Bool, Bool) in
            let first = received == nil
            if first { received = number }
            return (first, self.applying)
        }
        guard first, applying else {
            StandardStreams.writeError(
                first
                    ? "interrupted: no change was started; nothing was sent\n"
                    : "interrupted again: stopped at once; run the same plan again to resume\n"
            )
            exit(Self.exitStatus(for: number))
        }
        StandardStreams.writeError(
            "stopping: the changes in flight finish, no new change starts (signal again to stop at once)\n"
        )
    }
}

extension ApplyReport {
    /// Changes with work that an interrupted run never started.
    var notStarted: Int { max(0, plan.changes.count { $0.action.isWork } - result.outcomes.count) }
}

extension ApplyCommand {
    /// Prints how far an interrupted apply got and how to resume; returns its exit status (130 or 143).
    func interrupted(_ report: ApplyReport, stop: StopRequest, saved: String?) -> ExitCode {
        let total = report.plan.changes.count { $0.action.isWork }
        var text =
            "interrupted: \(report.result.outcomes.count) of \(total) changes done; run the same plan again to resume"
        if saved == nil {
            // Plan-then-apply saved its plan beside the journal: that file is "the same plan".
            let copy = ApplyJournal.url(planID: report.plan.id, directory: URL(fileURLWithPath: stateDir))
                .deletingPathExtension().appendingPathExtension("plan.json")
            text += " (cspctl apply \(copy.path))"
        }
        if let lost = report.lostCredentialsFailure(stateDirectory: stateDir) { _ = ErrorReporting.report(lost) }
        StandardStreams.writeError(text + "\n")
        return ExitCode(StopRequest.exitStatus(for: stop.signal ?? SIGTERM))
    }
}
