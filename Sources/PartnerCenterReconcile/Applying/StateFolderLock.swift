package import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One apply at a time per state folder (`--state-dir`, default `.cspctl`): an exclusive `flock` on
/// `<folder>/apply.lock`, held until the process ends (the kernel releases it on any exit, SIGKILL included, so a
/// crashed run never leaves a stale lock). A second apply in the same folder refuses at once, naming the process
/// that holds the lock, before it reads or sends anything. Runs on other machines or in other folders are kept
/// from buying twice by the derived request ids and the look right before each purchase, not by this lock.
package final class StateFolderLock: @unchecked Sendable {
    package let path: String
    private var descriptor: Int32

    package struct Held: Error, CustomStringConvertible {
        package var path: String
        package var holder: String?

        package var description: String {
            "another cspctl apply\(holder.map { " (\($0))" } ?? "") is running with this state folder (\(path) is "
                + "locked): nothing was read or sent. Wait for it to finish and plan again, or give another "
                + "--state-dir (two applies at once can only race each other)."
        }
    }

    /// Takes the lock of `folder`, creating the folder if needed; throws ``Held`` when another process has it.
    package init(folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("apply.lock").path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            closeLockDescriptor(descriptor)
            descriptor = -1
            throw Held(path: path, holder: holder.flatMap { $0.isEmpty ? nil : $0 })
        }
        let holder = "pid \(getpid()) since \(Date().formatted(.iso8601))\n"
        _ = ftruncate(descriptor, 0)
        _ = holder.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    deinit { release() }

    package func release() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        closeLockDescriptor(descriptor)
        descriptor = -1
    }
}

@inline(__always) private func closeLockDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}
