import Foundation
import PartnerCenterTestSupport
import Testing

/// `cspctl validate` driven through the built binary: output streams, formats, exit codes.
@Suite(.tags(.endToEnd)) struct ValidateCommandTests {
    let cli = CLIRunner()
    static let root = CLIRunner.packageRoot

    /// A temporary folder with the given files, removed by the caller.
    static func tree(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cspctl-validate-\(UUID().uuidString)"
        )
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    static let valid = """
        apiVersion: cspctl/v1
        customers:
          - domain: contoso.onmicrosoft.com
            companyName: Contoso
            billing:
              email: ap@contoso.com
              culture: en-US
              language: en
              address: { addressLine1: 1 Main St, city: Redmond, country: US }
            subscriptions:
              - { nickname: basic, offer: CFQ7TTC0LH18:0001, quantity: 2, termDuration: P1Y, billingCycle: monthly }

        """

    @Test(arguments: [
        ("examples/quickstart", "1 file, 3 customers, 4 subscriptions: valid.\n"),
        ("examples/gitops", "4 files, 3 customers, 4 subscriptions: valid.\n"),
        ("examples/lifecycle", "1 file, 2 customers, 2 subscriptions: valid.\n"),
    ])
    func examplesValidateWithASummaryLine(folder: String, summary: String) async throws {
        let output = try await cli.run(["validate", folder], in: Self.root)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.isEmpty)
        #expect(output.stderr == summary)
    }

    @Test func examplesTogetherRepeatDefaults() async throws {
        let output = try await cli.run(["validate", "examples/quickstart", "examples/gitops"], in: Self.root)
        #expect(output.status == 1)
        #expect(
            output.stderr.contains("examples/gitops/defaults.yaml:6:3: error: 'defaults' may appear in one file only")
        )
        #expect(
            output.stderr.contains("    examples/quickstart/manifest.yaml:7:3: note: defaults are already given here")
        )
    }

    @Test func errorsGoToStderrInCompilerFormWithExitOne() async throws {
        let folder = try Self.tree([
            "a.yaml": Self.valid.replacingOccurrences(of: "companyName", with: "compnyName"),
            "nested/b.yml": Self.valid,
            ".hidden/c.yaml": "not: [valid",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try await cli.run(["validate", "."], in: folder)
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        let lines = output.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines.contains("./a.yaml:4:5: error: unknown key 'compnyName' in customer; did you mean 'companyName'?")
        )
        #expect(
            lines.contains {
                $0.hasPrefix("./nested/b.yml:3:13: error: customer contoso.onmicrosoft.com is declared twice")
            }
        )
        #expect(lines.contains("    ./a.yaml:3:13: note: first declared here"))
        // Two errors: the misspelt key and the duplicate; companyName is no longer required (issue 15 item 3: only
        // creating a customer needs it, which the plan checks), and the hidden folder is not read.
        #expect(lines.last?.hasPrefix("2 errors in 2 files, 2 customers, 2 subscriptions.") == true, "\(output.stderr)")
        #expect(!output.stderr.contains("\u{1B}["), "no colour when stderr is not a terminal")
    }

    @Test func jsonFormatPrintsOneDocumentOnStdout() async throws {
        let folder = try Self.tree(["m.yaml": "apiVersion: cspctl/v2\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try await cli.run(["validate", "--format", "json", "m.yaml"], in: folder)
        #expect(output.status == 1)
        #expect(output.stderr.isEmpty)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(document["formatVersion"] as? Int == 1)
        #expect(document["valid"] as? Bool == false)
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        let first = try #require(diagnostics.first)
        #expect(first["severity"] as? String == "error")
        #expect(first["code"] as? String == "unsupported_api_version")
        #expect((first["summary"] as? String)?.contains("supports up to cspctl/v1") == true)
        #expect(first["file"] as? String == "m.yaml")
        #expect(first["line"] as? Int == 1)
        #expect(first["column"] as? Int == 13)
        #expect(first["notes"] as? [Any] != nil)
    }

    @Test func warningsAloneExitZero() async throws {
        let folder = try Self.tree([
            "m.yaml": Self.valid
                + "ignore:\n  - { customer: other.onmicrosoft.com, path: spendingBudget, reason: legacy }\n"
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try await cli.run(["validate", "m.yaml"], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.contains("m.yaml:13:17: warning: ignore entry refers to customer other.onmicrosoft.com"))
        #expect(output.stderr.hasSuffix("1 file, 1 customer, 1 subscription: valid (1 warning).\n"))
    }

    @Test func colourOnlyWhenAskedAndNeverWithNoColor() async throws {
        let folder = try Self.tree(["m.yaml": "customers: []\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let coloured = try await cli.run(["validate", "--color", "always", "m.yaml"], in: folder)
        #expect(coloured.stderr.contains("\u{1B}[1;31merror:"))
        let plain = CLIRunner(environment: ["NO_COLOR": "1"])
        let output = try await plain.run(["validate", "m.yaml"], in: folder)
        #expect(!output.stderr.contains("\u{1B}["))
    }

    @Test func missingPathAndNoArgumentsAreErrors() async throws {
        let missing = try await cli.run(["validate", "does-not-exist"], in: Self.root)
        #expect(missing.status == 1)
        // Located at the path, the form editors and CI problem matchers read (issue 12: path errors had none).
        #expect(missing.stderr.contains("does-not-exist:1:1: error: no such file or folder: does-not-exist"))
        let none = try await cli.run(["validate"], in: Self.root)
        #expect(none.status != 0)
        #expect(none.stderr.contains("Give at least one manifest file or folder"))
    }

    @Test func helpDescribesTheCommand() async throws {
        let output = try await cli.run(["validate", "--help"], in: Self.root)
        #expect(output.status == 0)
        #expect(output.stdout.contains("--format <format>"))
        #expect(output.stdout.contains("Exit status: 0 valid (warnings allowed), 1 any error."))
    }
}
