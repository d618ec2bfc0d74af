package import Foundation
package import PartnerCenterModel

/// The machine-readable plan: `formatVersion` ``Plan/currentFormatVersion``, described by `schemas/plan.schema.json`.
/// Keys sorted, dates ISO 8601 UTC, numbers with their exact decimal digits (money never through `Double`), so
/// equal plans render byte-for-byte equal. This is also the saved-plan format (`plan --out`).
package struct JSONPlanRenderer: PlanRenderer {
    package init() {}

    package func render(_ plan: Plan) -> String {
        String(decoding: PlanJSONWriter.write(plan), as: UTF8.self)
    }

    /// The JSON bytes of a plan (what `plan --out` saves).
    package static func encode(_ plan: Plan) -> Data {
        Data(PlanJSONWriter.write(plan))
    }

    /// Reads a saved plan back.
    package static func decode(_ data: Data) throws -> Plan {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Plan.self, from: data)
    }
}
