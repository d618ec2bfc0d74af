import Foundation
import PartnerCenterManifest
import PartnerCenterTestSupport
import Testing

/// `schemas/manifest.schema.json` and the loader agree: an independent validator (python3 `jsonschema`, YAML
/// read by PyYAML) accepts what the loader accepts and rejects the schema-expressible invalid fixtures, and
/// both list the same keys for every object.
@Suite(.tags(.unit, .python)) struct SchemaAgreementTests {
    /// Prints one line per file: `valid <path>`, `invalid <path>: <first error>` or `unparseable <path>`.
    static let checker = """
        import sys, json, yaml, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for path in sys.argv[2:]:
            try:
                with open(path) as f:
                    doc = json.loads(json.dumps(yaml.safe_load(f), default=str))
            except Exception as error:
                print("unparseable", path)
                continue
            errors = list(validator.iter_errors(doc))
            print(("invalid " + path + ": " + errors[0].message.splitlines()[0][:200]) if errors else ("valid " + path))
        """

    /// The schema's verdict per file (a missing PyYAML or jsonschema fails the test: see `PythonTools`).
    static func schemaVerdicts(_ files: [URL]) throws -> [String: String] {
        try PythonTools.require(["yaml", "jsonschema"])
        let result = try PythonTools.run(["-c", checker, ManifestFixtures.schema.path] + files.map(\.path))
        #expect(result.status == 0, "\(result.combined)")
        var verdicts: [String: String] = [:]
        for line in result.output.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let path = String(parts[1].split(separator: ":", maxSplits: 1).first ?? parts[1])
            verdicts[path] = String(parts[0])
        }
        return verdicts
    }

    /// examples/ also holds CI pipelines (github-actions, azure-pipelines): YAML, but not manifests.
    static func isManifest(_ file: URL) -> Bool {
        !file.pathComponents.contains("github-actions") && !file.pathComponents.contains("azure-pipelines")
    }

    @Test(.pythonTools)
    func validManifestsPassBothValidators() async throws {
        try await offThePool {
            let files =
                ManifestFixtures.yamlFiles(in: ManifestFixtures.examples).filter(Self.isManifest)
                + ManifestFixtures.yamlFiles(in: ManifestFixtures.fixtures.appendingPathComponent("valid"))
            #expect(files.count >= 8)
            let verdicts = try Self.schemaVerdicts(files)
            for file in files {
                #expect(verdicts[file.path] == "valid", "schema rejects \(file.path)")
            }
            // The loader reads each example folder as one tree (gitops customers need its defaults file).
            let units =
                ["quickstart", "gitops", "lifecycle"].map { ManifestFixtures.examples.appendingPathComponent($0) }
                + ManifestFixtures.yamlFiles(in: ManifestFixtures.fixtures.appendingPathComponent("valid"))
            for unit in units {
                let result = ManifestLoader().load(paths: [unit.path])
                #expect(!result.hasErrors, "loader rejects \(unit.path): \(ManifestFixtures.text(result))")
            }
        }
    }

    @Test(.pythonTools)
    func schemaExpressibleInvalidFixturesFailBoth() async throws {
        try await offThePool {
            let folder = ManifestFixtures.fixtures.appendingPathComponent("invalid/schema")
            let files = ManifestFixtures.yamlFiles(in: folder)
            #expect(files.count >= 8)
            let verdicts = try Self.schemaVerdicts(files)
            for file in files {
                #expect(verdicts[file.path] != "valid", "schema accepts \(file.lastPathComponent)")
                #expect(ManifestLoader().load(paths: [file.path]).hasErrors, "loader accepts \(file.lastPathComponent)")
            }
        }
    }

    /// Semantic-only fixtures pass the schema (so they really test rules the schema cannot state) and fail
    /// the loader.
    @Test(.pythonTools)
    func semanticInvalidFixturesFailOnlyTheLoader() async throws {
        try await offThePool {
            let folder = ManifestFixtures.fixtures.appendingPathComponent("invalid/semantic")
            let files = ManifestFixtures.yamlFiles(in: folder)
            let verdicts = try Self.schemaVerdicts(files)
            for file in files {
                #expect(verdicts[file.path] == "valid", "schema rejects \(file.lastPathComponent): not semantic-only")
            }
            for name in ManifestFixtures.cases("semantic") {
                #expect(ManifestFixtures.load(category: "semantic", name: name).hasErrors, "loader accepts \(name)")
            }
        }
    }

    @Test func schemaListsExactlyTheLoaderKeys() async throws {
        try await offThePool {
            let data = try Data(contentsOf: ManifestFixtures.schema)
            let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let definitions = try #require(schema["$defs"] as? [String: Any])
            for object in ManifestObject.allCases {
                let node =
                    object == .file
                    ? schema : try #require(definitions[object.schemaDefinition] as? [String: Any], "\(object)")
                let properties = try #require(node["properties"] as? [String: Any], "\(object)")
                #expect(Set(properties.keys) == Set(object.keys), "keys of \(object) differ between schema and loader")
                #expect(node["additionalProperties"] as? Bool == false, "\(object) must reject unknown keys")
                for (key, value) in properties {
                    let property = try #require(value as? [String: Any])
                    let described =
                        property["description"] != nil
                        || (property["$ref"] as? String).map { ref in
                            let name = String(ref.split(separator: "/").last ?? "")
                            return (definitions[name] as? [String: Any])?["description"] != nil
                        } ?? false
                    #expect(described, "\(object).\(key) has no description")
                }
            }
        }
    }
}
