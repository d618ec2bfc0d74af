import Foundation
import Hummingbird

/// The signed-in user's part of the device-code flow, under the control API:
/// - `GET devicecodes` — every device code (`userCode`, `clientId`, `scope`, `status`, `polls`, `slowDowns`,
///   `interval`, `expiresOn`); never the device code itself. `GET devicecodes/{userCode}` — one.
/// - `POST devicecodes/{userCode}/approve` `{"userPrincipalName"}` (optional; the development partner's user by
///   default) — the user signed in and consented.
/// - `POST devicecodes/{userCode}/deny` `{"error"}` (optional: `authorization_declined`, Entra's answer, by
///   default; or RFC 8628's `access_denied`) — the user declined.
/// - `POST devicecodes/{userCode}/slow-down` — the next poll is answered `slow_down`.
/// - `PUT devicecode-settings` `{"pollScale"}` — real seconds per second of the polling interval (1 as documented;
///   0.01 for a client polling 100 times as fast with `CSPCTL_RATE_SCALE=100`).
struct DeviceCodeControlRoutes {
    let store: EmulatorStore
    let deviceCodes: DeviceCodeBook

    private struct ApproveBody: Decodable { var userPrincipalName: String? }
    private struct DenyBody: Decodable { var error: String? }
    private struct SettingsBody: Codable { var pollScale: Double }

    private struct Entry: Encodable {
        var userCode: String
        var clientId: String
        var tenantId: String
        var scope: String
        var status: String
        var polls: Int
        var slowDowns: Int
        var interval: Int
        var expiresOn: String

        init(_ session: DeviceCodeBook.Session) {
            userCode = session.userCode
            clientId = session.clientId
            tenantId = session.tenantId
            scope = session.scope
            status =
                switch session.decision {
                case .pending: "pending"
                case .approved: "approved"
                case .declined: "declined"
                case .redeemed: "redeemed"
                }
            polls = session.polls
            slowDowns = session.slowDowns
            interval = session.interval
            expiresOn = EmulatorJSON.format(session.expiresOn)
        }
    }

    private struct EntryList: Encodable { var value: [Entry] }

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.get("devicecodes") { _, _ in
            try EmulatorJSON.response(status: .ok, EntryList(value: await deviceCodes.all().map(Entry.init)))
        }
        group.get("devicecodes/{userCode}") { _, context in
            guard let session = await deviceCodes.session(userCode: context.parameters.get("userCode") ?? "") else {
                throw Self.notFound(context)
            }
            return try EmulatorJSON.response(status: .ok, Entry(session))
        }
        group.post("devicecodes/{userCode}/approve") { request, context in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 16)
            let body =
                buffer.readableBytes == 0 ? ApproveBody() : try EmulatorJSON.decode(ApproveBody.self, from: buffer)
            let user = body.userPrincipalName ?? DevelopmentPartner.userPrincipalName
            guard (1...256).contains(user.count) else {
                throw PartnerCenterError.badRequest("userPrincipalName is 1 to 256 characters")
            }
            return try await decide(context, .approved(userPrincipalName: user))
        }
        group.post("devicecodes/{userCode}/deny") { request, context in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 16)
            let body = buffer.readableBytes == 0 ? DenyBody() : try EmulatorJSON.decode(DenyBody.self, from: buffer)
            let error = body.error ?? "authorization_declined"
            guard ["authorization_declined", "access_denied"].contains(error) else {
                throw PartnerCenterError.badRequest("error is authorization_declined or access_denied")
            }
            return try await decide(context, .declined(error: error))
        }
        group.post("devicecodes/{userCode}/slow-down") { _, context in
            guard await deviceCodes.requestSlowDown(context.parameters.get("userCode") ?? "") else {
                throw Self.notFound(context)
            }
            return Response(status: .noContent)
        }
        group.put("devicecode-settings") { request, context in
            var request = request
            let body = try EmulatorJSON.decode(SettingsBody.self, from: try await request.collectBody(upTo: 1 << 16))
            guard body.pollScale.isFinite, body.pollScale > 0, body.pollScale <= 100 else {
                throw PartnerCenterError.badRequest("pollScale is a number greater than 0, at most 100")
            }
            await deviceCodes.setPollScale(body.pollScale)
            return try EmulatorJSON.response(status: .ok, body)
        }
    }

    private func decide(
        _ context: EmulatorRequestContext,
        _ decision: DeviceCodeBook.Decision
    ) async throws
        -> Response
    {
        let userCode = context.parameters.get("userCode") ?? ""
        guard let session = await deviceCodes.decide(userCode, decision, now: await store.now) else {
            throw PartnerCenterError(
                status: .notFound,
                code: 800002,
                description: "No device code with user code \(userCode) is waiting for the user: it is unknown, "
                    + "already approved or denied, or expired."
            )
        }
        return try EmulatorJSON.response(status: .ok, Entry(session))
    }

    private static func notFound(_ context: EmulatorRequestContext) -> PartnerCenterError {
        PartnerCenterError(
            status: .notFound,
            code: 800002,
            description: "No device code with user code \(context.parameters.get("userCode") ?? "") exists."
        )
    }
}
