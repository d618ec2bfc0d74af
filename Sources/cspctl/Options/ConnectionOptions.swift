import ArgumentParser
import Logging
import PartnerCenterClient

/// Where live state comes from: `--endpoint URL` (env `CSPCTL_ENDPOINT`), `--cloud public|china|usgov`, or
/// `--emulator [--emulator-state FILE]` (an emulator started in this process).
struct ConnectionOptions: ParsableArguments {
    @Option(help: "A Partner Center-compatible base URL, such as a running `cspctl emulator` (env CSPCTL_ENDPOINT).")
    var endpoint: String?

    @Option(help: "The real service's cloud: public, china or usgov.")
    var cloud: PartnerCenterCloud?

    @Flag(help: "Run against an emulator started in this process, with its state kept in .cspctl/emulator.json.")
    var emulator = false

    @Option(help: "The embedded emulator's state file (with --emulator).")
    var emulatorState: String?

    @Option(
        help: ArgumentHelp(
            "Log every request to stderr: info gives one line per request (method, URL, status, duration, "
                + "MS-RequestId, MS-CorrelationId), trace adds headers and bodies; secrets always redacted "
                + "(env CSPCTL_LOG_LEVEL).",
            valueName: "trace|debug|info|notice|warning|error|critical"
        )
    )
    var logLevel: LogLevelArgument?

    /// The client's request logger: `--log-level`, else `CSPCTL_LOG_LEVEL`, else none.
    func requestLogger(environment: [String: String]) throws -> Logger {
        RequestLog.logger(level: try RequestLog.level(option: logLevel?.level, environment: environment))
    }

    func validate() throws {
        let chosen = [endpoint != nil, cloud != nil, emulator].filter { $0 }.count
        guard chosen <= 1 else {
            throw ValidationError("Give at most one of --endpoint, --cloud and --emulator.")
        }
        if emulatorState != nil, !emulator {
            throw ValidationError("--emulator-state needs --emulator.")
        }
    }
}

extension PartnerCenterCloud: ExpressibleByArgument {}
