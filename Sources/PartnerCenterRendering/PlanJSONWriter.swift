import Foundation
import PartnerCenterModel

/// Writes a plan as pretty-printed JSON with sorted keys, by hand over Model's ``JSONWriter`` (the package's one
/// escaping and number-formatting writer): `JSONEncoder` took seconds for a 10,000-customer plan. The output is
/// the `Plan`'s `Codable` form (so `JSONDecoder` reads it back) and is what `schemas/plan.schema.json` describes;
/// the round-trip and schema tests keep the two in step.
enum PlanJSONWriter {
    static func write(_ plan: Plan) -> [UInt8] {
        var writer = JSONWriter(layout: .pretty, reservingCapacity: 1_024 + plan.changes.count * 1_200)
        writer.plan(plan)
        writer.raw("\n")
        return writer.bytes
    }

    /// The desired state is written by `JSONEncoder` (saved plans only; compact, keys sorted).
    fileprivate static func encoded(_ desired: DesiredState) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(desired) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

extension JSONWriter {
    fileprivate mutating func plan(_ plan: Plan) {
        object {
            $0.key("changes")
            $0.array(plan.changes) { $0.change($1) }
            $0.key("createdAt")
            $0.string(plan.createdAt.formatted(.iso8601))
            $0.key("customerIds")
            $0.object {
                for key in Self.sortedKeys(plan.customerIds.keys) {
                    $0.key(key)
                    $0.string(plan.customerIds[key] ?? "")
                }
            }
            if let desired = plan.desired, let json = PlanJSONWriter.encoded(desired) {
                $0.key("desired")
                $0.raw(json)
            }
            $0.key("endpoint")
            $0.string(plan.endpoint)
            $0.key("fingerprints")
            $0.object {
                for key in Self.sortedKeys(plan.fingerprints.keys) {
                    $0.key(key)
                    $0.string(plan.fingerprints[key] ?? "")
                }
            }
            $0.key("formatVersion")
            $0.string(plan.formatVersion)
            $0.key("id")
            $0.string(plan.id)
            $0.key("manifestDigest")
            $0.string(plan.manifestDigest)
            $0.key("notes")
            $0.array(plan.notes) { writer, note in
                writer.object {
                    $0.key("address")
                    $0.string(note.address)
                    $0.key("kind")
                    $0.string(note.kind.rawValue)
                    $0.key("message")
                    $0.string(note.message)
                    $0.key("severity")
                    $0.string(note.severity.rawValue)
                }
            }
            $0.key("observedAt")
            $0.string(plan.observedAt.formatted(.iso8601))
            $0.key("sandbox")
            $0.bool(plan.sandbox)
            $0.key("summary")
            let summary = plan.summary
            // Counts per action and, since format 1.3, `unknown`: the live objects that could not be read.
            let counts = Action.allCases.map { ($0.rawValue, summary[$0] ?? 0) } + [("unknown", plan.unknowns.count)]
            $0.object {
                for (key, count) in counts.sorted(by: { $0.0 < $1.0 }) {
                    // `unmanaged` (format 1.4, when counted) sorts between `unknown` and `update`.
                    if key == "update" { $0.unmanaged(plan.unmanaged) }
                    $0.key(key)
                    $0.integer(count)
                }
            }
            $0.key("toolVersion")
            $0.string(plan.toolVersion)
            $0.key("unknowns")
            $0.array(plan.unknowns) { writer, unknown in
                writer.object {
                    $0.key("address")
                    $0.string(unknown.address)
                    $0.key("reason")
                    $0.string(unknown.reason)
                }
            }
            // Added in format 1.4: the manifests' validation warnings, only when there are some.
            if !plan.warnings.isEmpty {
                $0.key("warnings")
                $0.array(plan.warnings) { $0.warning($1) }
            }
        }
    }

    private mutating func warning(_ warning: PlanWarning) {
        object {
            $0.key("code")
            $0.string(warning.code)
            if let column = warning.column {
                $0.key("column")
                $0.integer(column)
            }
            if let file = warning.file {
                $0.key("file")
                $0.string(file)
            }
            if let line = warning.line {
                $0.key("line")
                $0.integer(line)
            }
            $0.key("message")
            $0.string(warning.message)
        }
    }

    private mutating func change(_ change: Change) {
        object {
            $0.key("action")
            $0.string(change.action.rawValue)
            $0.key("address")
            $0.string(change.address)
            if let link = change.approvalLink {
                $0.key("approvalLink")
                $0.string(link)
            }
            $0.key("dependsOn")
            $0.array(change.dependsOn) { $0.string($1) }
            $0.key("diffs")
            $0.array(change.diffs) { writer, diff in
                writer.object {
                    if let after = diff.after {
                        $0.key("after")
                        $0.value(after)
                    }
                    if let before = diff.before {
                        $0.key("before")
                        $0.value(before)
                    }
                    $0.key("name")
                    $0.string(diff.name)
                    $0.key("path")
                    $0.string(diff.path)
                }
            }
            $0.key("irreversible")
            $0.bool(change.irreversible)
            $0.key("messages")
            $0.array(change.messages) { $0.string($1) }
            $0.key("reasons")
            $0.array(change.reasons) { $0.string($1.rawValue) }
            $0.key("requests")
            $0.array(change.requests) { writer, request in
                writer.object {
                    if let etag = request.etag {
                        $0.key("etag")
                        $0.string(etag)
                    }
                    $0.key("operation")
                    $0.string(request.operation.rawValue)
                    $0.key("parameters")
                    $0.object {
                        for key in request.parameters.keys.sorted() {
                            $0.key(key)
                            $0.value(request.parameters[key] ?? .null)
                        }
                    }
                    if let target = request.target {
                        $0.key("target")
                        $0.string(target)
                    }
                }
            }
            $0.key("requiresAppUser")
            $0.bool(change.requiresAppUser)
            $0.key("unchangedAttributes")
            $0.integer(change.unchangedAttributes)
            // Added in format 1.4: since when a `waiting` change has waited.
            if let since = change.waitingSince {
                $0.key("waitingSince")
                $0.string(since.formatted(.iso8601))
            }
        }
    }
}
