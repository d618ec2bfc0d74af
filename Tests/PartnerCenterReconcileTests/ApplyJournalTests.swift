import Foundation
import PartnerCenterReconcile
import PartnerCenterTestSupport
import Testing

/// The journal and the state folder's lock, as two processes sharing a folder would use them.
@Suite(.tags(.unit)) struct ApplyJournalTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cspctl-journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Two journals open on one file (two runs of one plan in one folder) write at the same time: every line of
    /// both survives whole. Before, each opened the file, sought to its end once and overwrote the other's lines.
    @Test func twoWritersOnOneJournalKeepEveryLineWhole() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = ApplyJournal.url(planID: "shared", directory: folder)
        let first = try ApplyJournal(url: url)
        let second = try ApplyJournal(url: url)
        let count = Int(ProcessInfo.processInfo.environment["CSPCTL_JOURNAL_LINES"] ?? "") ?? 200
        await withTaskGroup(of: Void.self) { group in
            for (name, journal) in [("a", first), ("b", second)] {
                group.addTask {
                    for index in 0..<count {
                        await journal.record(
                            .init(
                                address: "customer[\(name)\(index).onmicrosoft.com]",
                                event: .started,
                                requestIds: [String(repeating: "x", count: 300)]
                            )
                        )
                    }
                }
            }
        }
        await first.close()
        await second.close()
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2 * count)
        let entries = ApplyJournal.read(url)
        #expect(entries.count == 2 * count, "every line parses")
        #expect(Set(entries.map(\.address)).count == 2 * count)
    }

    /// A second lock on a locked state folder is refused, naming the holder; released, it can be taken again.
    @Test func stateFolderLockAdmitsOneRun() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lock = try StateFolderLock(folder: folder)
        #expect(throws: StateFolderLock.Held.self) { try StateFolderLock(folder: folder) }
        do {
            _ = try StateFolderLock(folder: folder)
        } catch let held as StateFolderLock.Held {
            #expect(held.description.contains("pid \(getpid())"), "\(held.description)")
        }
        lock.release()
        let again = try StateFolderLock(folder: folder)
        again.release()
    }
}
