import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// The device authorization grant as the Microsoft identity platform documents it (`v2-oauth2-device-code`): the
/// `/devicecode` answer's fields, the documented polling errors, and the App+User tokens and refresh token of an
/// approved code. `LoginCommandTests` drives the same through `cspctl login`.
@Suite("Device-code flow", .tags(.loopback))
struct DeviceCodeTests {
    static let scope = "https://api.partnercenter.microsoft.com/user_impersonation offline_access"

    static func deviceCode(_ emulator: EmulatorHarness, scope: String = scope) async throws -> EmulatorHarness.Reply {
        let body = "client_id=\(DevelopmentPartner.clientId)&scope=\(scope.replacingOccurrences(of: " ", with: "%20"))"
        return try await emulator.send(
            .POST,
            "/login/\(DevelopmentPartner.tenantId)/oauth2/v2.0/devicecode",
            body: Data(body.utf8),
            contentType: "application/x-www-form-urlencoded"
        )
    }

    static func poll(_ emulator: EmulatorHarness, _ deviceCode: String) async throws -> EmulatorHarness.Reply {
        try await emulator.tokenRequest(form: [
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), ("client_id", DevelopmentPartner.clientId),
            ("device_code", deviceCode),
        ])
    }

    static func object(_ reply: EmulatorHarness.Reply) -> [String: Any] {
        ((try? reply.json()) as? [String: Any]) ?? [:]
    }

    @Test func devicecodeAnswersTheDocumentedFieldsAndPollingFollowsTheUser() async throws {
        try await EmulatorHarness.with { emulator in
            let started = try await Self.deviceCode(emulator)
            #expect(started.status == 200, "\(started.text)")
            let answer = Self.object(started)
            #expect(
                Set(answer.keys) == [
                    "device_code", "user_code", "verification_uri", "expires_in", "interval", "message",
                ]
            )
            #expect(answer["expires_in"] as? Int == 900)
            #expect(answer["interval"] as? Int == 5)
            let code = try #require(answer["user_code"] as? String)
            let device = try #require(answer["device_code"] as? String)
            #expect((answer["message"] as? String)?.contains(code) == true)

            let pending = try await Self.poll(emulator, device)
            #expect(pending.status == 400)
            #expect(Self.object(pending)["error"] as? String == "authorization_pending")
            #expect(Self.object(pending)["error_codes"] as? [Int] == [70016])
            // Polled again at once (the interval is 5 s): slow_down, and the interval grows to 10 s.
            let early = try await Self.poll(emulator, device)
            #expect(Self.object(early)["error"] as? String == "slow_down")
            #expect(try await emulator.control(.PUT, "devicecode-settings", json: ["pollScale": 0.001]).status == 200)

            #expect(try await emulator.control(.POST, "devicecodes/\(code)/approve").status == 200)
            try await Task.sleep(for: .milliseconds(20))
            let approved = try await Self.poll(emulator, device)
            #expect(approved.status == 200, "\(approved.text)")
            let tokens = Self.object(approved)
            #expect(tokens["scope"] as? String == Self.scope)
            let refresh = try #require(tokens["refresh_token"] as? String)
            let exchanged = try await emulator.tokenRequest(form: [
                ("grant_type", "refresh_token"), ("client_id", DevelopmentPartner.clientId),
                ("client_secret", DevelopmentPartner.clientSecret), ("refresh_token", refresh),
                ("scope", "https://api.partnercenter.microsoft.com/.default"),
            ])
            #expect(exchanged.status == 200, "\(exchanged.text)")
            // A device code is redeemed once.
            try await Task.sleep(for: .milliseconds(20))
            #expect(Self.object(try await Self.poll(emulator, device))["error"] as? String == "bad_verification_code")
        }
    }

    @Test func withoutOfflineAccessNoRefreshTokenIsIssued() async throws {
        try await EmulatorHarness.with { emulator in
            let answer = Self.object(
                try await Self.deviceCode(emulator, scope: "https://api.partnercenter.microsoft.com/user_impersonation")
            )
            let code = try #require(answer["user_code"] as? String)
            #expect(try await emulator.control(.POST, "devicecodes/\(code)/approve").status == 200)
            let approved = try await Self.poll(emulator, try #require(answer["device_code"] as? String))
            #expect(approved.status == 200)
            #expect(Self.object(approved)["access_token"] != nil)
            #expect(Self.object(approved)["refresh_token"] == nil)
        }
    }

    @Test func missingScopeUnknownCodeAndExpiryAreRefusedAsDocumented() async throws {
        try await EmulatorHarness.with { emulator in
            let noScope = try await Self.deviceCode(emulator, scope: "")
            #expect(noScope.status == 400 && Self.object(noScope)["error"] as? String == "invalid_request")
            let unknown = try await Self.poll(emulator, "not-a-device-code")
            #expect(Self.object(unknown)["error"] as? String == "bad_verification_code")

            let answer = Self.object(try await Self.deviceCode(emulator))
            let code = try #require(answer["user_code"] as? String)
            try await emulator.advanceClock(seconds: 901)
            let expired = try await Self.poll(emulator, try #require(answer["device_code"] as? String))
            #expect(Self.object(expired)["error"] as? String == "expired_token")
            #expect(try await emulator.control(.POST, "devicecodes/\(code)/approve").status == 404)
            #expect(
                try await emulator.control(.POST, "devicecodes/\(code)/deny", json: ["error": "nope"]).status == 400
            )
        }
    }
}
