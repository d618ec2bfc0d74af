import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// The emulator as hostile or careless input meets it, over loopback HTTP: byte-order marks on demand, fault rules
/// that cannot freeze it, validated control input, bounded bodies, a protected control API and a private,
/// coalesced state file.
@Suite("Emulator hardening", .tags(.loopback))
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

    /// The byte-order-mark switch and fault injection read the same rules: one lookup per request answers both
    /// (they looked the rules up once each, two per request), and both still apply.
    @Test func faultRulesAreConsultedOncePerRequest() async throws {
        try await EmulatorHarness.with { emulator in
            let token = try await emulator.developmentToken()
            let rules: [[String: Any]] = [
                ["route": "^/v1/customers", "byteOrderMark": true],
                ["route": "^/v1/customers/\\{customerId\\}$", "method": "DELETE", "error500Rate": 1],
            ]
            let set = try await emulator.control(.PUT, "faults", json: ["faults": rules])
            #expect(set.status == 200, "\(set.text)")
            let requests = Int(ProcessInfo.processInfo.environment["FAULT_LOOKUP_REQUESTS"] ?? "") ?? 5
            for _ in 0..<requests {
                let list = try await emulator.send(.GET, "/v1/customers", token: token)
                #expect(list.status == 200 && Self.startsWithMark(list))
            }
            let injected = try await emulator.send(
                .DELETE,
                "/v1/customers/00000000-0000-0000-0000-00000000abcd",
                token: token
            )
            #expect(injected.status == 500 && Self.startsWithMark(injected))
            #expect(await emulator.store.faultLookups == requests + 1)
        }
    }

    // MARK: Fault routes cannot freeze the emulator (issue 12, item 8)

    /// `^/v1/customers/(a+)+$` against a path of a's that then fails to match took a backtracking engine
    /// exponential time and froze every route, `/_emulator/clock` included. Matched in linear time, the request is
    /// answered at once, the rule still applies where it matches, and the control API still answers.
    @Test func nestedQuantifierRouteAnswersPromptly() async throws {
        try await EmulatorHarness.with { emulator in
            let token = try await emulator.developmentToken()
            let rule: [String: Any] = ["route": "^/v1/customers/(a+)+$", "error503Rate": 1]
            #expect(try await emulator.control(.PUT, "faults", json: ["faults": [rule]]).status == 200)
            let hostile = "/v1/customers/" + String(repeating: "a", count: 40) + "!"
            let missed = try await emulator.send(.GET, hostile, token: token)
            #expect(missed.status == 404)
            let matched = try await emulator.send(
                .GET,
                "/v1/customers/" + String(repeating: "a", count: 40),
                token: token
            )
            #expect(matched.status == 503)
            #expect(try await emulator.control(.GET, "clock").status == 200)
        }
    }

    /// What the matcher cannot do in linear time (or at all) is refused with 400 and the reason, and the rules in
    /// force stay as they were.
    @Test func unsafeFaultRoutesAreRefused() async throws {
        try await EmulatorHarness.with { emulator in
            let kept: [String: Any] = ["route": "^/v1/offers", "latencyMs": 1]
            #expect(try await emulator.control(.PUT, "faults", json: ["faults": [kept]]).status == 200)
            let refused: [(String, String)] = [
                ("^/v1/(a)\\1$", "backreferences"),
                ("^/v1/(?=customers)", "lookaround"),
                ("^/v1/(?<name>x)", "named groups"),
                ("^/v1/a{1000}", "at most 100"),
                ("(" + String(repeating: "a", count: 600) + ")", "longer than 512"),
                ("((((a{100}){100}){100}){100})", "too large"),
                ("^/v1/(customers", "unclosed"),
                ("^/v1/[a-", "unclosed"),
            ]
            for (route, reason) in refused {
                let reply = try await emulator.control(.PUT, "faults", json: ["faults": [["route": route]]])
                #expect(reply.status == 400, "\(route): \(reply.status)")
                #expect(reply.text.contains(reason), "\(route): \(reply.text)")
            }
            let now = try #require(try await emulator.control(.GET, "faults").json() as? [String: Any])
            let rules = try #require(now["faults"] as? [[String: Any]])
            #expect(rules.count == 1 && rules.first?["route"] as? String == "^/v1/offers")
        }
    }

    /// The linear-time matcher agrees with Swift's `Regex` (what rules were matched with before) on the patterns
    /// the project's tests, benchmarks and docs use and on nearby texts.
    @Test func routePatternsAgreeWithRegex() throws {
        let patterns = [
            "^/v1/customers$", "customers", "^/v1/", "^/(v1|graph)/", ".*", "^/v1/customers/\\{customerId\\}$",
            "^/v1/customers/\\{id\\}$", "^/graph/v1.0/tenantRelationships/delegatedAdminRelationships(/.*)?$",
            "/subscriptions/[^/]+$", "^/v1/customers/[0-9a-f-]{36}/orders$", "(?:orders|carts)/?", "\\d{2,}",
            "^/v1/customers/(a+)+$", "s$", "^$", "x*", "^/v1/(customers|orders)/?$", "[A-Z]", "\\w+/\\w+",
            "^/login/.+/token$", "a|b|", "^/v1/customers/{customerId}$", "c[^u]s",
        ]
        let texts = [
            "/v1/customers", "/v1/customers/{customerId}", "/v1/customers/{id}",
            "/graph/v1.0/tenantRelationships/"
                + "delegatedAdminRelationships", "/graph/v1.0/tenantRelationships/delegatedAdminRelationships/x/y",
            "/v1/customers/0a0e0000-0000-4000-8000-00000000c1d0/orders", "/v1/customers/aaaa", "/v1/customers/aa!",
            "", "/v1/orders/", "/login/72f988bf/oauth2/v2.0/token", "/v1/customers/12/subscriptions/abc", "/V1/X",
        ]
        for pattern in patterns {
            let compiled = try RoutePattern(pattern)
            let regex = try Regex(pattern)
            for text in texts {
                #expect(compiled.matches(text) == text.contains(regex), "\(pattern) on \(text)")
            }
        }
    }

    // MARK: Control input is validated (issue 12, item 9)

    /// `1e308` seconds once made every later request 401 and was saved in the state: now it is refused with 400,
    /// the clock stays where it was, tokens keep working, and the total offset is bounded (100 years).
    @Test func clockAdvanceRejectsWhatIsNotAUsableTime() async throws {
        try await EmulatorHarness.with { emulator in
            let before = try await emulator.control(.GET, "clock").text
            for seconds in [1e308, -1, 4e9] as [Double] {
                let reply = try await emulator.control(.POST, "clock/advance", json: ["seconds": seconds])
                #expect(reply.status == 400, "\(seconds): \(reply.text)")
            }
            let text = try await emulator.control(.POST, "clock/advance", json: ["seconds": "soon"])
            #expect(text.status == 400)
            #expect(try await emulator.control(.GET, "clock").text == before)
            let token = try await emulator.developmentToken()
            #expect(try await emulator.send(.GET, "/v1/customers", token: token).status == 200)
            #expect(try await emulator.control(.POST, "clock/advance", json: ["seconds": 3e9]).status == 200)
            let past = try await emulator.control(.POST, "clock/advance", json: ["seconds": 3e9])
            #expect(past.status == 400 && past.text.contains("100 years"))
        }
    }

    /// A state document with an unusable clock is refused (PUT /_emulator/state: 400; a state file: at start).
    @Test func stateWithUnusableClockIsRefused() async throws {
        try await EmulatorHarness.with { emulator in
            var state = try #require(try await emulator.control(.GET, "state").json() as? [String: Any])
            state["clockOffset"] = 1e308
            let reply = try await emulator.control(.PUT, "state", json: state)
            #expect(reply.status == 400 && reply.text.contains("clockOffset"))
        }
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("state.json")
        try Data(#"{"clockOffset": 1e308}"#.utf8).write(to: file)
        var configuration = EmulatorHarness.testConfiguration()
        configuration.stateFile = file.path
        await #expect { try await EmulatorServer.start(configuration) } throws: { error in
            "\(error)".contains("clockOffset") && "\(error)".contains(file.path)
        }
    }

    /// Fault numbers outside their ranges are refused with the rule and the reason.
    @Test func faultRuleNumbersAreValidated() async throws {
        try await EmulatorHarness.with { emulator in
            let refused: [([String: Any], String)] = [
                (["route": "x", "error500Rate": 2], "error500Rate"),
                (["route": "x", "error500Rate": 0.7, "dropRate": 0.7], "add up"),
                (["route": "x", "latencyMs": -5], "latencyMs"),
                (["route": "x", "latencyMs": 10_000_000], "latencyMs"),
                (["route": "x", "latencyMs": 50, "latencyMaxMs": 10], "latencyMaxMs"),
                (["route": "x", "burstLength": 0], "burstLength"),
                (["route": "x", "retryAfterSeconds": -1], "retryAfterSeconds"),
                (["route": "x", "limit": -1], "limit"),
                (["route": "x", "method": "GET /"], "method"),
            ]
            for (rule, reason) in refused {
                let reply = try await emulator.control(.PUT, "faults", json: ["faults": [rule]])
                #expect(reply.status == 400 && reply.text.contains(reason), "\(rule): \(reply.text)")
            }
            let portal = try await emulator.control(
                .PATCH,
                "customers/x/subscriptions/y",
                json: ["quantity": -3]
            )
            #expect(portal.status == 400 && portal.text.contains("quantity"))
            let behaviour = try await emulator.control(.PUT, "gdap/behaviour", json: ["provisioningSeconds": 1e308])
            #expect(behaviour.status == 400 && behaviour.text.contains("Seconds"))
            let subject = try await emulator.control(
                .POST,
                "actions/runs",
                json: ["subject": String(repeating: "s", count: 700)]
            )
            #expect(subject.status == 400)
        }
    }

    // MARK: Bodies are bounded and the control API is protected (issue 12, item 10)

    /// Without the control token (or with another) every control route but reading the clock answers 401 and
    /// changes nothing; the token is what `EmulatorServer.controlToken` reports.
    @Test func controlAPIRequiresTheControlToken() async throws {
        try await EmulatorHarness.with { emulator in
            let none = [("X-Emulator-Control-Token", "")]
            let wrong = [("X-Emulator-Control-Token", String(repeating: "0", count: 64))]
            for headers in [none, wrong] {
                let reset = try await emulator.send(.POST, "/_emulator/reset", headers: headers)
                #expect(reset.status == 401 && reset.text.contains("X-Emulator-Control-Token"))
                let state = try await emulator.send(.GET, "/_emulator/state", headers: headers)
                #expect(state.status == 401)
                let advance = try await emulator.send(
                    .POST,
                    "/_emulator/clock/advance",
                    headers: headers,
                    body: Data(#"{"seconds": 60}"#.utf8)
                )
                #expect(advance.status == 401)
            }
            // Reading the clock is open (cspctl at a loopback --endpoint reads it), and it did not move.
            let clock = try await emulator.send(.GET, "/_emulator/clock", headers: none)
            #expect(clock.status == 200 && clock.text.contains("2025-01-01T00:00:00Z"))
            let right = [("X-Emulator-Control-Token", emulator.controlToken)]
            #expect(emulator.controlToken.count == 64)
            #expect(try await emulator.send(.GET, "/_emulator/state", headers: right).status == 200)
        }
        var configuration = EmulatorHarness.testConfiguration()
        configuration.controlToken = "short"
        await #expect(throws: (any Error).self) { try await EmulatorServer.start(configuration) }
    }

    /// Bodies over a route's limit answer 413 in the surface's shape without being read: Partner Center (1 MiB),
    /// Graph (4 MiB), the token endpoint (64 KiB) and the control API (1 MiB; 64 MiB for a state snapshot). An
    /// unauthenticated state upload is refused before its body is read.
    @Test func oversizedBodiesAreRefusedPerRoute() async throws {
        try await EmulatorHarness.with { emulator in
            let token = try await emulator.developmentToken()
            let graphToken = try await emulator.developmentToken(graph: true)
            func padded(_ size: Int) -> Data {
                Data(#"{"x":""#.utf8 + Data(repeating: 0x61, count: size) + Data("\"}".utf8))
            }

            let partnerCenter = try await emulator.send(.POST, "/v1/customers", token: token, body: padded(1 << 20))
            #expect(partnerCenter.status == 413)
            #expect((try partnerCenter.json() as? [String: Any])?["code"] as? Int == 413)
            #expect(partnerCenter.text.contains("at most 1048576 bytes"))
            // Just under the limit is read (and refused for what it says, not its size).
            let small = try await emulator.send(.POST, "/v1/customers", token: token, body: padded(1000))
            #expect(small.status == 400)

            let graph = try await emulator.send(
                .POST,
                "/graph/v1.0/tenantRelationships/delegatedAdminRelationships",
                token: graphToken,
                body: padded(4 << 20)
            )
            #expect(graph.status == 413)
            let graphError = (try graph.json() as? [String: Any])?["error"] as? [String: Any]
            #expect(graphError?["code"] as? String == "RequestEntityTooLarge")

            let form = try await emulator.send(
                .POST,
                "/login/\(DevelopmentPartner.tenantId)/oauth2/v2.0/token",
                body: Data(repeating: 0x61, count: 65 << 10),
                contentType: "application/x-www-form-urlencoded"
            )
            #expect(form.status == 413)
            #expect((try form.json() as? [String: Any])?["error"] as? String == "invalid_request")

            let faults = try await emulator.control(
                .PUT,
                "faults",
                json: ["faults": [], "pad": String(repeating: "a", count: 1 << 20)]
            )
            #expect(faults.status == 413)

            let anonymous = try await emulator.send(
                .PUT,
                "/_emulator/state",
                headers: [("X-Emulator-Control-Token", "")],
                body: padded(2 << 20)
            )
            #expect(anonymous.status == 401)
            // A snapshot larger than a service body is accepted by the state route.
            var state = try #require(try await emulator.control(.GET, "state").json() as? [String: Any])
            state["padding"] = String(repeating: "a", count: 2 << 20)
            #expect(try await emulator.control(.PUT, "state", json: state).status == 204)
        }
    }

    /// A body sent without `Content-Length` (chunked) is read up to the limit only, then refused with 413.
    @Test func chunkedBodyOverTheLimitIsRefused() async throws {
        try await EmulatorHarness.with { emulator in
            let token = try await emulator.developmentToken()
            let chunk = ByteBuffer(bytes: Array(repeating: UInt8(ascii: "a"), count: 256 << 10))
            let chunks = AsyncStream<ByteBuffer> { continuation in
                for _ in 0..<6 { continuation.yield(chunk) }
                continuation.finish()
            }
            var request = HTTPClientRequest(url: emulator.baseURL + "/v1/customers")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .stream(chunks, length: .unknown)
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            #expect(response.status.code == 413)
            let body = try await response.body.collect(upTo: 1 << 20)
            #expect(String(buffer: body).contains("at most 1048576 bytes"))
        }
    }

    // MARK: The state file: private, checked at start, written in the background (issue 12 item 11, smaller; issue 11 emulator 8)

    /// A test configuration with the state file `state.json` in `folder`, written at most every `interval`.
    static func stateFileConfiguration(
        in folder: URL,
        flushEvery interval: Duration
    ) -> (file: URL, configuration: EmulatorConfiguration) {
        let file = folder.appendingPathComponent("state.json")
        var configuration = EmulatorHarness.testConfiguration()
        configuration.stateFile = file.path
        configuration.stateFlushInterval = interval
        return (file, configuration)
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cspctl-hardening-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }

    /// The state file holds every token and admin password: it is 0600 from the first write (even when it was
    /// 0644 before), no temporary file is left beside it, and what it holds after shutdown is the last state.
    @Test func stateFileIsPrivateAndComplete() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("state.json")
        try Data("{}".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        var configuration = EmulatorHarness.testConfiguration()
        configuration.stateFile = file.path
        let id = try await EmulatorHarness.with(configuration) { emulator in
            #expect(try Self.mode(file.path) == 0o600)
            let token = try await emulator.developmentToken()
            let created = try await emulator.send(
                .POST,
                "/v1/customers",
                token: token,
                json: try CustomerTests.body(domain: "private.onmicrosoft.com")
            )
            return try #require((try created.requireSuccess("create") as? [String: Any])?["id"] as? String)
        }
        #expect(try Self.mode(file.path) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["state.json"])
        let saved = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect((saved["customers"] as? [String: Any])?[id] != nil)
    }

    /// Changes are written by a background writer, not by the requests: with a flush interval longer than the
    /// test, the file still holds the start state after many changes, and shutdown writes them all.
    @Test func stateIsWrittenInTheBackgroundAndAtShutdown() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (file, configuration) = Self.stateFileConfiguration(in: folder, flushEvery: .seconds(3600))
        let count = Int(ProcessInfo.processInfo.environment["CSPCTL_TEST_STATE_CREATES"] ?? "") ?? 20
        let emulator = try await EmulatorHarness.start(configuration)
        let token = try await emulator.developmentToken()
        for index in 0..<count {
            let created = try await emulator.send(
                .POST,
                "/v1/customers",
                token: token,
                json: try CustomerTests.body(domain: "background\(index).onmicrosoft.com")
            )
            #expect(created.status == 201)
        }
        let during = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect((during["customers"] as? [String: Any] ?? [:]).isEmpty)
        await emulator.shutdown()
        let after = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect((after["customers"] as? [String: Any])?.count == count)
    }

    /// Reads never write: after a customer and a GDAP relationship are written, GETs of both services (lists,
    /// single objects, `$count`, and a Graph 404) leave the state file untouched: the same inode (a write replaces
    /// the file), modification time and bytes, even after a flush. Graph reads used to run inside a change of the
    /// state and marked it for writing on every GET.
    @Test func readsNeverWriteTheStateFile() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (file, configuration) = Self.stateFileConfiguration(in: folder, flushEvery: .milliseconds(10))
        let reads = Int(ProcessInfo.processInfo.environment["CSPCTL_TEST_STATE_READS"] ?? "") ?? 100
        try await EmulatorHarness.with(configuration) { emulator in
            let token = try await emulator.developmentToken()
            let graphToken = try await emulator.developmentToken(graph: true)
            let created = try await emulator.send(
                .POST,
                "/v1/customers",
                token: token,
                json: try CustomerTests.body(domain: "readonly.onmicrosoft.com")
            )
            let customer = try #require((try created.requireSuccess("create") as? [String: Any])?["id"] as? String)
            let relationships = "/graph/v1.0/tenantRelationships/delegatedAdminRelationships"
            let relationship = try await emulator.send(
                .POST,
                relationships,
                token: graphToken,
                json: [
                    "displayName": "read only", "duration": "P730D", "customer": ["tenantId": customer],
                    "accessDetails": ["unifiedRoles": [["roleDefinitionId": GraphRoles.exchange]]],
                ]
            )
            let relationshipId = try #require(
                (try relationship.requireSuccess("gdap") as? [String: Any])?["id"] as? String
            )
            try await emulator.store.flush()
            let before = try Self.fileIdentity(file.path)
            let paths: [(String, String)] = [
                ("/v1/customers", token), ("/v1/customers/\(customer)", token),
                (relationships, graphToken), ("\(relationships)/\(relationshipId)", graphToken),
                ("\(relationships)/$count", graphToken), ("\(relationships)/\(relationshipId)/requests", graphToken),
                ("\(relationships)/no-such-relationship", graphToken),
                ("/graph/v1.0/tenantRelationships/delegatedAdminCustomers", graphToken),
            ]
            for index in 0..<reads {
                let (path, bearer) = paths[index % paths.count]
                let reply = try await emulator.send(.GET, path, token: bearer)
                #expect(reply.status == (path.hasSuffix("no-such-relationship") ? 404 : 200), "\(path)")
            }
            try await emulator.store.flush()
            #expect(try Self.fileIdentity(file.path) == before)
        }
    }

    /// The inode, modification time and bytes of a file.
    static func fileIdentity(_ path: String) throws -> [String] {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
        let inode = (attributes[.systemFileNumber] as? NSNumber)?.stringValue ?? "?"
        return [inode, String(modified), try String(contentsOfFile: path, encoding: .utf8)]
    }

    /// A change is on disk without a shutdown or a flush, written by the background writer within its interval (the
    /// most a crash loses): the file is polled until it holds the new customer, for at most 30 seconds.
    @Test func aChangeReachesTheFileWithoutShutdown() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (file, configuration) = Self.stateFileConfiguration(in: folder, flushEvery: .milliseconds(20))
        try await EmulatorHarness.with(configuration) { emulator in
            let token = try await emulator.developmentToken()
            let created = try await emulator.send(
                .POST,
                "/v1/customers",
                token: token,
                json: try CustomerTests.body(domain: "unflushed.onmicrosoft.com")
            )
            let id = try #require((try created.requireSuccess("create") as? [String: Any])?["id"] as? String)
            var written = false
            for _ in 0..<3000 where !written {
                let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
                written = (saved?["customers"] as? [String: Any])?[id] != nil
                if !written { try await Task.sleep(for: .milliseconds(10)) }
            }
            #expect(written)
        }
    }

    /// A state file that cannot be written is refused at start, naming the file and the reason (before, the
    /// emulator started and every change then failed with 500).
    @Test func unwritableStateFileIsRefusedAtStart() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let notAFolder = folder.appendingPathComponent("plain-file")
        try Data().write(to: notAFolder)
        for path in [notAFolder.appendingPathComponent("state.json").path, "/proc/cspctl-emulator-state.json"] {
            var configuration = EmulatorHarness.testConfiguration()
            configuration.stateFile = path
            await #expect { try await EmulatorServer.start(configuration) } throws: { error in
                "\(error)".contains("cannot write the state file \(path)")
            }
        }
    }
}
