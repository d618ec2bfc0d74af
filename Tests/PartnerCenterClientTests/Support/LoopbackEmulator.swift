import Foundation
import HTTPTypes
import Logging
import PartnerCenterClient
import PartnerCenterEmulator
import PartnerCenterModel
import PartnerCenterTestSupport
import PartnerCenterWire

/// An emulator on a loopback port, a client pointed at it over real HTTP, and the emulator's control API.
final class LoopbackEmulator: Sendable {
    let server: EmulatorServer
    let transport: AsyncHTTPClientTransport
    let configuration: EmulatorConfiguration

    private init(server: EmulatorServer, transport: AsyncHTTPClientTransport, configuration: EmulatorConfiguration) {
        self.server = server
        self.transport = transport
        self.configuration = configuration
    }

    /// Runs `body` against a fresh emulator and always shuts both ends down.
    static func with<T>(
        _ configuration: EmulatorConfiguration = EmulatorConfiguration(),
        _ body: (LoopbackEmulator) async throws -> T
    ) async throws -> T {
        let server = try await EmulatorServer.start(configuration)
        let emulator = LoopbackEmulator(
            server: server,
            transport: AsyncHTTPClientTransport(timeout: .seconds(60)),
            configuration: configuration
        )
        do {
            let result = try await body(emulator)
            await emulator.close()
            return result
        } catch {
            await emulator.close()
            throw error
        }
    }

    private func close() async {
        try? await transport.shutdown()
        await server.shutdown()
    }

    var baseURL: URL { URL(string: server.baseURL) ?? URL(fileURLWithPath: "/invalid-emulator-url") }

    /// Retries with millisecond waits: loopback tests never wait long in real time.
    static let fastRetries = RetryPolicy.exponentialBackoff(
        maxAttempts: 5,
        baseDelay: .milliseconds(1),
        maxDelay: .milliseconds(4),
        jitter: 0,
        maxRetryAfter: .milliseconds(2)
    )

    static var developmentSecret: CredentialConfiguration { .developmentPartner(appUser: false) }

    static var developmentAppPlusUser: CredentialConfiguration { .developmentPartner() }

    func client(
        credentials: CredentialConfiguration = LoopbackEmulator.developmentAppPlusUser,
        retryPolicy: RetryPolicy = LoopbackEmulator.fastRetries,
        rateBudget: RateBudget.Configuration = .init(requestsPerMinute: [:]),
        logger: Logger? = nil
    ) -> PartnerCenterClient {
        var configuration = PartnerCenterClientConfiguration(
            endpoints: .custom(baseURL),
            credentials: credentials,
            retryPolicy: retryPolicy,
            rateBudget: rateBudget,
            maxConcurrentRequests: 8,
            wallClock: { [configuration = self.configuration] in
                configuration.initialTime ?? Date()
            }
        )
        if let logger { configuration.logger = logger }
        return PartnerCenterClient(configuration: configuration, transport: transport)
    }

    // MARK: Control API

    @discardableResult
    func control(_ method: HTTPRequest.Method, _ path: String, json: String? = nil) async throws -> JSONValue {
        var request = HTTPRequest(
            method: method,
            url: baseURL.appendingPathComponent("_emulator").appendingPathComponent(path)
        )
        if json != nil { request.headerFields[.contentType] = "application/json" }
        request.headerFields[.emulatorControlToken] = server.controlToken
        let (response, data) = try await transport.send(request, body: json.map { Data($0.utf8) })
        guard (200..<300).contains(response.status.code) else {
            throw ControlError(
                message: "\(method) \(path): HTTP \(response.status.code) \(String(decoding: data, as: UTF8.self))"
            )
        }
        return data.isEmpty ? .null : try WireJSON.parse(data)
    }

    func setFaults(_ rules: [FaultRule]) async throws {
        let encoder = JSONEncoder()
        let body = String(decoding: try encoder.encode(["faults": rules]), as: UTF8.self)
        try await control(.put, "faults", json: body)
    }

    func advanceClock(seconds: Double) async throws {
        try await control(.post, "clock/advance", json: #"{"seconds":\#(seconds)}"#)
    }

    /// Request counts: route pattern → status → count.
    func counters() async throws -> [String: [String: Int]] {
        let json = try await control(.get, "counters")
        guard case .array(let entries)? = json["counters"] else { return [:] }
        var result: [String: [String: Int]] = [:]
        for entry in entries {
            guard let route = entry["route"]?.stringValue, case .object(let statuses)? = entry["statuses"] else {
                continue
            }
            result[route] = statuses.compactMapValues { value in
                if case .integer(let count) = value { return Int(count) }
                return nil
            }
        }
        return result
    }

    /// Requests counted for `route` (`"POST /v1/customers"`), with `status` or any status.
    func count(_ route: String, status: Int? = nil) async throws -> Int {
        let statuses = try await counters()[route] ?? [:]
        return statuses.filter { status == nil || $0.key == "\(status ?? 0)" }.values.reduce(0, +)
    }
}

struct ControlError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
