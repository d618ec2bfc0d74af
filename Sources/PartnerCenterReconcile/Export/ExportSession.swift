package import Foundation
package import PartnerCenterClient
import PartnerCenterModel

/// What `cspctl export` is asked to do.
package struct ExportRequest: Sendable {
    /// The folder the tree is written to (created when missing).
    package var out: URL
    /// `--customer`: these domains (case-insensitive).
    package var customers: [String]
    /// `--all`: every customer of the partner.
    package var all: Bool
    /// `--with-billing`: company names and billing profiles too (personal data).
    package var withBilling: Bool
    /// `--resume`: keep what an interrupted export already read.
    package var resume: Bool

    package init(out: URL, customers: [String] = [], all: Bool = false, withBilling: Bool = false, resume: Bool = false)
    {
        self.out = out
        self.customers = customers
        self.all = all
        self.withBilling = withBilling
        self.resume = resume
    }
}

/// What an export did.
package struct ExportOutcome: Sendable, Hashable {
    /// Paths written, relative to `--out`, sorted.
    package var files: [String]
    /// Customers exported.
    package var customers: Int
    /// Customers taken from the journal of an interrupted export instead of read again.
    package var resumed: Int
    /// Named customers Partner Center does not have.
    package var missing: [String]
    /// Customers some of whose live state could not be read (their files say what); export again with `--resume`.
    package var incomplete: [String]
    /// Files of an earlier export (`--all`) whose customer is gone, removed.
    package var removed: [String]
}

/// `cspctl export`: reads the customers asked for through an open connection (the caller closes it) and writes the
/// manifest tree. Throws only when nothing can be exported (credentials refused, the customer list unreadable,
/// the folder unwritable).
package struct ExportSession: Sendable {
    package var connection: PartnerCenterConnection
    package var parallelism: Int
    /// Told as customers are read (see ``ReadProgress``).
    package var progress: (@Sendable (ReadProgress) -> Void)?

    package init(connection: PartnerCenterConnection, parallelism: Int) {
        self.connection = connection
        self.parallelism = max(1, parallelism)
    }

    package func export(_ request: ExportRequest) async throws -> ExportOutcome {
        guard request.all || !request.customers.isEmpty else { throw ExportError.nothingSelected }
        let folder = request.out
        do {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent("customers"),
                withIntermediateDirectories: true
            )
        } catch {
            throw ExportError.cannotWrite(path: folder.path, reason: error.localizedDescription)
        }
        let (journal, kept) = try ExportJournal.open(in: folder, resume: request.resume)
        defer { journal.close() }
        let records = try await read(request, kept: kept, journal: journal)
        let files = ExportComposer(withBilling: request.withBilling).compose(
            records.records,
            resellers: records.resellers
        )
        try await writeAll(files, in: folder)
        let removed = request.all ? removeStale(in: folder, keeping: Set(files.map(\.path))) : []
        let unattributed = records.records.filter { records.resellers.association(of: $0.tenantId).isUnknown }
        let incomplete = Set(
            records.records.filter { !$0.isComplete }.map(\.domain) + unattributed.map(\.domain) + records.unknown
        )
        .sorted()
        if incomplete.isEmpty { journal.finish() }
        return ExportOutcome(
            files: files.map(\.path).sorted(),
            customers: files.count - 1,
            resumed: records.resumed,
            missing: records.missing,
            incomplete: incomplete,
            removed: removed
        )
    }

    private struct Read {
        var records: [ExportRecord]
        var resumed: Int
        var missing: [String]
        var unknown: [String]
        var resellers: ExportResellers
    }

    private func read(
        _ request: ExportRequest,
        kept: [String: ExportRecord],
        journal: ExportJournal
    ) async throws -> Read {
        let reader = ExportReader(
            reader: LiveStateReader(
                client: connection.client,
                parallelism: parallelism,
                sandbox: connection.sandbox,
                serviceClock: connection.serviceClock
            ),
            withBilling: request.withBilling
        )
        let targets = try await reader.targets(all: request.all, domains: request.customers)
        let resellers = await reader.resellers(of: targets.found)
        let counter = ReadCounter(total: targets.found.count, report: progress)
        var records: [ExportRecord] = []
        var toRead: [ExportReader.Target] = []
        for target in targets.found {
            if let record = kept[target.domain], record.billing != nil || !request.withBilling {
                records.append(record)
            } else {
                toRead.append(target)
            }
        }
        counter.add(records.count)
        let resumed = records.count
        let appUser = connection.client.supportsAppPlusUser
        records += await toRead.boundedMap(width: parallelism) { target in
            let record = await reader.read(target, appUser: appUser)
            try? journal.append(record)
            counter.add(1)
            return record
        }
        return Read(
            records: records,
            resumed: resumed,
            missing: targets.missing,
            unknown: targets.unknown,
            resellers: resellers
        )
    }

    /// Writes the files on every core, a stride each: one core wrote 10,000 customers' files in most of the 5.1 s
    /// an export spent after its reads, 5 % of the rate-limit bound (ExportBenchmark). The first error is thrown.
    private func writeAll(_ files: [ExportFile], in folder: URL) async throws {
        let width = max(1, min(ProcessInfo.processInfo.activeProcessorCount, files.count))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<width {
                group.addTask {
                    for index in stride(from: lane, to: files.count, by: width) {
                        try write(files[index], in: folder)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Writes in place: Foundation's atomic write (a temporary file, then a rename) cost 1.9 ms a file, most of an
    /// export's time after the reads (ExportBenchmark); a file cut short by a killed export is written again by
    /// `--resume`, whose journal is removed only after every file is written.
    private func write(_ file: ExportFile, in folder: URL) throws {
        let url = folder.appendingPathComponent(file.path)
        do {
            try Data(file.contents.utf8).write(to: url)
        } catch {
            throw ExportError.cannotWrite(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Customer files an earlier export wrote (they start with its header) for customers no longer exported.
    private func removeStale(in folder: URL, keeping written: Set<String>) -> [String] {
        let customers = folder.appendingPathComponent("customers")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: customers.path)) ?? []
        var removed: [String] = []
        for name in names.sorted() where name.hasSuffix(".yaml") && !written.contains("customers/\(name)") {
            let url = customers.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path),
                String(decoding: data.prefix(64), as: UTF8.self).hasPrefix(ExportCustomerFile.marker)
            else { continue }
            if (try? FileManager.default.removeItem(at: url)) != nil { removed.append("customers/\(name)") }
        }
        return removed
    }
}
