import Foundation
import PartnerCenterModel

/// Writes a plan as pretty-printed JSON with sorted keys, by hand: `JSONEncoder` took seconds for a
/// 10,000-customer plan. The output is the `Plan`'s `Codable` form (so `JSONDecoder` reads it back) and is what
/// `schemas/plan.schema.json` describes; the round-trip and schema tests keep the two in step.
struct PlanJSONWriter {
    private var bytes: [UInt8] = []
    /// One entry per open container: whether it is an array, and how many members it has so far.
    private var stack: [(isArray: Bool, count: Int)] = []

    static func write(_ plan: Plan) -> [UInt8] {
        var writer = PlanJSONWriter()
        writer.bytes.reserveCapacity(1_024 + plan.changes.count * 1_200)
        writer.plan(plan)
        writer.bytes.append(UInt8(ascii: "\n"))
        return writer.bytes
    }

    private mutating func plan(_ plan: Plan) {
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
            if let desired = plan.desired, let json = Self.encoded(desired) {
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
                    $0.key(key)
                    $0.raw(String(count))
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
        }
    }

    /// The desired state is written by `JSONEncoder` (saved plans only; compact, keys sorted).
    private static func encoded(_ desired: DesiredState) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(desired) else { return nil }
        return String(decoding: data, as: UTF8.self)
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
            $0.raw(String(change.unchangedAttributes))
        }
    }

    /// Keys in byte order (`String` comparison is slow for the 100,000 fingerprint keys of a large plan).
    static func sortedKeys(_ keys: some Collection<String>) -> [String] {
        // memcmp over each string's own UTF-8 storage: the generic `lexicographicallyPrecedes` over copied byte
        // arrays took a third of a large render, and String's `<` (same order for ASCII) is slower still.
        keys.sorted { lhs, rhs in
            let ordered = lhs.utf8.withContiguousStorageIfAvailable { left in
                rhs.utf8.withContiguousStorageIfAvailable { right in
                    let common = min(left.count, right.count)
                    if common > 0, let a = left.baseAddress, let b = right.baseAddress {
                        let order = memcmp(a, b, common)
                        if order != 0 { return order < 0 }
                    }
                    return left.count < right.count
                }
            }
            return (ordered ?? nil) ?? lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
        }
    }

    // MARK: - Primitives

    private mutating func value(_ value: PlanValue) {
        switch value {
        case .string(let text): string(text)
        case .number(let number): raw(number.description)
        case .bool(let flag): bool(flag)
        case .null: raw("null")
        case .list(let values): array(values) { $0.value($1) }
        }
    }

    private mutating func object(_ body: (inout PlanJSONWriter) -> Void) {
        open(UInt8(ascii: "{"), isArray: false)
        body(&self)
        close(UInt8(ascii: "}"))
    }

    private mutating func array<T>(_ items: [T], _ element: (inout PlanJSONWriter, T) -> Void) {
        open(UInt8(ascii: "["), isArray: true)
        for item in items {
            separate()
            element(&self, item)
        }
        close(UInt8(ascii: "]"))
    }

    private mutating func key(_ key: String) {
        separate()
        string(key)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
    }

    private mutating func open(_ bracket: UInt8, isArray: Bool) {
        bytes.append(bracket)
        stack.append((isArray, 0))
    }

    private mutating func close(_ bracket: UInt8) {
        let container = stack.removeLast()
        if container.count > 0 { newline() }
        bytes.append(bracket)
    }

    /// Before a member: a comma after the previous one, then a new indented line.
    private mutating func separate() {
        guard !stack.isEmpty else { return }
        if stack[stack.count - 1].count > 0 { bytes.append(UInt8(ascii: ",")) }
        stack[stack.count - 1].count += 1
        newline()
    }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        let depth = stack.count
        if depth < Self.indents.count {
            bytes.append(contentsOf: Self.indents[depth])
        } else {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
        }
    }

    private static let indents: [[UInt8]] = (0..<12).map { Array(repeating: UInt8(ascii: " "), count: $0 * 2) }

    private mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    private mutating func bool(_ flag: Bool) { raw(flag ? "true" : "false") }

    private mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        let plain = text.withUTF8 { buffer in
            for byte in buffer where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                return false
            }
            bytes.append(contentsOf: buffer)
            return true
        }
        if plain {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        let utf8 = text.utf8
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
