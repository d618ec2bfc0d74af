import Foundation
import PartnerCenterManifest
import PartnerCenterModel
import PartnerCenterRendering
import Testing

/// Paths and helpers shared by the manifest tests. Fixtures are read from the source tree (next to the tests),
/// so snapshots can be re-recorded in place with RECORD_SNAPSHOTS=1.
enum ManifestFixtures {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsFolder.appendingPathComponent("Fixtures")
    static let packageRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let schema = packageRoot.appendingPathComponent("schemas/manifest.schema.json")
    static let examples = packageRoot.appendingPathComponent("examples")

    /// Manifest files below `folder`, as paths relative to `base`, sorted.
    static func yamlFiles(in folder: URL) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        var found: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "yaml" || url.pathExtension == "yml" { found.append(url) }
        }
        return found.sorted { $0.path < $1.path }
    }

    /// The cases of an invalid-fixture category: each `.yaml` file, and each sub-folder (loaded as one tree).
    static func cases(_ category: String) -> [String] {
        let folder = fixtures.appendingPathComponent("invalid/\(category)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || !$0.contains(".") }.sorted()
    }

    /// Loads a fixture case with paths relative to the fixtures folder (stable output on every machine).
    static func load(category: String, name: String) -> ManifestLoadResult {
        load(relative: "invalid/\(category)/\(name)")
    }

    /// Loads a file or folder below `Fixtures/`, naming files by their path relative to it.
    static func load(relative: String) -> ManifestLoadResult {
        let url = fixtures.appendingPathComponent(relative)
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
        let files = isDirectory.boolValue ? yamlFiles(in: url) : [url]
        let prefix = fixtures.path + "/"
        let sources = files.map { file in
            ManifestSource(
                path: String(file.path.dropFirst(prefix.count)),
                bytes: [UInt8]((try? Data(contentsOf: file)) ?? Data())
            )
        }
        return ManifestLoader().load(sources: sources)
    }

    static func text(_ result: ManifestLoadResult) -> String {
        DiagnosticPrinter.text(
            result.diagnostics,
            summary: ValidationSummary(
                files: result.fileCount,
                customers: result.customerCount,
                subscriptions: result.subscriptionCount
            )
        )
    }
}

/// Compares `actual` with the snapshot file; RECORD_SNAPSHOTS=1 rewrites the file instead.
func assertSnapshot(_ actual: String, file snapshot: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try? actual.write(to: snapshot, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: snapshot, encoding: .utf8) else {
        Issue.record(
            "missing snapshot \(snapshot.lastPathComponent); run with RECORD_SNAPSHOTS=1 to record it",
            sourceLocation: sourceLocation
        )
        return
    }
    guard expected != actual else { return }
    Issue.record(
        "snapshot \(snapshot.lastPathComponent) differs (re-record with RECORD_SNAPSHOTS=1):\n\(lineDiff(expected, actual))",
        sourceLocation: sourceLocation
    )
}

/// A readable line diff: `-` expected, `+` actual, for lines that differ.
func lineDiff(_ expected: String, _ actual: String) -> String {
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var output: [String] = []
    for index in 0..<max(old.count, new.count) {
        let left = index < old.count ? String(old[index]) : nil
        let right = index < new.count ? String(new[index]) : nil
        if left != right {
            if let left { output.append("- \(left)") }
            if let right { output.append("+ \(right)") }
        }
    }
    return output.joined(separator: "\n")
}
