import Foundation
import PartnerCenterModel
import PartnerCenterRendering
import PartnerCenterTestSupport
import Testing

/// Validates rendered JSON plans against `schemas/plan.schema.json` with an independent validator (python3
/// `jsonschema`), and checks the schema's enums list every action, reason, operation and note kind.
@Suite(.tags(.unit, .python)) struct PlanSchemaTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let schemaURL = repository.appendingPathComponent("schemas/plan.schema.json")

    @Test(.pythonTools, arguments: ["rich", "large", "empty", "warnings"])
    func renderedPlansValidate(name: String) async throws {
        try await offThePool {
            try PythonTools.require(["jsonschema"])
            var plan: Plan
            switch name {
            case "rich": plan = RichPlanFixture.plan()
            case "large": plan = RichPlanFixture.large(customers: 50)
            case "warnings": plan = RichPlanFixture.planWithWarnings()
            default:
                plan = RichPlanFixture.plan()
                plan.changes = []
                plan.notes = []
                plan.unknowns = []
                plan.fingerprints = [:]
            }
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                "cspctl-plan-\(name)-\(UUID()).json"
            )
            defer { try? FileManager.default.removeItem(at: file) }
            try JSONPlanRenderer.encode(plan).write(to: file)
            let result = try PythonTools.run([
                "-c",
                """
                import json, sys, jsonschema
                schema = json.load(open(sys.argv[1]))
                jsonschema.Draft202012Validator.check_schema(schema)
                errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))), key=str)
                for e in errors: print(list(e.absolute_path), e.message)
                sys.exit(1 if errors else 0)
                """,
                Self.schemaURL.path, file.path,
            ])
            #expect(result.status == 0, "schema violations:\n\(result.combined)")
        }
    }

    @Test(.pythonTools) func schemaInvalidPlanIsRejected() async throws {
        try await offThePool {
            try PythonTools.require(["jsonschema"])
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("cspctl-bad-plan-\(UUID()).json")
            defer { try? FileManager.default.removeItem(at: file) }
            let text = JSONPlanRenderer().render(RichPlanFixture.plan()).replacingOccurrences(
                of: "\"blocked\"",
                with: "\"frozen\""
            )
            try Data(text.utf8).write(to: file)
            let result = try PythonTools.run([
                "-c",
                "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))",
                Self.schemaURL.path, file.path,
            ])
            #expect(result.status != 0)
        }
    }

    /// Regenerate by editing schemas/plan.schema.json's `$defs` enums to match the Swift enums.
    @Test func schemaEnumsListEverySwiftCase() async throws {
        try await offThePool {
            let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.schemaURL)) as? [String: Any]
            let defs = schema?["$defs"] as? [String: Any]
            func enumeration(_ path: [String]) -> [String] {
                var node: Any? = defs
                for key in path { node = (node as? [String: Any])?[key] }
                return ((node as? [String: Any])?["enum"] as? [String]) ?? []
            }
            #expect(Set(enumeration(["action"])) == Set(Action.allCases.map(\.rawValue)))
            #expect(Set(enumeration(["reason"])) == Set(ActionReason.allCases.map(\.rawValue)))
            #expect(
                Set(enumeration(["request", "properties", "operation"]))
                    == Set(PlannedRequest.Operation.allCases.map(\.rawValue))
            )
            #expect(Set(enumeration(["note", "properties", "kind"])) == Set(PlanNote.Kind.allCases.map(\.rawValue)))
        }
    }
}
