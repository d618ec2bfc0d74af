import Foundation
import PartnerCenterManifest
import PartnerCenterModel
import PartnerCenterTestSupport
import Testing

/// Every invalid fixture is rejected, and its diagnostics text matches the snapshot next to it
/// (`<name>.txt`; re-record with RECORD_SNAPSHOTS=1).
@Suite(.tags(.unit)) struct DiagnosticSnapshotTests {
    static let schemaCases = ManifestFixtures.cases("schema")
    static let semanticCases = ManifestFixtures.cases("semantic")
    static let hostileCases = ManifestFixtures.cases("hostile")

    @Test(arguments: schemaCases)
    func schemaExpressible(name: String) { check(category: "schema", name: name) }

    @Test(arguments: semanticCases)
    func semantic(name: String) { check(category: "semantic", name: name) }

    @Test(arguments: hostileCases)
    func hostile(name: String) { check(category: "hostile", name: name) }

    @Test func everyCategoryHasCases() {
        #expect(Self.schemaCases.count >= 8)
        #expect(Self.semanticCases.count >= 6)
        #expect(Self.hostileCases.count >= 4)
    }

    private func check(category: String, name: String) {
        let result = ManifestFixtures.load(category: category, name: name)
        #expect(result.hasErrors, "\(name) should be rejected")
        #expect(result.state == nil)
        for diagnostic in result.diagnostics where diagnostic.severity == .error {
            #expect(diagnostic.location != nil, "every error is located: \(diagnostic.summary)")
        }
        let base = name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name
        let snapshot = ManifestFixtures.fixtures.appendingPathComponent("invalid/\(category)/\(base).txt")
        assertSnapshot(ManifestFixtures.text(result), file: snapshot)
    }
}
