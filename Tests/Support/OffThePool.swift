import Dispatch

/// Runs long, CPU-bound test work on GCD threads instead of Swift's cooperative pool.
///
/// The cooperative pool has one thread per core: two here and in CI. Every test of the package runs in one
/// process, in parallel, and many of them talk to an in-process emulator whose request handling needs that pool. A
/// synchronous test that computes for a minute (the manifest fuzz test: 2,000 documents on a debug build) held a pool
/// thread the whole time; two such tests together stalled every emulator in the process until its clients timed
/// out. Work run through ``offThePool(_:)`` stays in its test's task (so `#expect` and task-locals work as
/// usual) but its jobs run on this executor's threads.
package final class OffThePoolExecutor: TaskExecutor {
    package static let shared = OffThePoolExecutor()
    private let queue = DispatchQueue(label: "cspctl.tests.off-the-pool", attributes: .concurrent)

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// Runs `body` with its jobs on ``OffThePoolExecutor``: see there.
package func offThePool<T>(_ body: () async throws -> T) async rethrows -> T {
    try await withTaskExecutorPreference(OffThePoolExecutor.shared, operation: body)
}
