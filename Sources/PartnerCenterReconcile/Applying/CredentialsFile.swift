import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--credentials-out FILE`: new customers' admin credentials, one JSON object per line, appended. The file is
/// created with mode 0600 (an existing one must not be readable by group or others), and each line is flushed
/// to disk before apply goes on, so a crash right after a create does not lose the only copy of a password.
package final class CredentialsFile: CredentialsSink, @unchecked Sendable {
    package let path: String
    private let descriptor: Int32
    private let lock = NSLock()

    package init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CredentialsFileError("cannot open \(path) for the new customers' credentials: \(Self.errnoText())")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            throw CredentialsFileError("cannot inspect \(path): \(Self.errnoText())")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            close(descriptor)
            throw CredentialsFileError(
                "\(path) is readable by others (mode \(String(mode, radix: 8))): `chmod 600` it or name a new file"
            )
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    package func record(domain: String, customerID: String, userName: String?, password: String?) throws {
        var object: [String: String] = ["domain": domain, "customerId": customerID]
        object["userName"] = userName
        object["password"] = password
        object["recordedAt"] = Date().formatted(.iso8601)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = try encoder.encode(object)
        data.append(UInt8(ascii: "\n"))
        lock.lock()
        defer { lock.unlock() }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count, fsync(descriptor) == 0 else {
            throw CredentialsFileError("cannot write \(domain)'s credentials to \(path): \(Self.errnoText())")
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

package struct CredentialsFileError: Error, CustomStringConvertible {
    package var description: String

    init(_ description: String) { self.description = description }
}
