import Foundation

/// How far a read of live state has got, for a progress display: customers whose reads are finished (found and
/// read, not found, or unknown), of all the manifests name.
package struct ReadProgress: Sendable, Hashable {
    package var customersRead: Int
    package var customersTotal: Int

    package init(customersRead: Int, customersTotal: Int) {
        self.customersRead = customersRead
        self.customersTotal = customersTotal
    }
}

/// Counts finished customers across the reader's concurrent tasks and reports each new count.
final class ReadCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let total: Int
    private let report: (@Sendable (ReadProgress) -> Void)?

    init(total: Int, report: (@Sendable (ReadProgress) -> Void)?) {
        self.total = total
        self.report = report
    }

    func add(_ count: Int) {
        guard let report, count > 0 else { return }
        let now = lock.withLock {
            done += count
            return done
        }
        report(ReadProgress(customersRead: now, customersTotal: total))
    }
}
