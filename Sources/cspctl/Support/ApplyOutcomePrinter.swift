import Foundation
import PartnerCenterModel
import PartnerCenterReconcile
import PartnerCenterRendering

/// Apply's running log, terminal or not: each change's outcome the moment it finishes, one `write(2)` per change,
/// so nothing waits in a buffer. A CI job killed half-way leaves in its log every change that finished (its journal
/// says the same), not 0 bytes.
///
/// With `--format text` the lines go to stdout exactly as the result shows them (`✓ address (action): message`,
/// and the failed request's detail lines), and the result at the end leaves them out; with `--format json` stdout
/// holds only the JSON, so they go to stderr as `[done/total mm:ss] ✓ address (action): message`. A dry run sends
/// nothing and prints none of these.
final class ApplyOutcomePrinter: Sendable {
    let started: Date
    let toStandardOutput: Bool

    init(toStandardOutput: Bool, started: Date = Date()) {
        self.toStandardOutput = toStandardOutput
        self.started = started
    }

    func print(_ progress: ApplyProgress) {
        let lines = ApplyResultRenderer.outcomeLines(progress.outcome).joined(separator: "\n") + "\n"
        if toStandardOutput {
            StandardStreams.writeOut(lines)
        } else {
            StandardStreams.writeError(Self.prefix(progress, elapsed: Date().timeIntervalSince(started)) + lines)
        }
    }

    static func prefix(_ progress: ApplyProgress, elapsed: TimeInterval) -> String {
        let seconds = max(0, Int(elapsed))
        return "[\(progress.done)/\(progress.total) " + String(format: "%02d:%02d", seconds / 60, seconds % 60) + "] "
    }
}
