package import Foundation

/// The one owner of the emulated world. Handlers read and change the state through `read` and `mutate`;
/// `mutate` writes the state file atomically (temporary file + rename) when one is configured.
package actor EmulatorStore {
    package let configuration: EmulatorConfiguration
    private var state: EmulatorState
    /// Runtime-only bookkeeping (never persisted): counters, throttling windows, fault sequences.
    private var counters: [String: [Int: Int]] = [:]
    /// Per partner and family: when the current one-minute window began (emulator clock, and real time elapsed)
    /// and how many requests it has counted.
    private var throttleWindows: [String: (start: Date, realStart: Duration, count: Int)] = [:]
    private var faults: [FaultRule] {
        didSet {
            faultsConfigured.set(faults.contains { !$0.onlyByteOrderMark })
            byteOrderMarksConfigured.set(faults.contains { $0.byteOrderMark == true })
            faultExpressions = faults.map(FaultMatcher.compile)
        }
    }
    /// `faults[i].route` compiled.
    private var faultExpressions: [Regex<AnyRegexOutput>?]
    /// Whether any fault rule is set, readable without a hop onto the actor (the hot path asks on every request).
    package nonisolated let faultsConfigured: LockedFlag
    /// Whether any rule asks for byte-order marks (read on every request of the token and service surfaces).
    package nonisolated let byteOrderMarksConfigured: LockedFlag
    private var faultMatches: [Int: Int] = [:]
    private var faultBursts: [Int: Int] = [:]
    private let encoder = JSONEncoder()
    /// The GitHub Actions OIDC token service: its signing key (made on first use) and workflow runs. Runtime only:
    /// its tokens are meant to live minutes, and a restarted service has a new key, as after a key rotation.
    var actions: ActionsTokenService?

    package init(configuration: EmulatorConfiguration) throws {
        self.configuration = configuration
        self.faults = configuration.faults
        self.faultsConfigured = LockedFlag(configuration.faults.contains { !$0.onlyByteOrderMark })
        self.byteOrderMarksConfigured = LockedFlag(configuration.faults.contains { $0.byteOrderMark == true })
        self.faultExpressions = configuration.faults.map(FaultMatcher.compile)
        if let path = configuration.stateFile, FileManager.default.fileExists(atPath: path) {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            self.state = try EmulatorJSON.stateDecoder.decode(EmulatorState.self, from: data)
        } else {
            self.state = EmulatorState()
        }
    }

    // MARK: State

    package func read<T>(_ body: (EmulatorState) throws -> T) rethrows -> T {
        try body(state)
    }

    package func mutate<T>(_ body: (inout EmulatorState) throws -> T) throws -> T {
        let result = try body(&state)
        try persist()
        return result
    }

    /// Replaces the whole state (control API load, reset).
    package func replace(with newState: EmulatorState) throws {
        state = newState
        throttleWindows = [:]
        try persist()
    }

    private func persist() throws {
        guard let path = configuration.stateFile else { return }
        let data = try EmulatorJSON.encoder.encode(state)
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        try data.write(to: temporary)
        if rename(temporary.path, url.path) != 0 {
            throw EmulatorStoreError(message: "cannot replace \(path): errno \(errno)")
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

    package func advanceClock(by seconds: TimeInterval) throws -> Date {
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
        faults
    }

    package func setFaults(_ rules: [FaultRule]) {
        faults = rules
        faultMatches = [:]
        faultBursts = [:]
    }

    /// Whether the answer to one request starts with a UTF-8 byte-order mark: any matching rule asks for it.
    package func sendsByteOrderMark(route: String, path: String, method: String) -> Bool {
        faults.indices.contains { index in
            faults[index].byteOrderMark == true
                && FaultMatcher.matches(
                    faults[index],
                    expression: faultExpressions[index],
                    route: route,
                    path: path,
                    method: method
                )
        }
    }

    /// Decides what happens to one request. The first matching rule applies (rules that only ask for
    /// byte-order marks take no part).
    package func faultDecision(route: String, path: String, method: String) -> FaultDecision {
        for (index, rule) in faults.enumerated()
        where !rule.onlyByteOrderMark
            && FaultMatcher.matches(
                rule,
                expression: faultExpressions[index],
                route: route,
                path: path,
                method: method
            )
        {
            let sequence = faultMatches[index, default: 0]
            faultMatches[index] = sequence + 1
            // A 429 burst runs its full length even past the rule's limit.
            if let limit = rule.limit, sequence >= limit, faultBursts[index, default: 0] == 0 { return .none }
            return FaultMatcher.decide(
                rule,
                seed: configuration.seed,
                ruleIndex: index,
                sequence: sequence,
                burstRemaining: &faultBursts[index, default: 0]
            )
        }
        return .none
    }
}

/// A Boolean behind a lock, for state that request handlers read without hopping onto the store actor.
package final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Bool

    init(_ value: Bool) { self.value = value }

    package var isSet: Bool { lock.withLock { value } }

    func set(_ newValue: Bool) { lock.withLock { value = newValue } }
}

package struct EmulatorStoreError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
