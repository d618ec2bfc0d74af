import Foundation
import PartnerCenterModel
import Testing

@testable import PartnerCenterManifest

/// `cspctl validate` loads without building the desired state (`ManifestLoader(buildsState: false)`); what it
/// reports must not depend on that: the same diagnostics in the same order and the same counts as the loader
/// `plan` uses, on every fixture, every example and generated trees, valid and broken, read from disk.
@Suite struct ValidateOnlyLoadTests {
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
