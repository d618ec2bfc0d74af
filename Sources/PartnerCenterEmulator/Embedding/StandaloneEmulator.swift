import Foundation

/// `cspctl emulator`'s options as values: what the server is configured from, and what a user needs to point a
/// client at it (the banner).
package struct StandaloneEmulatorOptions: Sendable {
    package var host: String
    package var port: Int
    package var stateFile: String?
    /// `--control-token`; nil takes `CSPCTL_EMULATOR_CONTROL_TOKEN` from the environment, else a random one.
    package var controlToken: String?
    package var seed: UInt64
    package var sandbox: Bool
    package var throttling: Bool
    /// Multiplies the documented budgets (at least 1 request per minute each).
    package var rateScale: Double
    /// Milliseconds added to every request no fault rule matches.
    package var latency: Int?
    /// A JSON file of fault rules (`{"faults": [rules]}`).
    package var faultsFile: String?
    /// `--seed-estate`: customers of a generated estate to start with (``Estate``), when the state holds none.
    package var estate: Int?

    package init(
        host: String = "127.0.0.1",
        port: Int = 7227,
        stateFile: String? = nil,
        controlToken: String? = nil,
        seed: UInt64 = 0x5eed,
        sandbox: Bool = false,
        throttling: Bool = true,
        rateScale: Double = 1,
        latency: Int? = nil,
        faultsFile: String? = nil,
        estate: Int? = nil
    ) {
        self.host = host
        self.port = port
        self.stateFile = stateFile
        self.controlToken = controlToken
        self.seed = seed
        self.sandbox = sandbox
        self.throttling = throttling
        self.rateScale = rateScale
        self.latency = latency
        self.faultsFile = faultsFile
        self.estate = estate
    }
}

/// An option or environment value the emulator cannot be configured from (a usage error).
package struct StandaloneEmulatorError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}

package enum StandaloneEmulator {
    package static let controlTokenVariable = "CSPCTL_EMULATOR_CONTROL_TOKEN"

    /// The server's configuration: on the wall clock, the control token given (or from `environment`), budgets
    /// scaled, the fault rules of the file followed by the catch-all latency rule.
    package static func configuration(
        _ options: StandaloneEmulatorOptions,
        environment: [String: String]
    ) throws -> EmulatorConfiguration {
        var token = options.controlToken
        if token == nil, let given = environment[controlTokenVariable], !given.isEmpty {
            if let problem = ControlToken.problem(given) {
                throw StandaloneEmulatorError(message: "\(controlTokenVariable): \(problem)")
            }
            token = given
        }
        return EmulatorConfiguration(
            host: options.host,
            port: options.port,
            stateFile: options.stateFile,
            controlToken: token,
            seed: options.seed,
            initialTime: nil,
            rateLimits: options.throttling
                ? RateLimits(
                    perMinute: RateLimits.documented.perMinute.mapValues {
                        max(1, Int(Double($0) * options.rateScale))
                    }
                )
                : .unlimited,
            faults: try faultRules(options),
            sandbox: options.sandbox
        )
    }

    /// Seeds the `--seed-estate` estate into a started server; returns the line to print (what was seeded, or that
    /// the state file's customers were kept), nil without `--seed-estate`.
    package static func seedEstate(
        _ options: StandaloneEmulatorOptions,
        into server: EmulatorServer
    ) async throws
        -> String?
    {
        guard let customers = options.estate else { return nil }
        let clock = ContinuousClock()
        let start = clock.now
        guard let summary = try await server.store.seedEstate(customers: customers) else {
            return "Estate not seeded: the state already holds customers (kept as they are).\n"
        }
        let elapsed = start.duration(to: clock.now).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        return "Seeded an estate of \(summary) in \(String(format: "%.1f", seconds)) s (seed \(options.seed)).\n"
    }

    /// The rules of the faults file, then the catch-all latency rule.
    static func faultRules(_ options: StandaloneEmulatorOptions) throws -> [FaultRule] {
        var rules: [FaultRule] = []
        if let faults = options.faultsFile {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: faults))
            } catch {
                throw StandaloneEmulatorError(
                    message: "--faults: cannot read \(faults): \(error.localizedDescription)"
                )
            }
            do {
                rules = try JSONDecoder().decode(FaultList.self, from: data).faults
            } catch {
                throw StandaloneEmulatorError(message: "--faults: \(faults) is not {\"faults\": [rules]}: \(error)")
            }
            if let problem = FaultList(faults: rules).problem {
                throw StandaloneEmulatorError(message: "--faults: \(faults): \(problem)")
            }
        }
        if let latency = options.latency, latency > 0 { rules.append(FaultRule(route: ".*", latencyMs: latency)) }
        return rules
    }

    /// What the server prints when it listens: its URLs, the control token, and every variable a client needs.
    package static func banner(_ server: EmulatorServer) -> String {
        """
        Partner Center emulator listening on \(server.baseURL)
          Partner Center  \(server.baseURL)/v1
          Graph           \(server.baseURL)/graph/v1.0
          Token authority \(server.baseURL)/login/\(DevelopmentPartner.tenantId)
          Control API     \(server.baseURL)/_emulator
            with header   X-Emulator-Control-Token: \(server.controlToken)
        Point cspctl at it:
          cspctl plan --endpoint \(server.baseURL) ...
        Development partner credentials (accepted out of the box):
          AZURE_TENANT_ID=\(DevelopmentPartner.tenantId)
          AZURE_CLIENT_ID=\(DevelopmentPartner.clientId)
          AZURE_CLIENT_SECRET=\(DevelopmentPartner.clientSecret)
          CSPCTL_REFRESH_TOKEN=\(DevelopmentPartner.refreshToken)   (App+User reads and writes)
          CSPCTL_ENDPOINT=\(server.baseURL)   (instead of --endpoint; no /v1)
        Press Ctrl-C to stop.

        """
    }
}
