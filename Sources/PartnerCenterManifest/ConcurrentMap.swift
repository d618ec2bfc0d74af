import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `map` on all cores, keeping the order: the elements are cut into contiguous blocks that the cores take in
    /// turn (a core slowed by another process takes fewer), and the blocks' results are joined in order, so they
    /// (and anything a caller appends from them) come out exactly as a sequential `map` would give them.
    func concurrentMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard cores > 1, count > 1 else { return map(transform) }
        let blocks = Swift.min(count, cores * 16)
        let size = (count + blocks - 1) / blocks
        let results = ResultSlots<Result>(count: blocks)
        DispatchQueue.concurrentPerform(iterations: blocks) { block in
            let start = Swift.min(count, block * size)
            let end = Swift.min(count, start + size)
            results.set(block, self[start..<end].map(transform))
        }
        return results.values().flatMap { $0 }
    }
}

/// One slot per block, each written once, read after they all finish.
private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [[Value]]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: [], count: count) }

    func set(_ index: Int, _ values: [Value]) {
        lock.lock()
        slots[index] = values
        lock.unlock()
    }

    func values() -> [[Value]] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
