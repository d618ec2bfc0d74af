import Foundation
import Testing

/// Compares rendered output with `Snapshots/<name>` next to this file. `RECORD_SNAPSHOTS=1` (re)writes the file;
/// a missing snapshot is written and the test fails so that a first run never passes silently. A mismatch fails
/// with a line diff of the first differences.
func assertSnapshot(
    _ actual: String,
    named name: String,
    filePath: String = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name)")
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"].map { !$0.isEmpty && $0 != "0" } ?? false
    guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try actual.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            Issue.record("could not write snapshot \(url.path): \(error)", sourceLocation: sourceLocation)
            return
        }
        if !record {
            Issue.record("recorded a new snapshot at \(url.path); check it and re-run", sourceLocation: sourceLocation)
        }
        return
    }
    guard expected != actual else { return }
    let message =
        "snapshot \(name) differs (re-record with RECORD_SNAPSHOTS=1 if intended):\n" + lineDiff(expected, actual)
    Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
}

/// The first few differing lines, `-` expected and `+` actual, with their line numbers.
func lineDiff(_ expected: String, _ actual: String, limit: Int = 12) -> String {
    let old = expected.components(separatedBy: "\n")
    let new = actual.components(separatedBy: "\n")
    var out: [String] = []
    for index in 0..<max(old.count, new.count) where out.count < limit * 2 {
        let left = index < old.count ? old[index] : nil
        let right = index < new.count ? new[index] : nil
        guard left != right else { continue }
        if let left { out.append("  \(index + 1) - \(left)") }
        if let right { out.append("  \(index + 1) + \(right)") }
    }
    return out.joined(separator: "\n")
}
