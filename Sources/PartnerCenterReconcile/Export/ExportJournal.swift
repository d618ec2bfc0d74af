import Foundation
import PartnerCenterModel

/// `--resume`'s record of an export in progress: `<out>/.cspctl-export.jsonl`, one ``ExportRecord`` per line,
/// appended as each customer is read (a write to the file, so a killed process loses at most the line in flight). A resumed export reads again only the customers it
/// does not hold complete; a torn last line (the process killed mid-write) is ignored. Removed once the tree is
/// written, so a finished export leaves only manifests.
final class ExportJournal: @unchecked Sendable {
    static let fileName = ".cspctl-export.jsonl"

    let url: URL
    private let handle: FileHandle
    private let lock = NSLock()

    /// Opens the journal in `folder`: kept and read when `resume`, else started empty.
    static func open(in folder: URL, resume: Bool) throws -> (ExportJournal, [String: ExportRecord]) {
        let url = folder.appendingPathComponent(fileName)
        var records: [String: ExportRecord] = [:]
        if resume, let data = FileManager.default.contents(atPath: url.path) {
            let decoder = JSONDecoder()
            for line in data.split(separator: 0x0A) {
                guard let record = try? decoder.decode(ExportRecord.self, from: Data(line)) else { continue }
                if record.isComplete { records[record.domain] = record }
            }
        }
        if !resume || !FileManager.default.fileExists(atPath: url.path) {
            guard
                FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
            else { throw ExportError.cannotWrite(path: url.path, reason: "cannot create the journal") }
        }
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        // A torn last line is ended, so the next record starts on its own line.
        if let data = FileManager.default.contents(atPath: url.path), let last = data.last, last != 0x0A {
            try handle.write(contentsOf: Data([0x0A]))
        }
        return (ExportJournal(url: url, handle: handle), records)
    }

    private init(url: URL, handle: FileHandle) {
        self.url = url
        self.handle = handle
    }

    func append(_ record: ExportRecord) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var line = try encoder.encode(record)
        line.append(0x0A)
        try lock.withLock {
            try handle.write(contentsOf: line)
        }
    }

    func finish() {
        try? handle.close()
        try? FileManager.default.removeItem(at: url)
    }

    func close() {
        try? handle.close()
    }
}
