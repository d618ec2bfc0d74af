package import PartnerCenterModel

/// A plan's id: a digest of its content, so that a saved plan edited by hand no longer matches its id and apply
/// refuses it (issue 14 item 8).
///
/// The id covers everything apply acts on or a reviewer saw: manifests' digest, endpoint, sandbox, times, every
/// change in every field (requests with their parameters included), notes, unknowns, fingerprints, customer
/// ids and the manifests' warnings. Not the manifests carried by a saved plan (`desired`, attached after the id is made): apply plans again
/// from them and refuses any difference from the saved changes (``StalenessCheck/firstDifference(saved:fresh:exempt:)``).
///
/// Plans saved before the id covered the content have an id over addresses and actions only (``legacyID(_:)``);
/// it is accepted too (a plan edited after it was made matches neither), and the re-plan comparison still covers
/// their changes' content. Either id is 32 hex digits.
package enum PlanDigest {
    /// The id of `plan`'s content: 32 lower-case hex digits of SHA-256.
    package static func id(of plan: Plan) -> String {
        Fingerprint.hex(["content"] + fields(plan), length: 32)
    }

    /// The id cspctl gave plans before it covered the whole content.
    package static func legacyID(_ plan: Plan) -> String {
        var fields = [plan.manifestDigest, plan.endpoint, plan.createdAt.iso8601]
        fields += plan.changes.map { "\($0.address) \($0.action.rawValue)" }
        return Fingerprint.hex(fields, length: 32)
    }

    /// Whether `plan.id` is the digest of its content (or, for a plan saved before, of its addresses and actions).
    package static func matches(_ plan: Plan) -> Bool {
        plan.id == id(of: plan) || plan.id == legacyID(plan)
    }

    private static func fields(_ plan: Plan) -> [String] {
        var fields = [
            plan.manifestDigest, plan.endpoint, plan.createdAt.iso8601, plan.observedAt.iso8601, "\(plan.sandbox)",
        ]
        for change in plan.changes {
            fields += [
                "change", change.address, change.action.rawValue,
                change.reasons.map(\.rawValue).joined(separator: ","),
                "\(change.unchangedAttributes) \(change.irreversible) \(change.requiresAppUser)",
                change.dependsOn.joined(separator: "\u{1E}"), change.approvalLink ?? "\u{0}",
            ]
            fields += change.messages
            for diff in change.diffs {
                fields += ["diff", diff.path, diff.name, text(diff.before), text(diff.after)]
            }
            for request in change.requests {
                fields += [
                    "request", request.operation.rawValue, request.target ?? "\u{0}", request.etag ?? "\u{0}",
                    text(.object(request.parameters)),
                ]
            }
        }
        for note in plan.notes {
            fields += ["note", "\(note.kind)", "\(note.severity)", note.address, note.message]
        }
        for unknown in plan.unknowns { fields += ["unknown", unknown.address, unknown.reason] }
        for (address, print) in plan.fingerprints.sorted(by: { $0.key < $1.key }) {
            fields += ["fingerprint", address, print]
        }
        for (domain, id) in plan.customerIds.sorted(by: { $0.key < $1.key }) { fields += ["customer", domain, id] }
        // Format 1.4; a plan without warnings has the id it had before they existed.
        for warning in plan.warnings {
            let place = [
                warning.file ?? "\u{0}", warning.line.map(String.init) ?? "", warning.column.map(String.init) ?? "",
            ]
            fields += ["warning", warning.code, warning.message] + place
        }
        return fields
    }

    /// Compact JSON, members in byte order (equal values give equal text); `\0` for a missing value.
    private static func text(_ value: JSONValue?) -> String {
        guard let value else { return "\u{0}" }
        return String(decoding: JSONWriter.write(value), as: UTF8.self)
    }
}
