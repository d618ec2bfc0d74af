import Foundation
import PartnerCenterModel

/// Turns the paths a user gives into the manifest files to read.
///
/// A file is taken as given (whatever its extension); a folder is searched recursively for `*.yaml` and `*.yml`,
/// skipping hidden files and folders (names starting with `.`), in sorted path order.
///
/// Each real file and folder (device and inode) is read once, however many paths or symbolic links lead to it:
/// the same file named twice, a link to a file already found, a second link to a folder already walked. A link
/// back to a folder that contains it (a loop) is not followed, with a warning. In a folder, a `*.yaml` entry that
/// is not a regular file (a FIFO, a device, a socket) or that cannot be followed (a broken link) is skipped with a
/// warning located at its path: a FIFO is never opened by the walk, so it cannot block it.
enum ManifestFileDiscovery {
    /// A file's identity on this machine, whatever path reaches it.
    struct FileID: Hashable, Sendable {
        var device: UInt64
        var inode: UInt64

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    /// Deeper folder trees are not walked (with a warning): far beyond any manifest layout.
    static let maximumFolderDepth = 64

    static func files(for paths: [String], diagnostics: inout [Diagnostic]) -> [String] {
        var result: [String] = []
        var seenFiles: Set<FileID> = []
        var walkedFolders: Set<FileID> = []
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else {
                let code = errno
                var link = stat()
                if code == ENOENT, lstat(path, &link) != 0 {
                    diagnostics.append(ManifestMessage.pathNotFound(path))
                } else {
                    diagnostics.append(ManifestMessage.unreadable(path, String(cString: strerror(code))))
                }
                continue
            }
            guard info.st_mode & S_IFMT == S_IFDIR else {
                // Named explicitly: the reader reports a FIFO or a device as an error, without blocking on it.
                if seenFiles.insert(FileID(info)).inserted { result.append(path) }
                continue
            }
            let folder = FileID(info)
            guard walkedFolders.insert(folder).inserted else { continue }
            var walk = Walk(seenFolders: walkedFolders)
            walk.walk(path, id: folder, ancestors: [folder], depth: 0)
            walkedFolders = walk.seenFolders
            diagnostics.append(contentsOf: walk.diagnostics)
            if walk.found.isEmpty && walk.diagnostics.isEmpty {
                diagnostics.append(ManifestMessage.noManifests(path))
            }
            // Sorted path order; of several paths to one file, the first in that order is read.
            for (file, id) in walk.found.sorted(by: { $0.path < $1.path }) where seenFiles.insert(id).inserted {
                result.append(file)
            }
        }
        return result
    }

    /// One folder tree's walk: recursive, sorted, hidden entries skipped, each folder entered once.
    private struct Walk {
        var seenFolders: Set<FileID>
        var found: [(path: String, id: FileID)] = []
        var diagnostics: [Diagnostic] = []

        private enum Entry: Sendable {
            case folder(FileID)
            case manifest(FileID)
            case skipped(String)
            case other
        }

        mutating func walk(_ folder: String, id: FileID, ancestors: Set<FileID>, depth: Int) {
            guard depth < maximumFolderDepth else {
                diagnostics.append(
                    ManifestMessage.skippedEntry(folder, "folders nested more than \(maximumFolderDepth) deep")
                )
                return
            }
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
            let visible = names.sorted().filter { !$0.hasPrefix(".") }
            // One `stat` per entry (it follows links; it never opens the file): on all cores for a folder of
            // thousands of customer files.
            let entries = visible.concurrentMap { name -> (path: String, entry: Entry) in
                let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
                return (path, Self.classify(path, isManifestName: name.hasSuffix(".yaml") || name.hasSuffix(".yml")))
            }
            for (path, entry) in entries {
                switch entry {
                case .folder(let child):
                    if ancestors.contains(child) {
                        diagnostics.append(
                            ManifestMessage.skippedEntry(
                                path,
                                "a link back to a folder that contains it (a loop); not followed"
                            )
                        )
                    } else if seenFolders.insert(child).inserted {
                        walk(path, id: child, ancestors: ancestors.union([child]), depth: depth + 1)
                    }
                case .manifest(let file):
                    found.append((path, file))
                case .skipped(let reason):
                    diagnostics.append(ManifestMessage.skippedEntry(path, reason))
                case .other:
                    break
                }
            }
        }

        private static func classify(_ path: String, isManifestName: Bool) -> Entry {
            var info = stat()
            guard stat(path, &info) == 0 else {
                let code = errno
                var link = stat()
                // A name listed a moment ago that is gone now: deleted during the walk, nothing to read.
                guard lstat(path, &link) == 0 else { return .other }
                if link.st_mode & S_IFMT == S_IFLNK {
                    return .skipped(
                        code == ELOOP
                            ? "a symbolic link that loops; not followed"
                            : "a symbolic link that cannot be followed (\(String(cString: strerror(code))))"
                    )
                }
                return isManifestName ? .skipped(String(cString: strerror(code))) : .other
            }
            if info.st_mode & S_IFMT == S_IFDIR { return .folder(FileID(info)) }
            guard isManifestName else { return .other }
            if let kind = ManifestFileReader.nonRegularKind(info.st_mode) {
                return .skipped("it is \(kind), not a regular file")
            }
            return .manifest(FileID(info))
        }
    }
}
