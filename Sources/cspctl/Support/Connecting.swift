import Foundation
import PartnerCenterClient
import PartnerCenterEmulator

extension ConnectionOptions {
    static let emulatorStateDefault = ".cspctl/emulator.json"

    /// The connection these options name: `--emulator` starts the embedded emulator and signs in as its
    /// development partner; otherwise the endpoint and credential policy of ``PartnerCenterConnection/open``.
    func connect(parallelism: Int, sendsNothing: Bool = false) async throws -> PartnerCenterConnection {
        let environment = ProcessInfo.processInfo.environment
        let settings = ConnectionSettings(
            endpoint: endpoint,
            cloud: cloud,
            parallelism: parallelism,
            sendsNothing: sendsNothing,
            logger: try requestLogger(environment: environment),
            toolVersion: CSPCtlVersion.current
        )
        guard emulator else { return try PartnerCenterConnection.open(settings, environment: environment) }
        let embedded = try await EmbeddedEmulator.start(stateFile: emulatorState ?? Self.emulatorStateDefault)
        return PartnerCenterConnection.local(
            base: embedded.baseURL,
            identity: embedded.identity,
            credentials: .development(
                tenantID: DevelopmentPartner.tenantId,
                clientID: DevelopmentPartner.clientId,
                clientSecret: DevelopmentPartner.clientSecret,
                refreshToken: DevelopmentPartner.refreshToken
            ),
            settings: settings,
            serviceClock: { await embedded.now() },
            onClose: { await embedded.shutdown() }
        )
    }
}
