import ArgumentParser
import Foundation
import PartnerCenterEmulator

/// `cspctl emulator [--port N] [--state FILE]`: runs the Partner Center / Graph GDAP / Entra token emulator on
/// loopback until interrupted, and prints the URL and the flags that point cspctl at it.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Run the Partner Center emulator as a local server."
    )

    @Option(help: "Port to listen on (0 picks a free port).")
    var port: Int = 7227

    @Option(help: "Interface to bind.")
    var host: String = "127.0.0.1"

    @Option(
        help: ArgumentHelp(
            "JSON file that holds the emulator state across runs (mode 0600; written within 100 ms of a change and "
                + "at exit).",
            discussion: "It must be writable (the emulator refuses to start otherwise): it holds every token and "
                + "admin password the emulator issued."
        )
    )
    var state: String?

    @Option(
        help: ArgumentHelp(
            "The token every control API request (/_emulator/...) must carry in X-Emulator-Control-Token "
                + "(default: CSPCTL_EMULATOR_CONTROL_TOKEN, else a random one printed in the banner).",
            valueName: "token"
        )
    )
    var controlToken: String?

    @Option(help: "Seed for generated ids and injected faults.")
    var seed: UInt64 = 0x5eed

    @Flag(help: "Behave like an integration sandbox (TiP) account: customers can be deleted, sandbox quotas apply.")
    var sandbox = false

    @Flag(help: "Disable the documented throttling budgets.")
    var noThrottling = false

    @Option(help: "Multiply the documented throttling budgets (e.g. 100 for benchmarks that should take minutes).")
    var rateScale: Double = 1

    @Option(help: "Add this many milliseconds of latency to every request not matched by a --faults rule.")
    var latency: Int?

    @Option(
        help: ArgumentHelp(
            "Inject faults from a JSON file: {\"faults\": [rules]} as PUT /_emulator/faults takes them.",
            discussion: "See docs/emulator.md (Fault rules): latency, 500/503 rates, 429 bursts, dropped connections, "
                + "lost responses, per route pattern, deterministic under --seed."
        )
    )
    var faults: String?

    @Option(
        name: .customLong("seed-estate"),
        help: ArgumentHelp(
            "Start with a generated estate of this many customers (deterministic under --seed).",
            discussion: "Subscriptions (new commerce and legacy), GDAP relationships in every lasting status, "
                + "agreements and budgets, generated into the state at start when it holds no customers (a --state "
                + "file that already has some is kept). See docs/emulator.md (Seeded estate).",
            valueName: "customers"
        )
    )
    var seedEstate: Int?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard rateScale > 0 else { throw ValidationError("--rate-scale must be greater than 0") }
        if let latency, !(0...FaultRule.maxLatencyMs).contains(latency) {
            throw ValidationError("--latency must be between 0 and \(FaultRule.maxLatencyMs)")
        }
        if let controlToken, let problem = ControlToken.problem(controlToken) {
            throw ValidationError("--control-token: \(problem)")
        }
        if let seedEstate,
            let problem = Estate.problem(customers: seedEstate, configuration: EmulatorConfiguration(sandbox: sandbox))
        {
            throw ValidationError("--seed-estate: \(problem)")
        }
    }

    func run() async throws {
        let options = StandaloneEmulatorOptions(
            host: host,
            port: port,
            stateFile: state,
            controlToken: controlToken,
            seed: seed,
            sandbox: sandbox,
            throttling: !noThrottling,
            rateScale: rateScale,
            latency: latency,
            faultsFile: faults,
            estate: seedEstate
        )
        let configuration: EmulatorConfiguration
        do {
            configuration = try StandaloneEmulator.configuration(
                options,
                environment: ProcessInfo.processInfo.environment
            )
        } catch let error as StandaloneEmulatorError {
            throw ValidationError(error.message)  // a usage error: exit 64, as for the options themselves
        }
        let server: EmulatorServer
        do {
            server = try await EmulatorServer.start(configuration)
        } catch let error as EmulatorStoreError {
            throw CommandFailure("cannot start the emulator: \(error.message)")
        }
        do {
            if let seeded = try await StandaloneEmulator.seedEstate(options, into: server) {
                StandardStreams.writeOut(seeded)
            }
        } catch {
            await server.shutdown()
            throw CommandFailure("cannot seed the estate: \(error)")
        }
        // Written unbuffered so that a script reading the output sees the URL at once.
        StandardStreams.writeOut(StandaloneEmulator.banner(server))
        // Ctrl-C and SIGTERM stop the server gracefully, so the state file gets its last changes.
        let signals = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { Task { await server.stop() } }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }
        do {
            try await server.waitUntilStopped()
        } catch let error as EmulatorStoreError {
            throw CommandFailure("the emulator stopped, but \(error.message)")
        }
    }
}
