import Dispatch
package import Testing

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
    private let queue: DispatchQueue = {
        let queue = DispatchQueue(label: "cspctl.tests.off-the-pool", attributes: .concurrent)
        queue.setSpecific(key: OffThePoolExecutor.marker, value: true)
        return queue
    }()
    private static let marker = DispatchSpecificKey<Bool>()

    /// True on this executor's threads (not on the cooperative pool).
    package static var isCurrent: Bool { DispatchQueue.getSpecific(key: marker) == true }

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

/// A suite trait that runs each of the suite's tests as ``offThePool(_:)`` does: for suites whose tests compute
/// synchronously for seconds (parsing thousands of documents, generated trees), so that running in parallel they
/// never hold the cooperative threads the loopback tests' emulators need. `@Suite(.tags(.unit), .offThePool)`.
package struct OffThePoolTrait: SuiteTrait, TestTrait, TestScoping {
    package var isRecursive: Bool { true }

    package func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withTaskExecutorPreference(OffThePoolExecutor.shared, operation: function)
    }
}

extension Trait where Self == OffThePoolTrait {
    /// See ``OffThePoolTrait``.
    package static var offThePool: Self { OffThePoolTrait() }
}
