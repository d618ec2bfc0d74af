package import Foundation

/// What apply has done with one plan, appended (and flushed to disk) before and after every change, so that a
/// run killed at any moment and started again with the same plan skips what is done, resumes what was started
/// (every step is idempotent: derived request ids, look-before-create) and knows which objects moved because of
/// itself rather than someone else. One JSON object per line; a torn last line (a kill mid-write) is ignored.
package actor ApplyJournal {
    package struct Entry: Sendable, Hashable, Codable {
        package enum Event: String, Sendable, Hashable, Codable {
            case started, applied, failed
        }

        package var address: String
        package var event: Event
        package var requestIds: [String]
        package var createdIds: [String: String]
        package var approvalLink: String?

        package init(
            address: String,
            event: Event,
            requestIds: [String] = [],
            createdIds: [String: String] = [:],
            approvalLink: String? = nil
        ) {
            self.address = address
            self.event = event
            self.requestIds = requestIds
            self.createdIds = createdIds
            self.approvalLink = approvalLink
        }
    }

    package let url: URL
    private var handle: FileHandle?
    private var latest: [String: Entry] = [:]

    /// Opens (creating if needed) the journal at `url`, reading what earlier runs recorded.
    package init(url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
            }
        }
        let data = try Data(contentsOf: url)
        let decoder = JSONDecoder()
        var latest: [String: Entry] = [:]
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let entry = try? decoder.decode(Entry.self, from: Data(line)) else { continue }
            latest[entry.address] = entry
        }
        self.latest = latest
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        self.handle = handle
    }

    /// The journal of `planID` under `directory` (`.cspctl/applies/<plan id>.jsonl`).
    package static func url(planID: String, directory: URL) -> URL {
        directory.appendingPathComponent("applies").appendingPathComponent("\(planID).jsonl")
    }

    /// The last entry per address.
    package func entries() -> [String: Entry] { latest }

    /// Addresses an earlier run started (so their objects may have moved because of apply itself).
    package func startedAddresses() -> Set<String> { Set(latest.keys) }

    package func record(_ entry: Entry) {
        latest[entry.address] = entry
        guard let handle else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard var data = try? encoder.encode(entry) else { return }
        data.append(UInt8(ascii: "\n"))
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            // Losing the journal loses resumption shortcuts, not correctness: every step is idempotent.
            self.handle = nil
        }
    }

    package func close() {
        try? handle?.close()
        handle = nil
    }
}
