import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// The emulator as hostile or careless input meets it, over loopback HTTP: byte-order marks on demand, fault rules
/// that cannot freeze it, validated control input, bounded bodies, a protected control API and a private,
/// coalesced state file.
@Suite("Emulator hardening")
struct EmulatorHardeningTests {
    static let mark: [UInt8] = [0xEF, 0xBB, 0xBF]

    static func startsWithMark(_ reply: EmulatorHarness.Reply) -> Bool {
        Array(reply.body.prefix(3)) == mark
    }

    /// The JSON after the mark, as a client that accepts marks reads it.
    static func object(afterMark reply: EmulatorHarness.Reply) throws -> [String: Any] {
        let json = try JSONSerialization.jsonObject(with: reply.body.dropFirst(3))
        return json as? [String: Any] ?? [:]
    }

    // MARK: Byte-order marks (issue 11, client item 1: the emulator's switch)

    /// A `byteOrderMark` rule set through the control API marks success and error bodies of Partner Center, Graph
    /// and the token endpoint; requests no rule matches stay unmarked, and the mark does not stop other faults.
    @Test func byteOrderMarkRulesMarkEverySurfaceAndErrors() async throws {
        try await EmulatorHarness.with { emulator in
            let plainToken = try await emulator.developmentToken()
            let unmarked = try await emulator.send(.GET, "/v1/customers", token: plainToken)
            #expect(unmarked.status == 200 && !Self.startsWithMark(unmarked))

            let rules: [[String: Any]] = [
                ["route": "^/login/", "byteOrderMark": true],
                ["route": "^/v1/customers", "byteOrderMark": true],
                ["route": "^/graph/", "byteOrderMark": true],
                ["route": "^/v1/customers/\\{customerId\\}$", "method": "DELETE", "error500Rate": 1],
            ]
            let set = try await emulator.control(.PUT, "faults", json: ["faults": rules])
            #expect(set.status == 200, "\(set.text)")

            // Token endpoint, success and error.
            let tokenReply = try await emulator.tokenRequest(form: [
                ("client_id", DevelopmentPartner.clientId), ("client_secret", DevelopmentPartner.clientSecret),
                ("grant_type", "client_credentials"), ("scope", "https://api.partnercenter.microsoft.com/.default"),
            ])
            #expect(tokenReply.status == 200 && Self.startsWithMark(tokenReply))
            let token = try #require(try Self.object(afterMark: tokenReply)["access_token"] as? String)
            let badSecret = try await emulator.tokenRequest(form: [
                ("client_id", DevelopmentPartner.clientId), ("client_secret", "wrong"),
                ("grant_type", "client_credentials"), ("scope", "https://api.partnercenter.microsoft.com/.default"),
            ])
            #expect(badSecret.status == 401 && Self.startsWithMark(badSecret))
            #expect(try Self.object(afterMark: badSecret)["error"] as? String == "invalid_client")

            // Partner Center: success, a 404 from the route, a 401 from authentication, an injected 500.
            let list = try await emulator.send(.GET, "/v1/customers", token: token)
            #expect(list.status == 200 && Self.startsWithMark(list))
            #expect(try Self.object(afterMark: list)["items"] != nil)
            let missing = try await emulator.send(
                .GET,
                "/v1/customers/00000000-0000-0000-0000-00000000abcd",
                token: token
            )
            #expect(missing.status == 404 && Self.startsWithMark(missing))
            let unauthenticated = try await emulator.send(.GET, "/v1/customers", token: "not-a-token")
            #expect(unauthenticated.status == 401 && Self.startsWithMark(unauthenticated))
            let injected = try await emulator.send(
                .DELETE,
                "/v1/customers/00000000-0000-0000-0000-00000000abcd",
                token: token
            )
            #expect(injected.status == 500 && Self.startsWithMark(injected))
            #expect(try Self.object(afterMark: injected)["code"] != nil)

            // Graph: success and error.
            let graphToken = try await emulator.developmentToken(graph: true)
            let relationships = try await emulator.send(
                .GET,
                "/graph/v1.0/tenantRelationships/delegatedAdminRelationships",
                token: graphToken
            )
            #expect(relationships.status == 200 && Self.startsWithMark(relationships))
            let graphMissing = try await emulator.send(
                .GET,
                "/graph/v1.0/tenantRelationships/delegatedAdminRelationships/nope",
                token: graphToken
            )
            #expect(graphMissing.status == 404 && Self.startsWithMark(graphMissing))
            #expect(try Self.object(afterMark: graphMissing)["error"] != nil)

            // A route no rule names stays unmarked, and so does the control API.
            let offers = try await emulator.send(.GET, "/v1/offers?country=US", token: token)
            #expect(!Self.startsWithMark(offers))
            #expect(!Self.startsWithMark(try await emulator.control(.GET, "clock")))
        }
    }

    /// The same switch from a fault file at start (`EmulatorConfiguration.faults`, as `--faults FILE` loads it),
    /// limited to one method.
    @Test func byteOrderMarkRuleFromConfigurationHonoursMethod() async throws {
        let rules = try JSONDecoder().decode(
            FaultList.self,
            from: Data(#"{"faults":[{"route":"^/v1/customers$","method":"GET","byteOrderMark":true}]}"#.utf8)
        ).faults
        var configuration = EmulatorHarness.testConfiguration()
        configuration.faults = rules
        try await EmulatorHarness.with(configuration) { emulator in
            let token = try await emulator.developmentToken()
            #expect(Self.startsWithMark(try await emulator.send(.GET, "/v1/customers", token: token)))
            let post = try await emulator.send(.POST, "/v1/customers", token: token, json: [String: Any]())
            #expect(post.status == 400 && !Self.startsWithMark(post))
        }
    }
}
