import AsyncHTTPClient
package import Foundation
import NIOCore
package import NIOHTTP1
package import PartnerCenterEmulator

/// An emulator started in-process on an ephemeral loopback port for one test, with a small HTTP helper:
///
///     try await EmulatorHarness.with { emulator in
///         let token = try await emulator.developmentToken()
///         let response = try await emulator.send(.GET, "/v1/customers", token: token)
///     }
package struct EmulatorHarness: Sendable {
    package let server: EmulatorServer
    package var baseURL: String { server.baseURL }
    package var store: EmulatorStore { server.store }
    /// The control API's token (`X-Emulator-Control-Token`), sent by `send` and `control` on `/_emulator/` paths.
    package var controlToken: String { server.controlToken }

    /// A test configuration: fixed clock, fixed seed, no throttling unless asked.
    package static func testConfiguration(
        rateLimits: RateLimits = .unlimited,
        sandbox: Bool = false
    ) -> EmulatorConfiguration {
        EmulatorConfiguration(seed: 42, rateLimits: rateLimits, sandbox: sandbox)
    }

    /// `estate`: start with a generated estate of that many customers (`Estate`, deterministic under the
    /// configuration's seed and clock; docs/emulator.md, "Seeded estate").
    package static func start(
        _ configuration: EmulatorConfiguration = testConfiguration(),
        estate: Int? = nil
    ) async throws
        -> EmulatorHarness
    {
        let harness = EmulatorHarness(server: try await EmulatorServer.start(configuration))
        if let estate {
            do {
                _ = try await harness.store.seedEstate(customers: estate)
            } catch {
                await harness.shutdown()
                throw error
            }
        }
        return harness
    }

    /// Runs `body` against a fresh emulator (with an estate of `estate` customers, if given) and always shuts it
    /// down.
    package static func with<T>(
        _ configuration: EmulatorConfiguration = testConfiguration(),
        estate: Int? = nil,
        _ body: (EmulatorHarness) async throws -> T
    ) async throws -> T {
        let harness = try await start(configuration, estate: estate)
        do {
            let result = try await body(harness)
            await harness.shutdown()
            return result
        } catch {
            await harness.shutdown()
            throw error
        }
    }

    package func shutdown() async {
        await server.shutdown()
    }

    /// A response as the test sees it.
    package struct Reply: Sendable {
        package var status: Int
        package var headers: HTTPHeaders
        package var body: Data

        package var text: String { String(decoding: body, as: UTF8.self) }

        /// The body as a JSON object (`[String: Any]` wrapped to stay Sendable-free at the call site).
        package func json() throws -> Any {
            try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
        }

        /// The body as JSON (an empty object for an empty body) when the status is 2xx; else an error naming
        /// `what`, the status and the body.
        package func requireSuccess(_ what: String) throws -> Any {
            guard (200..<300).contains(status) else { throw HarnessError(message: "\(what): \(status) \(text)") }
            return body.isEmpty ? [String: Any]() : try json()
        }
    }

    /// Sends one request to the emulator.
    package func send(
        _ method: HTTPMethod,
        _ path: String,
        token: String? = nil,
        headers: [(String, String)] = [],
        body: Data? = nil,
        contentType: String = "application/json"
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        // The control API needs the control token; a test that sends its own (or none) says so in `headers`.
        if path.hasPrefix("/_emulator"), !headers.contains(where: { $0.0.lowercased() == "x-emulator-control-token" }) {
            request.headers.add(name: "X-Emulator-Control-Token", value: server.controlToken)
        }
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(body)
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 256 * 1024 * 1024)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
    }

    /// Sends a JSON value.
    package func send(
        _ method: HTTPMethod,
        _ path: String,
        token: String? = nil,
        headers: [(String, String)] = [],
        json: Any
    ) async throws -> Reply {
        let body = try JSONSerialization.data(withJSONObject: json, options: [.fragmentsAllowed])
        return try await send(method, path, token: token, headers: headers, body: body)
    }

    /// A token for the development partner: app-only (client credentials) or App+User (refresh-token grant).
    package func developmentToken(appUser: Bool = false, graph: Bool = false) async throws -> String {
        let resource = graph ? "https://graph.microsoft.com" : "https://api.partnercenter.microsoft.com"
        var form = [
            ("client_id", DevelopmentPartner.clientId),
            ("client_secret", DevelopmentPartner.clientSecret),
        ]
        if appUser {
            form += [
                ("grant_type", "refresh_token"),
                ("refresh_token", DevelopmentPartner.refreshToken),
                ("scope", "\(resource)/.default offline_access"),
            ]
        } else {
            form += [("grant_type", "client_credentials"), ("scope", "\(resource)/.default")]
        }
        let reply = try await tokenRequest(form: form)
        guard reply.status == 200,
            let object = try reply.json() as? [String: Any],
            let token = object["access_token"] as? String
        else {
            throw HarnessError(message: "token request failed: \(reply.status) \(reply.text)")
        }
        return token
    }

    /// Posts a form to the development partner's token endpoint.
    package func tokenRequest(
        form: [(String, String)],
        tenant: String = DevelopmentPartner.tenantId
    ) async throws
        -> Reply
    {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let body = form.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }
        .joined(separator: "&")
        return try await send(
            .POST,
            "/login/\(tenant)/oauth2/v2.0/token",
            body: Data(body.utf8),
            contentType: "application/x-www-form-urlencoded"
        )
    }

    /// Calls the control API (`/_emulator/...`) with an optional JSON value.
    package func control(_ method: HTTPMethod, _ path: String, json: Any? = nil) async throws -> Reply {
        if let json { return try await send(method, "/_emulator/" + path, json: json) }
        return try await send(method, "/_emulator/" + path)
    }

    /// Advances the emulator clock.
    package func advanceClock(seconds: Double) async throws {
        let reply = try await control(.POST, "clock/advance", json: ["seconds": seconds])
        guard reply.status == 200 else { throw HarnessError(message: "clock advance failed: \(reply.text)") }
    }
}

package struct HarnessError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
