import Foundation
import PartnerCenterModel
import PartnerCenterTestSupport
import Testing

@testable import PartnerCenterManifest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hostile files through the loader (issue 12): what the reader refuses before reading, and how the folder walk
/// treats links and files that are not regular files. The binary's behaviour is in `HostileManifestTests`.
@Suite(.tags(.unit)) struct HostileFilesTests {
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cspctl-hostile-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static let manifest = "apiVersion: cspctl/v1\ncustomers:\n  - {domain: a.onmicrosoft.com, state: absent}\n"

    @Test func sizeIsCheckedBeforeReadingAndAtMostTheLimitIsRead() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sparse = folder.appendingPathComponent("sparse.yaml").path
        #expect(FileManager.default.createFile(atPath: sparse, contents: Data("a: 1\n".utf8)))
        #expect(truncate(sparse, 3 << 30) == 0)
        #expect(ManifestFileReader.bytes(atPath: sparse) == .failure(.tooLarge(size: 3 << 30)))
        // Exactly at the limit is read; one byte more is not.
        let small = folder.appendingPathComponent("small.yaml").path
        #expect(FileManager.default.createFile(atPath: small, contents: Data(repeating: 0x61, count: 100)))
        #expect(try ManifestFileReader.bytes(atPath: small, limit: 100).get().count == 100)
        #expect(ManifestFileReader.bytes(atPath: small, limit: 99) == .failure(.tooLarge(size: 100)))
        let result = ManifestLoader().load(paths: [sparse])
        #expect(
            result.diagnostics.map(\.summary) == [
                "the file is 3,221,225,472 bytes, larger than 64 MiB; split it into several files"
            ]
        )
        #expect(result.diagnostics.first?.location == SourceLocation(file: sparse, line: 1, column: 1))
    }

    @Test func devicesAndFIFOsAreNeverRead() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // Opening a FIFO for reading without O_NONBLOCK waits for a writer: this would hang.
        #expect(ManifestFileReader.bytes(atPath: fifo) == .failure(.notRegularFile(kind: "a FIFO (named pipe)")))
        #expect(ManifestFileReader.bytes(atPath: "/dev/zero") == .failure(.notRegularFile(kind: "a character device")))
        #expect(ManifestFileReader.bytes(atPath: folder.path) == .failure(.notRegularFile(kind: "a folder")))
    }

    @Test func aFileDeletedDuringTheRunIsSaidToHaveVanished() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("gone.yaml").path
        #expect(ManifestFileReader.bytes(atPath: path) == .failure(.vanished))
        let message = ManifestMessage.unreadable(path, .vanished)
        #expect(
            message.summary
                == "cannot read \(path): it vanished (deleted or moved) while cspctl was reading the manifests"
        )
        #expect(message.location == SourceLocation(file: path, line: 1, column: 1))
        #expect(ManifestMessage.unreadable(path, .permissionDenied).summary == "cannot read \(path): permission denied")
    }

    @Test func eachRealFileIsReadOnceAndLinkLoopsAreNotFollowed() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manager = FileManager.default
        try Self.manifest.write(to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try manager.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for index in 0..<6 {
            try manager.createSymbolicLink(
                atPath: folder.appendingPathComponent("loop\(index)").path,
                withDestinationPath: "."
            )
        }
        try manager.createSymbolicLink(atPath: folder.appendingPathComponent("sub/up").path, withDestinationPath: "..")
        try manager.linkItem(
            at: folder.appendingPathComponent("a.yaml"),
            to: folder.appendingPathComponent("sub/hard.yaml")
        )
        try manager.createSymbolicLink(
            atPath: folder.appendingPathComponent("z.yaml").path,
            withDestinationPath: "a.yaml"
        )

        var diagnostics: [Diagnostic] = []
        let files = ManifestFileDiscovery.files(for: [folder.path, folder.path + "/a.yaml"], diagnostics: &diagnostics)
        // Six links to `.` once read the file 6^64 times; a hard link and a symbolic link are the same file.
        #expect(files == [folder.path + "/a.yaml"])
        #expect(diagnostics.map(\.code) == Array(repeating: "skipped_file", count: 7))
        #expect(diagnostics.allSatisfy { $0.severity == .warning && $0.summary.hasSuffix("(a loop); not followed") })
        let result = ManifestLoader().load(paths: [folder.path])
        #expect(!result.hasErrors)
        #expect(result.fileCount == 1 && result.customerCount == 1)
    }

    @Test func aMissingPathIsLocatedAtItself() {
        let result = ManifestLoader().load(paths: ["no/such/place"])
        #expect(result.diagnostics.map(\.summary) == ["no such file or folder: no/such/place"])
        #expect(result.diagnostics.first?.location == SourceLocation(file: "no/such/place", line: 1, column: 1))
    }

    @Test func quotedValuesAreCutWithTheirLength() {
        #expect(ManifestMessage.shown(String(repeating: "x", count: 80)) == String(repeating: "x", count: 80))
        #expect(
            ManifestMessage.shown(String(repeating: "x", count: 4_194_304))
                == String(repeating: "x", count: 80) + "… (4,194,304 characters)"
        )
        #expect(ManifestMessage.shown("a\u{0}b") == "a\\0b")
        let keys = (0..<25).map { "key\($0)" }
        let message = ManifestMessage.duplicateYAMLKey(keys, at: SourceLocation(file: "f", line: 1, column: 1))
        #expect(message.summary.hasSuffix("'key9' and 15 more in one mapping"))
    }

    /// Nesting the quick estimate cannot see (a `"` inside a plain scalar hides the brackets after it) is
    /// refused by the composer, at the first level past the limit.
    @Test func theComposerEnforcesTheNestingLimitExactly() {
        let prefix = "customers: [x \"y, "
        let text = prefix + String(repeating: "[", count: 200) + "z" + String(repeating: "]", count: 200) + ", w\"v]\n"
        #expect(InputGuards.excessiveNesting(text) == nil, "the estimate is fooled")
        let (root, _, diagnostics) = ManifestParsing.parse(path: "deep.yaml", bytes: Array(text.utf8))
        #expect(root == nil)
        #expect(diagnostics.map(\.code) == ["nesting_too_deep"])
        // Level 1 is the top mapping, 2 the flow list, 3... the brackets: the 63rd bracket is level 65.
        #expect(
            diagnostics.first?.location == SourceLocation(file: "deep.yaml", line: 1, column: prefix.count + 63)
        )
        let ok = prefix + String(repeating: "[", count: 62) + "z" + String(repeating: "]", count: 62) + ", w\"v]\n"
        #expect(ManifestParsing.parse(path: "ok.yaml", bytes: Array(ok.utf8)).diagnostics.isEmpty)
    }
}
