import Foundation
import PartnerCenterTestSupport
import Testing

/// The end-to-end tests run the `cspctl` of the configuration under test, not a hard-coded `.build/debug` one.
@Suite(.tags(.endToEnd)) struct CLIRunnerTests {
    @Test func cspctlBinaryInTheEnvironmentWins() {
        let binary = CLIRunner.binary(
            environment: ["CSPCTL_BINARY": "/opt/cspctl/bin/cspctl"],
            productsDirectory: URL(fileURLWithPath: "/work/.build/x86_64-unknown-linux-gnu/release")
        )
        #expect(binary.path == "/opt/cspctl/bin/cspctl")
    }

    @Test func theBinaryIsTheOneBesideTheTestBundle() {
        let binary = CLIRunner.binary(
            environment: [:],
            productsDirectory: URL(fileURLWithPath: "/work/.build/x86_64-unknown-linux-gnu/release")
        )
        #expect(binary.path == "/work/.build/x86_64-unknown-linux-gnu/release/cspctl")
    }

    /// The products directory found at run time holds this test bundle and the `cspctl` built with it, which runs.
    @Test func theRunningBundleNamesItsOwnConfiguration() async throws {
        let products = try #require(CLIRunner.productsDirectory)
        let bundles = try FileManager.default.contentsOfDirectory(atPath: products.path)
        #expect(bundles.contains("cspctlPackageTests.xctest"), "\(products.path) holds \(bundles.sorted())")
        if ProcessInfo.processInfo.environment["CSPCTL_BINARY"] == nil {
            #expect(CLIRunner.defaultBinary == products.appendingPathComponent("cspctl"))
        }
        let output = try await CLIRunner().run(["--version"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(!output.stdout.isEmpty)
    }
}
