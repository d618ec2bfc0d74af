package import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--credentials-out FILE`: new customers' admin credentials, one JSON object per line, appended. A new file is
/// created exclusively (`O_CREAT | O_EXCL | O_NOFOLLOW`) with mode 0600; an existing one is opened without
/// following a symbolic link (`O_NOFOLLOW`) and must be a regular file with one link, owned by the user running
/// apply, and not readable by group or others. Each line is flushed to disk before apply goes on, so a crash right
/// after a create does not lose the only copy of a password. With a recipient (`--credentials-recipient`) each line
/// is the record sealed to that public key (``SealedCredentials``): the plaintext is never written.
package final class CredentialsFile: CredentialsSink, @unchecked Sendable {
    package let path: String
    private let descriptor: Int32
    private let lock = NSLock()
    private var recorded: Set<String> = []
    private let recipient: Curve25519.KeyAgreement.PublicKey?

    package init(path: String, recipient: Curve25519.KeyAgreement.PublicKey? = nil) throws {
        self.path = path
        self.recipient = recipient
        let flags = O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW
        var descriptor = open(path, flags | O_CREAT | O_EXCL, 0o600)
        if descriptor < 0, errno == EEXIST {
            descriptor = open(path, flags)
        }
        guard descriptor >= 0 else {
            if errno == ELOOP {
                throw CredentialsFileError(
                    "\(path) is a symbolic link: the credentials file must be a regular file, so the passwords go "
                        + "where you see them; name the file itself or a new file"
                )
            }
            throw CredentialsFileError("cannot open \(path) for the new customers' credentials: \(Self.errnoText())")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            throw CredentialsFileError("cannot inspect \(path): \(Self.errnoText())")
        }
        if let problem = Self.problem(with: info, path: path) {
            close(descriptor)
            throw CredentialsFileError(problem)
        }
        self.descriptor = descriptor
    }

    /// Why an existing file must not receive passwords; nil when it may.
    static func problem(with info: stat, path: String) -> String? {
        guard info.st_mode & S_IFMT == S_IFREG else {
            return "\(path) is not a regular file: name a new file for the new customers' credentials"
        }
        guard info.st_uid == geteuid() else {
            return "\(path) belongs to another user (uid \(info.st_uid)), who could read the passwords: name a file "
                + "of your own or a new file"
        }
        guard info.st_nlink <= 1 else {
            return "\(path) has \(info.st_nlink) hard links, so the passwords could be read under another name: name "
                + "a new file"
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            return "\(path) is readable by others (mode \(String(mode, radix: 8))): `chmod 600` it or name a new file"
        }
        return nil
    }

    deinit { close(descriptor) }

    package func record(domain: String, customerID: String, userName: String?, password: String?) throws {
        var object: [String: String] = ["domain": domain, "customerId": customerID]
        object["userName"] = userName.map { Self.userPrincipalName($0, domain: domain) }
        object["password"] = password
        object["recordedAt"] = Date().formatted(.iso8601)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = try encoder.encode(object)
        if let recipient {
            data = try SealedCredentials.seal(data, domain: domain, customerID: customerID, to: recipient)
        }
        data.append(UInt8(ascii: "\n"))
        lock.lock()
        defer { lock.unlock() }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count, fsync(descriptor) == 0 else {
            throw CredentialsFileError("cannot write \(domain)'s credentials to \(path): \(Self.errnoText())")
        }
        if password != nil { recorded.insert(domain.lowercased()) }
    }

    package func hasRecorded(domain: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return recorded.contains(domain.lowercased())
    }

    /// The admin's full user principal name: Partner Center answers `admin` (create-a-customer.md's example),
    /// but signing in takes `admin@<domain>`.
    static func userPrincipalName(_ userName: String, domain: String) -> String {
        userName.contains("@") || userName.isEmpty ? userName : "\(userName)@\(domain)"
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

package struct CredentialsFileError: Error, CustomStringConvertible {
    package var description: String

    init(_ description: String) { self.description = description }
}
