package import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one owner of the emulated world. Handlers read and change the state through `read` and `mutate`. With a
/// state file, changes are written by a background writer that coalesces them: a change marks the state dirty,
/// the writer writes it (atomically: a 0600 temporary file, then rename) within `stateFlushInterval`, and
/// `flush()` (called at shutdown) writes what is left. Reads never write, and no request waits for the disk.
package actor EmulatorStore {
    package let configuration: EmulatorConfiguration
    /// The control API's token (`EmulatorConfiguration.controlToken`, or generated at start).
    package nonisolated let controlToken: String
    private var state: EmulatorState
    /// Runtime-only bookkeeping (never persisted): counters, throttling windows, fault sequences.
    private var counters: [String: [Int: Int]] = [:]
    /// Per partner and family: when the current one-minute window began (emulator clock, and real time elapsed)
    /// and how many requests it has counted.
    private var throttleWindows: [String: (start: Date, realStart: Duration, count: Int)] = [:]
    /// The fault rules and their runtime bookkeeping (`Faults/`).
    private var faults: FaultBook {
        didSet {
            faultsConfigured.set(faults.decidesFaults)
            byteOrderMarksConfigured.set(faults.marksBodies)
        }
    }
    /// Whether any fault rule is set, readable without a hop onto the actor (the hot path asks on every request).
    package nonisolated let faultsConfigured: LockedFlag
    /// Whether any rule asks for byte-order marks (read on every request of the token and service surfaces).
    package nonisolated let byteOrderMarksConfigured: LockedFlag
    private let encoder = JSONEncoder()
    /// The GitHub Actions OIDC token service: its signing key (made on first use) and workflow runs. Runtime only:
    /// its tokens are meant to live minutes, and a restarted service has a new key, as after a key rotation.
    var actions: ActionsTokenService?
    /// The state changed since it was last handed to the writer.
    private var dirty = false
    /// The background writer, while one is waiting to write.
    private var writer: Task<Void, Never>?
    /// The last write handed to the disk (writes run one after the other, in the order their snapshots were taken).
    private var lastWrite: Task<Result<Void, any Error>, Never>?
    /// Why the last write failed, if it did: further changes are refused until a write succeeds.
    private var writeFailure: String?
    /// How long the last write took: the writer waits at least that long between writes, so a large state never
    /// keeps a core busy writing back to back.
    private var lastWriteDuration: Duration = .zero

    package init(configuration: EmulatorConfiguration) throws {
        var configuration = configuration
        if let token = configuration.controlToken {
            if let problem = ControlToken.problem(token) { throw EmulatorStoreError(message: problem) }
        } else {
            configuration.controlToken = ControlToken.generate()
        }
        if let problem = FaultList(faults: configuration.faults).problem {
            throw EmulatorStoreError(message: "invalid fault rule: \(problem)")
        }
        self.configuration = configuration
        self.controlToken = configuration.controlToken ?? ""
        let faults = FaultBook(configuration.faults)
        self.faults = faults
        self.faultsConfigured = LockedFlag(faults.decidesFaults)
        self.byteOrderMarksConfigured = LockedFlag(faults.marksBodies)
        guard let path = configuration.stateFile else {
            self.state = EmulatorState()
            return
        }
        if FileManager.default.fileExists(atPath: path) {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw EmulatorStoreError(message: "cannot read the state file \(path): \(error.localizedDescription)")
            }
            do {
                self.state = try EmulatorJSON.stateDecoder.decode(EmulatorState.self, from: data)
            } catch {
                throw EmulatorStoreError(message: "the state file \(path) is not an emulator state: \(error)")
            }
            if let problem = state.problem {
                throw EmulatorStoreError(message: "the state file \(path) is not usable: \(problem)")
            }
        } else {
            self.state = EmulatorState()
        }
        // Write it once now: a state file that cannot be written is refused at start, not at the first change.
        do {
            try StateFile.write(state, to: path)
        } catch {
            throw EmulatorStoreError(message: "cannot write the state file \(path): \(error)")
        }
    }

    // MARK: State

    package func read<T>(_ body: (EmulatorState) throws -> T) rethrows -> T {
        try body(state)
    }

    package func mutate<T>(_ body: (inout EmulatorState) throws -> T) throws -> T {
        if let writeFailure { throw EmulatorStoreError(message: writeFailure) }
        let result = try body(&state)
        markDirty()
        return result
    }

    /// A Graph read: the GDAP state brought up to the emulator clock, then `body` on it. Only a timed transition
    /// that fell due (an activation, an expiry: a change the clock made, which a client may already have seen the
    /// etag of) marks the state for writing; what the read itself builds (the GDAP state's lookup caches) is kept
    /// in memory and never written.
    package func readGraph<T>(_ body: (inout GraphState, Date) throws -> T) rethrows -> T {
        let now = self.now
        if state.graph.advance(to: now) { markDirty() }
        return try body(&state.graph, now)
    }

    /// Replaces the whole state (control API load, reset).
    package func replace(with newState: EmulatorState) throws {
        if let writeFailure { throw EmulatorStoreError(message: writeFailure) }
        state = newState
        throttleWindows = [:]
        markDirty()
    }

    /// Writes any change not yet written and waits for the disk (shutdown; tests that read the file).
    package func flush() async throws {
        if let writer {
            writer.cancel()
            await writer.value
        }
        await writeNow()
        if let writeFailure { throw EmulatorStoreError(message: writeFailure) }
    }

    private func markDirty() {
        guard configuration.stateFile != nil else { return }
        dirty = true
        guard writer == nil else { return }
        writer = Task { await self.writeLoop() }
    }

    /// Waits `stateFlushInterval`, writes, and goes on while changes keep coming.
    private func writeLoop() async {
        while dirty, writeFailure == nil {
            try? await Task.sleep(for: max(configuration.stateFlushInterval, lastWriteDuration))
            await writeNow()
        }
        writer = nil
    }

    /// Hands the current state to the disk (off the actor: requests go on while it is encoded and written).
    private func writeNow() async {
        guard dirty, let path = configuration.stateFile else { return }
        dirty = false
        let snapshot = state
        let previous = lastWrite
        let write = Task.detached { () -> Result<Void, any Error> in
            _ = await previous?.value
            // Encoding, writing and fsync block: they run on a GCD thread, never on Swift's cooperative pool, which
            // has one thread per core (two here) and serves every request; a slow fsync there stalled every
            // emulator in the process (the test suite's in-process emulators timed out while one wrote).
            return await withCheckedContinuation { continuation in
                DispatchQueue.global(qos: .utility).async {
                    continuation.resume(returning: Result { try StateFile.write(snapshot, to: path) })
                }
            }
        }
        lastWrite = write
        let started = ContinuousClock.now
        let result = await write.value
        lastWriteDuration = started.duration(to: .now)
        switch result {
        case .success:
            writeFailure = nil
        case .failure(let error):
            dirty = true
            writeFailure = "cannot write the state file \(path): \(error)"
        }
    }

    // MARK: Clock and ids

    /// The emulator clock.
    package var now: Date {
        EmulatorStore.now(configuration: configuration, state: state)
    }

    package static func now(configuration: EmulatorConfiguration, state: EmulatorState) -> Date {
        (configuration.initialTime ?? Date()).addingTimeInterval(state.clockOffset)
    }

    /// Moves the clock forward; the offset from the start stays within `EmulatorConfiguration.maxClockOffset`.
    package func advanceClock(by seconds: TimeInterval) throws -> Date {
        guard seconds.isFinite, seconds >= 0 else {
            throw EmulatorStoreError(message: "seconds must be a finite number, at least 0")
        }
        guard state.clockOffset + seconds <= EmulatorConfiguration.maxClockOffset else {
            throw EmulatorStoreError(
                message: "the clock can move at most \(Int(EmulatorConfiguration.maxClockOffset)) seconds (100 years) "
                    + "from its start; it is \(state.clockOffset) seconds from it"
            )
        }
        try mutate { $0.clockOffset += seconds }
        return now
    }

    // MARK: Counters

    package func count(route: String, status: Int) {
        counters[route, default: [:]][status, default: 0] += 1
    }

    package func countersSnapshot() -> [String: [Int: Int]] {
        counters
    }

    package func resetCounters() {
        counters = [:]
    }

    // MARK: Throttling

    /// Spends one request of `family`'s budget for `partner`; returns the seconds to wait when it is exhausted.
    package func spendBudget(partner: String, family: String) -> Int? {
        guard let limit = configuration.rateLimits.perMinute[family] else { return nil }
        let key = partner + "|" + family
        let current = now
        let real = configuration.elapsed()
        var window = throttleWindows[key] ?? (current, real, 0)
        func elapsed() -> Double {
            let real = real - window.realStart
            let realSeconds = Double(real.components.seconds) + Double(real.components.attoseconds) / 1e18
            return max(current.timeIntervalSince(window.start), realSeconds)
        }
        // A window ends after a minute of either clock, or when the emulator clock was moved back.
        if elapsed() >= 60 || current < window.start {
            window = (current, real, 0)
        }
        guard window.count < limit else {
            return max(1, Int((60 - elapsed()).rounded(.up)))
        }
        window.count += 1
        throttleWindows[key] = window
        return nil
    }

    // MARK: Faults

    package func faultRules() -> [FaultRule] {
        faults.rules
    }

    package func setFaults(_ rules: [FaultRule]) {
        faults = FaultBook(rules)
    }

    /// What the fault rules say about one request, in one pass over them (see `FaultBook.verdict`).
    package func faultVerdict(route: String, path: String, method: String, decidingFaults: Bool) -> FaultVerdict {
        faults.verdict(
            route: route,
            path: path,
            method: method,
            decidingFaults: decidingFaults,
            seed: configuration.seed
        )
    }

    /// How many times the fault rules were consulted since they were set (one per request they could concern).
    package var faultLookups: Int { faults.lookups }
}

/// A Boolean behind a lock, for state that request handlers read without hopping onto the store actor.
package final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Bool

    init(_ value: Bool) { self.value = value }

    package var isSet: Bool { lock.withLock { value } }

    func set(_ newValue: Bool) { lock.withLock { value = newValue } }
}

/// The state file on disk: written whole to a temporary file created 0600 (it holds every token, secret and admin
/// password), synced, then renamed over the file, so a reader sees the old state or the new one, never a mix, and
/// never with wider permissions than the owner's.
enum StateFile {
    static func write(_ state: EmulatorState, to path: String) throws {
        let data = try EmulatorJSON.encoder.encode(state)
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw EmulatorStoreError(message: "cannot create \(temporary): \(errorText())") }
        var failure: String?
        do {
            try FileHandle(fileDescriptor: descriptor, closeOnDealloc: false).write(contentsOf: data)
        } catch {
            failure = "cannot write \(temporary): \(error.localizedDescription)"
        }
        if failure == nil, fsync(descriptor) != 0 { failure = "cannot sync \(temporary): \(errorText())" }
        close(descriptor)
        if failure == nil, rename(temporary, path) != 0 { failure = "cannot replace \(path): \(errorText())" }
        if let failure {
            unlink(temporary)
            throw EmulatorStoreError(message: failure)
        }
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}

package struct EmulatorStoreError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
