import Crypto
import Foundation
import HTTPTypes
import PartnerCenterClient
import PartnerCenterModel

/// How one change's requests go out: performed through the client, or, in a dry run, previewed and answered with
/// a placeholder. The change's code is the same either way, so `--dry-run` shows exactly what apply would send.
struct ApplySession: Sendable {
    let client: PartnerCenterClient
    let planID: String
    let dryRun: Bool
    /// The saved plan's fingerprints (address → `etag:…` or `sha256:…`): an update is bound to what was reviewed.
    var fingerprints: [String: String] = [:]
    /// Addresses an earlier run of this plan started (its journal): their objects may have moved because of apply.
    var resumed: Set<String> = []
    /// Customers (lower-cased domains) this plan creates: everything under them is this plan's own doing.
    var createdByPlan: Set<String> = []
    /// Agreement type → the current template id, read once per run (the same for every customer).
    let templates = TemplateCache()

    /// The `MS-RequestId` of one request of one change: derived from the plan id, the change's address and the
    /// step, formatted as a GUID. The same on every retry (the client keeps it) and on every run of the same plan,
    /// so a create whose answer was lost is replayed by Partner Center instead of executed twice.
    func requestID(_ address: String, _ step: String) -> String {
        Self.requestID(planID: planID, address: address, step: step)
    }

    static func requestID(planID: String, address: String, step: String) -> String {
        guid(of: "\(planID)\n\(address)\n\(step)")
    }

    /// The `MS-RequestId` of one step of a purchase: derived from what is bought, not from the plan, so two runs
    /// of two different plans (two CI runners, a pipeline and a manual run, two machines) that buy the same thing
    /// for the same customer send the same id, and Partner Center's replay turns the second purchase into the
    /// first one's answer. `generation` tells apart a repurchase after a cancellation (the ids of the customer's
    /// earlier, no longer live subscriptions of that name), so a deliberate second purchase is not a replay.
    static func purchaseRequestID(
        customerID: String,
        nickname: String,
        line: [String],
        generation: [String],
        step: String
    ) -> String {
        let fields = ["purchase", customerID.lowercased(), nickname] + line + ["generation"] + generation.sorted()
        return guid(of: fields.joined(separator: "\n") + "\n" + step)
    }

    /// A name-based GUID (SHA-256, version 5 layout) of `text`.
    static func guid(of text: String) -> String {
        let digest = Array(SHA256.hash(data: Data(text.utf8)))
        var bytes = Array(digest.prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50  // version 5 (name-based, SHA) layout
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [(0, 8), (8, 12), (12, 16), (16, 20), (20, 32)].map { range in
            String(hex[hex.index(hex.startIndex, offsetBy: range.0)..<hex.index(hex.startIndex, offsetBy: range.1)])
        }
        return parts.joined(separator: "-")
    }

    /// Sends `call` and decodes its answer; in a dry run records it and returns `placeholder()`.
    func send<T: Decodable>(
        _ call: PartnerCenterClient.Call,
        as type: T.Type,
        record: inout ChangeRecord,
        note: String? = nil,
        placeholder: () -> T
    ) async throws -> T {
        if dryRun {
            record.previews.append(try preview(call, note: note))
            return placeholder()
        }
        record.willSend(call)
        let value = try await client.send(call, as: T.self)
        return value
    }

    /// Sends `call`, ignoring its body; in a dry run records it.
    func perform(_ call: PartnerCenterClient.Call, record: inout ChangeRecord, note: String? = nil) async throws {
        if dryRun {
            record.previews.append(try preview(call, note: note))
            return
        }
        record.willSend(call)
        _ = try await client.perform(call)
    }

    func preview(_ call: PartnerCenterClient.Call, note: String?) throws -> HTTPRequestPreview {
        let preview = try client.preview(call)
        return HTTPRequestPreview(
            operation: preview.operation,
            method: preview.method,
            url: preview.url,
            headers: preview.headers.map { HTTPRequestPreview.Header(name: $0.name, value: $0.value) },
            body: preview.body,
            note: note
        )
    }
}

/// The agreement templates apply has read this run.
actor TemplateCache {
    private var ids: [String: String] = [:]

    func id(for type: String) -> String? { ids[type] }

    func remember(_ id: String, for type: String) { ids[type] = id }
}

/// What a change's execution has done so far: the request ids it sent, ids it created, its previews.
struct ChangeRecord: Sendable {
    var requestIDs: [String] = []
    var createdIDs: [String: String] = [:]
    var previews: [HTTPRequestPreview] = []
    var approvalLink: String?
    /// Why the change's object was already as wanted for some step (look-before-create found it), for the message.
    var adopted: [String] = []

    mutating func willSend(_ call: PartnerCenterClient.Call) {
        if call.method != .get, let id = call.requestID { requestIDs.append(id) }
    }
}

/// A value apply only learns by sending (a new customer's id): shown in a dry run's URLs and bodies.
enum Placeholder {
    static func id(of address: String) -> String { "{id of \(address)}" }
}
