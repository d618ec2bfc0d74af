import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `map` on all cores, keeping the order: the elements are cut into contiguous blocks that the cores take in
    /// turn (a core slowed by another process takes fewer), and each result is written straight into its place in
    /// the array returned (no copy of the results: for large results, a copy is as much memory written again), so
    /// they (and anything a caller appends from them) come out exactly as a sequential `map` would give them.
    /// `parallel: false` runs it on the calling thread (tests check the output does not depend on it).
    package func concurrentMap<Result: Sendable>(
        parallel: Bool = true,
        _ transform: @Sendable (Element) -> Result
    ) -> [Result] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard parallel, cores > 1, count > 1 else { return map(transform) }
        // Small blocks: when one core runs out of blocks, the other finishes at most one more (a few ms for the
        // loader's files), instead of leaving a core idle while it finishes a large one.
        let blocks = Swift.min(count, cores * 64)
        let size = (count + blocks - 1) / blocks
        return [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
            let slots = ResultSlots(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: blocks) { block in
                let start = Swift.min(count, block * size)
                let end = Swift.min(count, start + size)
                for index in start..<end { slots.initialize(index, to: transform(self[index])) }
            }
            initialized = count
        }
    }
}

/// The uninitialized storage of the array being made, each element initialized once by one worker (distinct
/// indices, so no lock); the array counts them only after every worker has finished.
private struct ResultSlots<Value: Sendable>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Value>

    func initialize(_ index: Int, to value: Value) { buffer.initializeElement(at: index, to: value) }
}

/// Drops the caller's last reference to `value` on another thread. Freeing tens of thousands of decoded
/// customers is serial work as long as the rest of a load; nothing waits for it.
package func releaseInBackground<Value: Sendable>(_ value: consuming Value) {
    let owned = value
    DispatchQueue.global(qos: .utility).async { withExtendedLifetime(owned) {} }
}
