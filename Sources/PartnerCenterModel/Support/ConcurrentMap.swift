import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `map` on all cores, keeping the order: the elements are cut into contiguous blocks that the cores take in
    /// turn (a core slowed by another process takes fewer), each result is written straight into its place, and
    /// the results are moved (not copied) into the array returned, so they (and anything a caller appends from
    /// them) come out exactly as a sequential `map` would give them.
    /// `parallel: false` runs it on the calling thread (tests check the output does not depend on it).
    package func concurrentMap<Result: Sendable>(
        parallel: Bool = true,
        _ transform: @Sendable (Element) -> Result
    ) -> [Result] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard parallel, cores > 1, count > 1 else { return map(transform) }
        let blocks = Swift.min(count, cores * 16)
        let size = (count + blocks - 1) / blocks
        let slots = ResultSlots<Result>(count: count)
        DispatchQueue.concurrentPerform(iterations: blocks) { block in
            let start = Swift.min(count, block * size)
            let end = Swift.min(count, start + size)
            for index in start..<end { slots.initialize(index, to: transform(self[index])) }
        }
        return slots.moveOut()
    }
}

/// Uninitialized memory for `count` results, each initialized once by one worker (distinct indices, so no lock),
/// then moved into an array after every worker has finished.
private struct ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Value>

    init(count: Int) { buffer = .allocate(capacity: count) }

    func initialize(_ index: Int, to value: Value) { buffer.initializeElement(at: index, to: value) }

    /// The results, in order; the memory is freed. Call once, after every slot was initialized.
    func moveOut() -> [Value] {
        defer { buffer.deallocate() }
        return Array(unsafeUninitializedCapacity: buffer.count) { target, initialized in
            _ = target.moveInitialize(fromContentsOf: buffer)
            initialized = buffer.count
        }
    }
}

/// Drops the caller's last reference to `value` on another thread. Freeing tens of thousands of decoded
/// customers is serial work as long as the rest of a load; nothing waits for it.
package func releaseInBackground<Value: Sendable>(_ value: consuming Value) {
    let owned = value
    DispatchQueue.global(qos: .utility).async { withExtendedLifetime(owned) {} }
}
