import Foundation
import HTTPTypes
import Hummingbird

/// The device authorization grant of the token endpoint (see ``DeviceCodeBook``).
extension TokenController {
    private struct DeviceAuthorizationResponse: Encodable {
        var user_code: String
        var device_code: String
        var verification_uri: String
        var expires_in: Int
        var interval: Int
        var message: String
    }

    /// `POST /login/{tenant}/oauth2/v2.0/devicecode` with `client_id` and `scope` (both required).
    func deviceAuthorization(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let tenant = (context.parameters.get("tenant") ?? "").lowercased()
        let form = FormBody.parse(try await request.collectBody(upTo: 1 << 20))
        let now = await store.now
        let fail = Self.failure(at: now)
        guard let clientId = form["client_id"]?.lowercased(), !clientId.isEmpty else {
            throw fail(
                .badRequest,
                "invalid_request",
                900144,
                "The request body must contain the following parameter: 'client_id'."
            )
        }
        guard let scope = form["scope"]?.trimmingCharacters(in: .whitespaces), !scope.isEmpty else {
            throw fail(
                .badRequest,
                "invalid_request",
                900144,
                "The request body must contain the following parameter: 'scope'."
            )
        }
        let application = try await application(clientId, tenant: tenant, fail: fail)
        // The scope must name one resource the token endpoint knows (checked now, as Entra does at consent).
        _ = try resolveResource(form: form, grant: Self.deviceCodeGrant, version2: true, fail: fail)
        let session = await deviceCodes.start(
            tenantId: application.tenantId.lowercased(),
            clientId: clientId,
            scope: scope,
            now: now
        )
        return try EmulatorJSON.response(
            status: .ok,
            DeviceAuthorizationResponse(
                user_code: session.userCode,
                device_code: session.deviceCode,
                verification_uri: DeviceCodeBook.verificationURI,
                expires_in: DeviceCodeBook.expiresIn,
                interval: session.interval,
                message: "To sign in, use a web browser to open the page \(DeviceCodeBook.verificationURI) and enter "
                    + "the code \(session.userCode) to authenticate."
            ),
            headers: [.cacheControl: "no-store, no-cache"]
        )
    }

    /// The device-code grant: the user who signed in, with `form`'s scope set to the one asked for at `/devicecode`.
    /// A public-client flow, so no client credential is needed (one given is checked).
    func deviceCodeUser(
        _ form: inout [String: String],
        application: ApplicationRecord,
        clientId: String,
        now: Date
    ) async throws -> UserGrant {
        let fail = Self.failure(at: now)
        let (user, scope) = try await deviceCodeGrant(form, clientId: clientId, now: now, fail: fail)
        form["scope"] = scope
        if form["client_secret"] != nil || form["client_assertion"] != nil {
            try await authenticate(application, clientId: clientId, form: form, now: now, fail: fail)
        }
        return user
    }

    /// A poll of the token endpoint with a device code: the user it was approved for and the scope asked for at
    /// `/devicecode`, or the documented error. A refresh token is issued only when that scope had `offline_access`.
    func deviceCodeGrant(
        _ form: [String: String],
        clientId: String,
        now: Date,
        fail: Fail
    ) async throws -> (UserGrant, scope: String) {
        guard let deviceCode = form["device_code"], !deviceCode.isEmpty else {
            throw fail(
                .badRequest,
                "invalid_request",
                900144,
                "The request body must contain the following parameter: 'device_code'."
            )
        }
        let answer = await deviceCodes.poll(
            deviceCode,
            clientId: clientId,
            now: now,
            elapsed: store.configuration.elapsed()
        )
        // AADSTS numbers: 70016 pending and 70019 expired are what Entra answers; the others are not documented.
        switch answer {
        case .unknown:
            throw fail(.badRequest, "bad_verification_code", 70018, "The device code was not recognized.")
        case .pending:
            throw fail(
                .badRequest,
                "authorization_pending",
                70016,
                "The provided request has not yet been authorized by the user. The user must input their code."
            )
        case .slowDown:
            throw fail(
                .badRequest,
                "slow_down",
                70016,
                "The client polled sooner than the interval allows; wait 5 seconds more between polls."
            )
        case .expired:
            throw fail(
                .badRequest,
                "expired_token",
                70019,
                "Verification code expired. Have the user retry the sign-in."
            )
        case .declined(let error):
            throw fail(.badRequest, error, 70000, "The user declined the sign-in request.")
        case .approved(let session, let user):
            let offline = session.scope.split(separator: " ").contains { $0.lowercased() == "offline_access" }
            return (
                UserGrant(
                    userPrincipalName: user,
                    newRefreshToken: offline ? Self.randomToken(prefix: "emu.rt.") : nil
                ),
                session.scope
            )
        }
    }
}
