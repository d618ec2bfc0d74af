import Foundation
import Logging
import PartnerCenterClient
import PartnerCenterEmulator

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A client pointed at the endpoint the options name, and what the plan records about that endpoint.
/// `close()` must be called when done: it shuts the transport (and the embedded emulator) down.
struct LiveConnection {
    var client: PartnerCenterClient
    var transport: AsyncHTTPClientTransport
    var emulator: EmulatorServer?
    /// What the saved plan records as its endpoint: the base URL, or for `--emulator` the state file's absolute
    /// path (its port changes every run).
    var endpointIdentity: String
    var sandbox: Bool
    var serviceClock: @Sendable () async -> Date

    func close() async {
        try? await transport.shutdown()
        if let emulator { await emulator.shutdown() }
    }
}

/// Environment and options → credentials, endpoints, client; starts the embedded emulator for `--emulator`.
enum ClientFactory {
    static let emulatorStateDefault = ".cspctl/emulator.json"

    static func connect(
        _ options: ConnectionOptions,
        environment: [String: String],
        parallelism: Int,
        sendsNothing: Bool = false
    ) async throws -> LiveConnection {
        let logger = try options.requestLogger(environment: environment)
        if options.emulator { return try await embedded(options, parallelism: parallelism, logger: logger) }
        let endpoints: ServiceEndpoints
        let identity: String
        var serviceClock: @Sendable () async -> Date = { Date() }
        if options.cloud == nil, let text = options.endpoint ?? nonEmpty(environment["CSPCTL_ENDPOINT"]) {
            // Name what the value came from: the option, or the environment variable.
            let source = options.endpoint != nil ? "--endpoint \(text)" : "CSPCTL_ENDPOINT=\(text)"
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
                ["http", "https"].contains(scheme),
                url.host != nil
            else {
                throw CommandFailure("\(source) is not an http(s) URL, such as http://127.0.0.1:7227")
            }
            guard EndpointSecurity.allowsCredentials(url) else {
                throw CommandFailure(
                    "\(source) uses plain http to a host that is not loopback; credentials are sent only over "
                        + "https (or http to 127.0.0.1)"
                )
            }
            endpoints = .custom(url)
            identity = endpoints.partnerCenter.absoluteString
            if EndpointSecurity.isLoopback(host: url.host ?? "") {
                let base = endpoints.partnerCenter
                serviceClock = { await EmulatorClock.now(base: base) ?? Date() }
            }
        } else {
            endpoints = .cloud(options.cloud ?? .public)
            identity = endpoints.partnerCenter.absoluteString
        }
        // A run that sends nothing (`apply PLANFILE --dry-run`) reads no credentials: a placeholder that no
        // request ever carries stands in, so none need be configured (and no secret file is opened).
        let credentials =
            sendsNothing
            ? CredentialConfiguration(staticToken: Secret("dry run: nothing is sent"))
            : try CredentialConfiguration.fromEnvironment(environment)
        let transport = AsyncHTTPClientTransport()
        let client = PartnerCenterClient(
            configuration: configuration(
                endpoints: endpoints,
                credentials: credentials,
                parallelism: parallelism,
                rateScale: try rateScale(environment),
                logger: logger
            ),
            transport: transport
        )
        return LiveConnection(
            client: client,
            transport: transport,
            emulator: nil,
            endpointIdentity: identity,
            sandbox: false,
            serviceClock: serviceClock
        )
    }

    /// `--emulator`: an emulator on an ephemeral loopback port, its state in `--emulator-state` (created and
    /// seeded with the catalog on first use), and the development partner's credentials (app and App+User).
    static func embedded(
        _ options: ConnectionOptions,
        parallelism: Int,
        logger: Logger = RequestLog.logger(level: nil)
    ) async throws -> LiveConnection {
        let path = URL(fileURLWithPath: options.emulatorState ?? emulatorStateDefault).standardizedFileURL.path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("cannot create \(folder.path) for the emulator state: \(error.localizedDescription)")
        }
        let fresh = !FileManager.default.fileExists(atPath: path)
        let server: EmulatorServer
        do {
            // On the wall clock, as `cspctl emulator` runs: a rehearsal sees today's date, and new-commerce windows
            // close in real time between commands.
            server = try await EmulatorServer.start(EmulatorConfiguration(stateFile: path, initialTime: nil))
        } catch {
            throw CommandFailure("cannot start the embedded emulator with state \(path): \(error)")
        }
        if fresh {
            // Write the seeded state (the catalog, nothing else) now, so the file exists from the first run.
            let state = await server.store.read { $0 }
            try? await server.store.replace(with: state)
        }
        guard let base = URL(string: server.baseURL) else {
            await server.shutdown()
            throw CommandFailure("the embedded emulator reported an unusable URL \(server.baseURL)")
        }
        let app = ClientAuthentication.secret(Secret(DevelopmentPartner.clientSecret))
        let credentials = CredentialConfiguration(
            app: AppCredential(
                tenantID: DevelopmentPartner.tenantId,
                clientID: DevelopmentPartner.clientId,
                authentication: app
            ),
            appPlusUser: AppPlusUserCredential(
                tenantID: DevelopmentPartner.tenantId,
                clientID: DevelopmentPartner.clientId,
                refreshToken: Secret(DevelopmentPartner.refreshToken),
                authentication: app
            )
        )
        let transport = AsyncHTTPClientTransport()
        let client = PartnerCenterClient(
            configuration: configuration(
                endpoints: .custom(base),
                credentials: credentials,
                parallelism: parallelism,
                logger: logger
            ),
            transport: transport
        )
        let store = server.store
        return LiveConnection(
            client: client,
            transport: transport,
            emulator: server,
            endpointIdentity: "emulator:\(path)",
            sandbox: false,  // the embedded emulator is a production-like account, never a sandbox
            serviceClock: { await store.now }
        )
    }

    /// `CSPCTL_RATE_SCALE`: multiplies the documented rate budgets the client paces itself to. Only for an
    /// emulator started with the same `--rate-scale` (benchmarks, rehearsals, tests); the real service's limits
    /// are what they are.
    static func rateScale(_ environment: [String: String]) throws -> Double {
        guard let text = nonEmpty(environment["CSPCTL_RATE_SCALE"]) else { return 1 }
        guard let scale = Double(text), scale > 0, scale.isFinite else {
            throw CommandFailure("CSPCTL_RATE_SCALE=\(text) is not a positive number")
        }
        return scale
    }

    static func configuration(
        endpoints: ServiceEndpoints,
        credentials: CredentialConfiguration,
        parallelism: Int,
        rateScale: Double = 1,
        logger: Logger = RequestLog.logger(level: nil)
    ) -> PartnerCenterClientConfiguration {
        PartnerCenterClientConfiguration(
            endpoints: endpoints,
            credentials: credentials,
            rateBudget: RateBudget.Configuration(scale: rateScale),
            maxConcurrentRequests: max(4, parallelism * 2),
            logger: logger,
            version: CSPCtlVersion.current
        )
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }
}

/// The clock of an emulator at a loopback `--endpoint` (`GET /_emulator/clock`, with the control token from
/// `CSPCTL_EMULATOR_CONTROL_TOKEN`, as `cspctl emulator` prints it); nil for anything else (or without the token),
/// in which case the local clock is used.
enum EmulatorClock {
    struct Body: Decodable {
        var now: String
    }

    static func now(base: URL) async -> Date? {
        var request = URLRequest(url: base.appendingPathComponent("_emulator").appendingPathComponent("clock"))
        request.timeoutInterval = 5
        if let token = ProcessInfo.processInfo.environment["CSPCTL_EMULATOR_CONTROL_TOKEN"], !token.isEmpty {
            request.setValue(token, forHTTPHeaderField: "X-Emulator-Control-Token")
        }
        guard let (data, response) = try? await URLSession.shared.data(for: request),
            (response as? HTTPURLResponse)?.statusCode == 200,
            let body = try? JSONDecoder().decode(Body.self, from: data)
        else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: body.now) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: body.now)
    }
}

/// A failure the command reports as `error: message` and exit 1.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var detail: String?

    init(_ message: String, detail: String? = nil) {
        self.message = message
        self.detail = detail
    }

    var description: String { message }
}
