package import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What apply has done with one plan, appended (and flushed to disk) before and after every change, so that a
/// run killed at any moment and started again with the same plan skips what is done, resumes what was started
/// (every step is idempotent: derived request ids, look-before-create) and knows which objects moved because of
/// itself rather than someone else. One JSON object per line; a torn last line (a kill mid-write) is ignored.
package actor ApplyJournal {
    package struct Entry: Sendable, Hashable, Codable {
        package enum Event: String, Sendable, Hashable, Codable {
            case started, applied, failed
            /// The partner reset a new customer's admin password whose creation answer was lost
            /// (`--admin-password-reset DOMAIN`): nothing to recover any more.
            case passwordReset
        }

        package var address: String
        package var event: Event
        package var requestIds: [String]
        package var createdIds: [String: String]
        package var approvalLink: String?
        /// When the entry was written (ordering entries across journals).
        package var at: Date?
        /// The change creates a customer: its admin password comes only in the creation's answer.
        package var createsCustomer: Bool?
        /// For a customer creation: whether its admin credentials reached the credentials file.
        package var credentialsRecorded: Bool?
        /// For a failed customer creation: the failure shows nothing was created (a 4xx answer, or the customer
        /// appeared since the plan), so no password can have been lost.
        package var createdNothing: Bool?

        package init(
            address: String,
            event: Event,
            requestIds: [String] = [],
            createdIds: [String: String] = [:],
            approvalLink: String? = nil,
            at: Date? = nil,
            createsCustomer: Bool? = nil,
            credentialsRecorded: Bool? = nil,
            createdNothing: Bool? = nil
        ) {
            self.address = address
            self.event = event
            self.requestIds = requestIds
            self.createdIds = createdIds
            self.approvalLink = approvalLink
            self.at = at
            self.createsCustomer = createsCustomer
            self.credentialsRecorded = credentialsRecorded
            self.createdNothing = createdNothing
        }
    }

    package nonisolated let url: URL
    private var descriptor: Int32
    private var latest: [String: Entry] = [:]

    /// Opens (creating if needed) the journal at `url` for appending, reading what earlier runs recorded. Every
    /// entry is one `write` of one whole line to a descriptor opened with `O_APPEND`, so lines from two processes
    /// never interleave or overwrite each other (the state folder's lock keeps a second apply out anyway).
    package init(url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        let descriptor = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        self.descriptor = descriptor
        self.latest = Self.read(url).reduce(into: [:]) { $0[$1.address] = $1 }
    }

    deinit {
        if descriptor >= 0 { _ = closeDescriptor(descriptor) }
    }

    /// Every readable entry of the journal at `url`, in order; a torn or foreign line is skipped.
    package static func read(_ url: URL) -> [Entry] {
        guard let data = try? Data(contentsOf: url) else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            try? decoder.decode(Entry.self, from: Data(line))
        }
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
        var entry = entry
        if entry.at == nil { entry.at = Date() }
        latest[entry.address] = entry
        guard descriptor >= 0 else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        guard var data = try? encoder.encode(entry) else { return }
        data.append(UInt8(ascii: "\n"))
        // One write of the whole line: with O_APPEND the kernel places it at the end in one piece.
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written != data.count || fsync(descriptor) != 0 {
            // Losing the journal loses resumption shortcuts, not correctness: every step is idempotent.
            _ = closeDescriptor(descriptor)
            descriptor = -1
        }
    }

    package func close() {
        if descriptor >= 0 { _ = closeDescriptor(descriptor) }
        descriptor = -1
    }
}

private func closeDescriptor(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.close(descriptor)
    #else
    Darwin.close(descriptor)
    #endif
}
