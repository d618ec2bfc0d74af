import Foundation
import PartnerCenterModel
import PartnerCenterTestSupport
import Testing

@testable import PartnerCenterManifest

#if canImport(Glibc)
import Glibc
#endif

/// `cspctl validate` loads without building the desired state (`ManifestLoader(buildsState: false)`); what it
/// reports must not depend on that: the same diagnostics in the same order and the same counts as the loader
/// `plan` uses, on every fixture, every example and generated trees, valid and broken, read from disk.
@Suite(.tags(.unit), .offThePool) struct ValidateOnlyLoadTests {
    static func expectSameReport(_ paths: [String], _ comment: String) {
        let full = ManifestLoader().load(paths: paths)
        let validateOnly = ManifestLoader(buildsState: false).load(paths: paths)
        #expect(ParallelLoadTests.text(validateOnly) == ParallelLoadTests.text(full), "\(comment)")
        #expect(validateOnly.diagnostics == full.diagnostics, "\(comment)")
        #expect(validateOnly.fileCount == full.fileCount, "\(comment)")
        #expect(validateOnly.customerCount == full.customerCount, "\(comment)")
        #expect(validateOnly.subscriptionCount == full.subscriptionCount, "\(comment)")
        #expect(validateOnly.state == nil, "\(comment)")
        #expect((full.state != nil) == !full.hasErrors, "\(comment)")
    }

    /// Each invalid fixture (files and folders), each valid fixture tree and the examples.
    static var fixturePaths: [String] {
        let invalid = ManifestFixtures.fixtures.appendingPathComponent("invalid")
        var paths: [String] = []
        for category in ["schema", "semantic", "hostile"] {
            for name in ManifestFixtures.cases(category) {
                paths.append(invalid.appendingPathComponent("\(category)/\(name)").path)
            }
        }
        let valid = ManifestFixtures.fixtures.appendingPathComponent("valid")
        let trees = (try? FileManager.default.contentsOfDirectory(atPath: valid.path)) ?? []
        paths += trees.sorted().map { valid.appendingPathComponent($0).path }
        paths.append(ManifestFixtures.examples.path)
        return paths
    }

    @Test func everyFixtureReportsTheSameWithoutTheState() {
        let paths = Self.fixturePaths
        #expect(paths.count >= 20)
        for path in paths { Self.expectSameReport([path], path) }
    }

    @Test(arguments: [false, true])
    func generatedTreeReportsTheSameWithoutTheState(broken: Bool) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cspctl-validate-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        for source in ParallelLoadTests.tree(customers: 300, broken: broken) {
            let url = folder.appendingPathComponent(source.path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(source.bytes).write(to: url)
        }
        let result = ManifestLoader(buildsState: false).load(paths: [folder.path])
        #expect(result.fileCount == 301)
        #expect(result.customerCount >= 300)
        #expect(result.hasErrors == broken)
        if broken { #expect(Set(result.diagnostics.map(\.code)).count >= 5) }
        Self.expectSameReport([folder.path], "generated tree, broken: \(broken)")
    }
}

/// Files are read with POSIX calls: whole, whatever their size, and a file that cannot be read is a located
/// `unreadable_file` error, not a crash.
@Suite(.tags(.unit)) struct ManifestFileReaderTests {
    @Test(arguments: [0, 1, 4_095, 4_096, 70_000, 1_100_000])
    func readsTheWholeFile(size: Int) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cspctl-read-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: url) }
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 251) }
        try Data(bytes).write(to: url)
        #expect(ManifestFileReader.contents(atPath: url.path) == bytes)
    }

    @Test func missingFileOrFolderIsNil() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cspctl-read-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(ManifestFileReader.contents(atPath: folder.path) == nil)
        #expect(ManifestFileReader.contents(atPath: folder.appendingPathComponent("missing.yaml").path) == nil)
    }

    #if canImport(Glibc)
    /// A socket named like a manifest is not a regular file: skipped with a located warning in a folder, a
    /// located error when named.
    @Test func socketNamedLikeAManifestIsUnreadable() throws {
        let folder = URL(fileURLWithPath: "/tmp/cspctl-sock-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("sock.yaml").path
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(bound == 0)
        for loader in [ManifestLoader(), ManifestLoader(buildsState: false)] {
            let walked = loader.load(paths: [folder.path])
            #expect(walked.diagnostics.map(\.code) == ["skipped_file"])
            #expect(walked.diagnostics.first?.severity == .warning)
            #expect(walked.diagnostics.first?.location == SourceLocation(file: path, line: 1, column: 1))
            #expect(walked.fileCount == 0)
            let named = loader.load(paths: [path])
            #expect(named.diagnostics.map(\.summary) == ["cannot read \(path): it is a socket, not a regular file"])
            #expect(named.diagnostics.first?.location == SourceLocation(file: path, line: 1, column: 1))
            #expect(named.fileCount == 1)
        }
    }
    #endif
}
