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
            guard isDirectory.boolValue else {
                if seen.insert(standardized(path)).inserted { result.append(path) }
                continue
            }
            let found = manifests(inFolder: path)
            if found.isEmpty { diagnostics.append(ManifestMessage.noManifests(path)) }
            // Standardizing every path found costs more than reading the tree: the folder is standardized once
            // and each file keeps its path below it, which has no `.`, `..` or empty component (hidden names are
            // skipped).
            let written = path.hasSuffix("/") ? path : path + "/"
            let base = standardized(path)
            let prefix = base.hasSuffix("/") ? base : base + "/"
            for file in found {
                let key = file.hasPrefix(written) ? prefix + file.dropFirst(written.count) : standardized(file)
                if seen.insert(key).inserted { result.append(file) }
            }
        }
        return result
    }

    /// The key that tells two spellings of one path apart: absolute, without `.` and `..` components.
    private static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    private static func manifests(inFolder folder: String) -> [String] {
        var found: [String] = []
        walk(folder, into: &found, depth: 0)
        return found.sorted()
    }

    /// Recursive, sorted, skipping hidden entries; symbolic-link loops are cut at a fixed depth.
    private static func walk(_ folder: String, into found: inout [String], depth: Int) {
        guard depth < 64, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        let visible = names.sorted().filter { !$0.hasPrefix(".") }
        // One `stat` per entry: on all cores for a folder of thousands of customer files.
        let entries = visible.concurrentMap { name -> (name: String, path: String, exists: Bool, isDirectory: Bool) in
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            return (name, path, exists, isDirectory.boolValue)
        }
        for entry in entries where entry.exists {
            if entry.isDirectory {
                walk(entry.path, into: &found, depth: depth + 1)
            } else if entry.name.hasSuffix(".yaml") || entry.name.hasSuffix(".yml") {
                found.append(entry.path)
            }
        }
    }
}
