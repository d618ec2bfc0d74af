import Foundation
import HTTPTypes
import Logging
import PartnerCenterClient

/// A transport that answers from a script and records every request it received.
final class ScriptedTransport: PartnerCenterTransport, @unchecked Sendable {
    struct Sent {
        var request: HTTPRequest
        var body: Data?

        var path: String { request.path ?? "" }
        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { request.headerFields[$0] } }
        var bodyText: String { body.map { String(decoding: $0, as: UTF8.self) } ?? "" }
    }

    enum Reply {
        case status(Int, json: String = "{}", headers: [String: String] = [:])
        case failure(TransportFailure)
    }

    private let lock = NSLock()
    private var log: [Sent] = []
    private let respond: @Sendable (HTTPRequest, Data?, Int) -> Reply

    /// `respond` gets the request, its body, and how many requests came before it.
    init(_ respond: @escaping @Sendable (HTTPRequest, Data?, Int) -> Reply) {
        self.respond = respond
    }

    var sent: [Sent] { lock.withLock { log } }
    /// Requests other than token requests.
    var serviceRequests: [Sent] { sent.filter { !$0.path.contains("/oauth2/") } }

    func send(_ request: HTTPRequest, body: Data?) async throws -> (HTTPResponse, Data) {
        let index = lock.withLock {
            log.append(Sent(request: request, body: body))
            return log.count - 1
        }
        switch respond(request, body, index) {
        case .failure(let failure):
            throw failure
        case .status(let code, let json, let headers):
            var fields = HTTPFields()
            fields[.contentType] = "application/json"
            for (name, value) in headers {
                if let fieldName = HTTPField.Name(name) { fields[fieldName] = value }
            }
            return (HTTPResponse(status: .init(code: code), headerFields: fields), Data(json.utf8))
        }
    }

    /// Answers token requests with `token` (lifetime `expiresIn`) and everything else with `service`.
    static func withTokens(
        token: String = "token-1",
        expiresIn: Int = 3600,
        _ service: @escaping @Sendable (HTTPRequest, Data?, Int) -> Reply
    ) -> ScriptedTransport {
        ScriptedTransport { request, body, index in
            if (request.path ?? "").contains("/oauth2/v2.0/token") {
                return .status(
                    200,
                    json: #"{"token_type":"Bearer","expires_in":\#(expiresIn),"access_token":"\#(token)"}"#
                )
            }
            return service(request, body, index)
        }
    }
}

enum TestCredentials {
    static let tenant = "11111111-2222-3333-4444-555555555555"
    static let client = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
    static let secret = "s3cr3t-value-never-to-be-logged"
    static let refreshToken = "refresh-token-never-to-be-logged"

    static var secretConfiguration: CredentialConfiguration {
        CredentialConfiguration(
            app: AppCredential(tenantID: tenant, clientID: client, authentication: .secret(Secret(secret)))
        )
    }

    static var appPlusUserConfiguration: CredentialConfiguration {
        var configuration = secretConfiguration
        configuration.appPlusUser = AppPlusUserCredential(
            tenantID: tenant,
            clientID: client,
            refreshToken: Secret(refreshToken),
            authentication: .secret(Secret(secret))
        )
        return configuration
    }
}

extension PartnerCenterClient {
    /// A client for unit tests: scripted transport, test clock, no jitter, no pacing unless asked.
    static func forTesting(
        transport: any PartnerCenterTransport,
        clock: TestClock = TestClock(),
        credentials: CredentialConfiguration = TestCredentials.secretConfiguration,
        retryPolicy: RetryPolicy = .exponentialBackoff(
            maxAttempts: 4,
            baseDelay: .seconds(1),
            maxDelay: .seconds(8),
            jitter: 0
        ),
        rateBudget: RateBudget.Configuration = .init(requestsPerMinute: [:]),
        endpoints: ServiceEndpoints = .cloud(.public),
        logger: Logger? = nil
    ) -> PartnerCenterClient {
        var configuration = PartnerCenterClientConfiguration(
            endpoints: endpoints,
            credentials: credentials,
            retryPolicy: retryPolicy,
            rateBudget: rateBudget,
            clock: clock,
            correlationID: "corr-0001",
            random: { 0.5 },
            wallClock: { Date(timeIntervalSince1970: 1_700_000_000) }
        )
        if let logger { configuration.logger = logger }
        return PartnerCenterClient(configuration: configuration, transport: transport)
    }
}
