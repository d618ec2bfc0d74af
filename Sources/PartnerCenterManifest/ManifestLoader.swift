import Crypto
import Foundation
package import PartnerCenterModel

/// A manifest file's bytes, as read from disk or given by a test.
package struct ManifestSource: Sendable {
    package var path: String
    package var bytes: [UInt8]

    package init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    package init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }
}

/// What loading manifests produced: the desired state when there is no error, and every diagnostic.
package struct ManifestLoadResult: Sendable {
    /// nil when any diagnostic is an error, and always for a loader that does not build the state.
    package var state: DesiredState?
    /// Sorted for output (file, line, column).
    package var diagnostics: [Diagnostic]
    package var fileCount: Int
    package var customerCount: Int
    package var subscriptionCount: Int

    package var hasErrors: Bool { diagnostics.hasErrors }
}

/// Loads manifests: files and folders → YAML nodes with marks → located raw values → `defaults` merged →
/// validated → `DesiredState`. Never stops at the first problem, never traps on bad input, never prints.
package struct ManifestLoader: Sendable {
    /// Files and customers on all cores; false for one thread (the output is the same, which tests check).
    var parallel = true
    /// False for `validate`, which needs the diagnostics and counts only (the same ones, which tests check): no
    /// `DesiredState`, so no typed customer per merged customer, no manifest digest and no file bytes kept for it.
    var buildsState = true

    package init(buildsState: Bool = true) { self.buildsState = buildsState }

    /// What diagnostics call a manifest read from standard input (`cspctl validate -`).
    package static let standardInputName = "<stdin>"

    /// The largest manifest file read; larger ones are an error.
    package static var maximumFileSize: Int { ManifestParsing.maximumFileSize }

    init(parallel: Bool, buildsState: Bool = true) {
        self.parallel = parallel
        self.buildsState = buildsState
    }

    /// Reads `paths` (files, or folders searched recursively for `*.yaml`/`*.yml`, hidden entries skipped).
    package func load(paths: [String]) -> ManifestLoadResult {
        var diagnostics: [Diagnostic] = []
        let files = ManifestFileDiscovery.files(for: paths, diagnostics: &diagnostics)
        let decoded = files.concurrentMap(parallel: parallel) { path -> (RawFile?, [UInt8], [Diagnostic]) in
            let bytes: [UInt8]
            switch ManifestFileReader.bytes(atPath: path) {
            case .success(let read): bytes = read
            case .failure(let failure): return (nil, [], [ManifestMessage.unreadable(path, failure)])
            }
            let (file, found) = Self.decode(ManifestSource(path: path, bytes: bytes))
            return (file, buildsState ? bytes : [], found)
        }
        let result = finish(
            decoded: decoded.map { ($0.0, $0.2) },
            sources: zip(files, decoded).map { ManifestSource(path: $0, bytes: $1.1) },
            diagnostics: diagnostics
        )
        releaseInBackground(consume decoded)
        return result
    }

    /// Loads sources already in memory (tests, fuzzing), in the order given.
    package func load(sources: [ManifestSource]) -> ManifestLoadResult {
        let decoded = sources.concurrentMap(parallel: parallel) { Self.decode($0) }
        return finish(decoded: decoded, sources: sources, diagnostics: [])
    }

    private static func decode(_ source: ManifestSource) -> (RawFile?, [Diagnostic]) {
        let (root, nodeCount, parseDiagnostics) = ManifestParsing.parse(path: source.path, bytes: source.bytes)
        guard let root else { return (nil, parseDiagnostics) }
        let (file, found) = ManifestDecoder.decode(root: root, path: source.path, nodeCount: nodeCount)
        return (file, parseDiagnostics + found)
    }

    private func finish(
        decoded: consuming [(RawFile?, [Diagnostic])],
        sources: consuming [ManifestSource],
        diagnostics: [Diagnostic]
    )
        -> ManifestLoadResult
    {
        var all = diagnostics
        var files: [RawFile] = []
        files.reserveCapacity(decoded.count)
        for index in decoded.indices {
            all.append(contentsOf: decoded[index].1)
            if let file = decoded[index].0 { files.append(file) }
        }
        let desired = ManifestValidator.validate(files, parallel: parallel, buildsState: buildsState, into: &all)
        let sorted = Self.deduplicated(all).sortedForOutput()
        let customers = files.reduce(0) { $0 + $1.customers.count }
        let subscriptions = files.reduce(0) { total, file in
            total + file.customers.reduce(0) { $0 + $1.subscriptions.count }
        }
        var result = ManifestLoadResult(
            state: nil,
            diagnostics: sorted,
            fileCount: sources.count,
            customerCount: customers,
            subscriptionCount: subscriptions
        )
        if buildsState, !sorted.hasErrors {
            result.state = DesiredStateBuilder.build(
                customers: consume desired,
                files: files,
                digest: Self.digest(sources),
                paths: sources.map(\.path)
            )
            // The plan carries them (JSON, the pull-request comment, a saved plan), not only stderr.
            result.state?.warnings = PlanWarning.warnings(in: sorted)
        }
        releaseInBackground((consume decoded, consume files, consume sources))
        return result
    }

    /// A rule that sees a value inherited from `defaults` once per customer may report the same problem at the
    /// same place many times: keep one.
    private static func deduplicated(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen: Set<Diagnostic> = []
        return diagnostics.filter { seen.insert($0).inserted }
    }

    /// SHA-256 over each file's path and content, in the order read (sorted path order within folders).
    static func digest(_ sources: [ManifestSource]) -> String {
        var hasher = SHA256()
        for source in sources {
            hasher.update(data: Array(source.path.utf8))
            hasher.update(data: [0])
            hasher.update(data: Array(String(source.bytes.count).utf8))
            hasher.update(data: [0])
            hasher.update(data: source.bytes)
        }
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }
        .joined()
    }
}
