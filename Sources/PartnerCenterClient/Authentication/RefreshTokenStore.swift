import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Secure Application Model refresh token `cspctl login` obtained, as stored in the user's configuration
/// folder. It is used only for the application, tenant and authority it was issued by.
package struct StoredRefreshToken: Codable, Sendable {
    package var tenantId: String
    package var clientId: String
    /// The Entra authority that issued it (`https://login.microsoftonline.com`, or an emulator's `…/login`): the
    /// token is never sent to another one.
    package var authority: String
    package var refreshToken: String
    package var obtainedAt: String

    package init(tenantId: String, clientId: String, authority: String, refreshToken: String, obtainedAt: String) {
        self.tenantId = tenantId
        self.clientId = clientId
        self.authority = authority
        self.refreshToken = refreshToken
        self.obtainedAt = obtainedAt
    }
}

/// Where `cspctl login` keeps the refresh token: `$XDG_CONFIG_HOME/cspctl/refresh-token.json`, else
/// `$HOME/.config/cspctl/refresh-token.json`. The folder is made with mode 0700 and the file with 0600, written
/// to a temporary file and renamed over the old one (atomic); a folder or file that group or others can read
/// is refused, for writing and for reading.
package enum RefreshTokenStore {
    package static let fileName = "refresh-token.json"

    /// The folder, from `environment` only (never the process's own): nil without XDG_CONFIG_HOME and HOME.
    package static func folder(_ environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/cspctl" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.config/cspctl"
    }

    package static func path(_ environment: [String: String]) -> String? {
        folder(environment).map { $0 + "/" + fileName }
    }

    /// Stores `token` (replacing any); returns the file's path.
    package static func save(_ token: StoredRefreshToken, environment: [String: String]) throws -> String {
        guard let folder = folder(environment), let path = path(environment) else {
            throw PartnerCenterError.credentials(
                "cannot store the refresh token: neither XDG_CONFIG_HOME nor HOME is set",
                detail: "Use `cspctl login --print` and keep the token in a secret store instead."
            )
        }
        try makeFolder(folder)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = try encoder.encode(token) + Data("\n".utf8)
        let temporary = folder + "/.\(fileName).\(getpid()).tmp"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("cannot create \(temporary)") }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = written == data.count && fchmod(descriptor, 0o600) == 0 && fsync(descriptor) == 0
        close(descriptor)
        guard synced, rename(temporary, path) == 0 else {
            let error = failure("cannot write \(path)")
            unlink(temporary)
            throw error
        }
        return path
    }

    /// The stored token; nil when there is none. Throws when the folder or file can be read by others.
    package static func load(_ environment: [String: String]) throws -> StoredRefreshToken? {
        guard let folder = folder(environment), let path = path(environment) else { return nil }
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        try check(folder, isFolder: true)
        try check(path, isFolder: false)
        guard let data = FileManager.default.contents(atPath: path),
            let token = try? JSONDecoder().decode(StoredRefreshToken.self, from: data)
        else {
            throw PartnerCenterError.credentials(
                "\(path) is not a refresh token stored by `cspctl login`",
                detail: "Run `cspctl logout`, then `cspctl login` again."
            )
        }
        return token
    }

    /// Before a sign-in whose token will be stored: refuses an existing folder or file that others can read (so
    /// the user does not sign in for nothing).
    package static func checkBeforeSaving(_ environment: [String: String]) throws {
        guard let folder = folder(environment), let path = path(environment) else {
            throw PartnerCenterError.credentials(
                "cannot store the refresh token: neither XDG_CONFIG_HOME nor HOME is set",
                detail: "Use `cspctl login --print` and keep the token in a secret store instead."
            )
        }
        var info = stat()
        if lstat(folder, &info) == 0 { try check(folder, isFolder: true) }
        if lstat(path, &info) == 0 { try check(path, isFolder: false) }
    }

    /// Removes the stored token; returns its path when there was one.
    package static func remove(_ environment: [String: String]) throws -> String? {
        guard let path = path(environment) else { return nil }
        guard unlink(path) == 0 else {
            if errno == ENOENT { return nil }
            throw failure("cannot remove \(path)")
        }
        return path
    }

    private static func makeFolder(_ folder: String) throws {
        let parent = (folder as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        if mkdir(folder, 0o700) != 0, errno != EEXIST { throw failure("cannot create \(folder)") }
        try check(folder, isFolder: true)
    }

    /// Refuses a folder or file that is not the user's own, is a link, or that group or others can read.
    private static func check(_ path: String, isFolder: Bool) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw failure("cannot inspect \(path)") }
        let kind = info.st_mode & S_IFMT
        guard kind == (isFolder ? S_IFDIR : S_IFREG) else {
            throw PartnerCenterError.credentials(
                "\(path) is not a \(isFolder ? "folder" : "regular file") (a link is refused)",
                detail: "The refresh token is kept only in a folder and file of your own."
            )
        }
        guard info.st_uid == geteuid() else {
            throw PartnerCenterError.credentials("\(path) belongs to another user (uid \(info.st_uid))")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw PartnerCenterError.credentials(
                "\(path) can be read by group or others (mode \(String(mode, radix: 8))); the refresh token is "
                    + "kept only where you alone can read it",
                detail: "Run `chmod \(isFolder ? "700" : "600") \(path)`, or `cspctl logout` and log in again."
            )
        }
    }

    private static func failure(_ what: String) -> PartnerCenterError {
        .credentials("\(what): \(String(cString: strerror(errno)))")
    }
}
