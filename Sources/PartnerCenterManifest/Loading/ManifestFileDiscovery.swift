import Foundation
import PartnerCenterModel

/// Turns the paths a user gives into the manifest files to read.
///
/// A file is taken as given (whatever its extension); a folder is searched recursively for `*.yaml` and `*.yml`,
/// skipping hidden files and folders (names starting with `.`), in sorted path order. The same file named twice
/// is read once.
enum ManifestFileDiscovery {
    static func files(for paths: [String], diagnostics: inout [Diagnostic]) -> [String] {
        var result: [String] = []
        var seen: Set<String> = []
        let fileManager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.append(ManifestMessage.pathNotFound(path))
                continue
            }
            let found = isDirectory.boolValue ? manifests(inFolder: path) : [path]
            if found.isEmpty { diagnostics.append(ManifestMessage.noManifests(path)) }
            for file in found {
                let key = URL(fileURLWithPath: file).standardizedFileURL.path
                if seen.insert(key).inserted { result.append(file) }
            }
        }
        return result
    }

    private static func manifests(inFolder folder: String) -> [String] {
        var found: [String] = []
        walk(folder, into: &found, depth: 0)
        return found.sorted()
    }

    /// Recursive, sorted, skipping hidden entries; symbolic-link loops are cut at a fixed depth.
    private static func walk(_ folder: String, into found: inout [String], depth: Int) {
        guard depth < 64, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                walk(path, into: &found, depth: depth + 1)
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                found.append(path)
            }
        }
    }
}
