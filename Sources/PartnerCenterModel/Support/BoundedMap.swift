extension Array where Element: Sendable {
    /// `map` through an async `body`, at most `width` calls running at a time, results in input order: the package's
    /// one bounded-concurrency helper for I/O (the live-state reader's requests, apply's customers). CPU-bound work
    /// uses ``concurrentMap(parallel:_:)`` instead, which runs on threads rather than tasks.
    ///
    /// Items start in order, each as soon as an earlier one finishes. When `body` throws, nothing more starts, the
    /// running calls are cancelled and the error is rethrown once they have ended (as `withThrowingTaskGroup` does);
    /// a `body` that cannot throw makes the whole call non-throwing.
    package func boundedMap<Output: Sendable, Failure: Error>(
        width: Int,
        _ body: @escaping @Sendable (Element) async throws(Failure) -> Output
    ) async throws(Failure) -> [Output] {
        guard !isEmpty else { return [] }
        let outcome = await withTaskGroup(of: (Int, Result<Output, Failure>).self) { group in
            var results: [Output?] = Array<Output?>(repeating: nil, count: count)
            var next = 0
            func start() {
                guard next < count else { return }
                let index = next
                let item = self[index]
                next += 1
                group.addTask {
                    do throws(Failure) {
                        return (index, .success(try await body(item)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            for _ in 0..<Swift.min(Swift.max(1, width), count) { start() }
            while let (index, result) = await group.next() {
                switch result {
                case .success(let value):
                    results[index] = value
                    start()
                case .failure(let error):
                    group.cancelAll()
                    return Result<[Output], Failure>.failure(error)
                }
            }
            return .success(results.compactMap { $0 })
        }
        return try outcome.get()
    }
}
