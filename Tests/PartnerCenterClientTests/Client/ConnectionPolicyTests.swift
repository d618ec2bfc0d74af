import Foundation
import PartnerCenterClient
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// Endpoint and credential policy (`PartnerCenterConnection.open`): what a connection is made from, what is
/// refused before anything is sent, and the clock of an emulator at a loopback endpoint, read through the
/// connection's own transport.
@Suite(.tags(.loopback)) struct ConnectionPolicyTests {
    static let credentials = [
        "AZURE_TENANT_ID": DevelopmentPartner.tenantId,
        "AZURE_CLIENT_ID": DevelopmentPartner.clientId,
        "AZURE_CLIENT_SECRET": DevelopmentPartner.clientSecret,
    ]

    static func refusal(_ settings: ConnectionSettings, _ environment: [String: String]) -> ConnectionError? {
        do {
            let connection = try PartnerCenterConnection.open(settings, environment: environment)
            Issue.record("opened \(connection.endpointIdentity)")
            return nil
        } catch {
            return error as? ConnectionError
        }
    }

    @Test func credentialsTravelOnlyOverHTTPSOrToLoopback() async throws {
        let clear = Self.refusal(ConnectionSettings(endpoint: "http://partner.example.com"), Self.credentials)
        #expect(clear?.reason == .credentialsInClearText)
        #expect(clear?.message.hasPrefix("--endpoint http://partner.example.com uses plain http") == true)

        var environment = Self.credentials
        environment["CSPCTL_ENDPOINT"] = "ftp://127.0.0.1"
        let named = Self.refusal(ConnectionSettings(), environment)
        #expect(named?.reason == .notAnHTTPURL)
        #expect(named?.message.hasPrefix("CSPCTL_ENDPOINT=ftp://127.0.0.1 is not an http(s) URL") == true)

        environment["CSPCTL_ENDPOINT"] = nil
        environment["CSPCTL_RATE_SCALE"] = "-3"
        #expect(Self.refusal(ConnectionSettings(), environment)?.reason == .invalidRateScale)

        for allowed in ["https://partner.example.com", "http://127.0.0.1:7227", "http://localhost:1"] {
            let connection = try PartnerCenterConnection.open(
                ConnectionSettings(endpoint: allowed),
                environment: Self.credentials
            )
            #expect(connection.endpointIdentity.hasPrefix(allowed), "\(connection.endpointIdentity)")
            await connection.close()
        }
        // `--cloud` wins over CSPCTL_ENDPOINT; the identity a plan records is the cloud's Partner Center URL.
        var both = Self.credentials
        both["CSPCTL_ENDPOINT"] = "http://127.0.0.1:1"
        let cloud = try PartnerCenterConnection.open(ConnectionSettings(cloud: .public), environment: both)
        #expect(cloud.endpointIdentity.hasPrefix("https://api.partnercenter.microsoft.com"))
        await cloud.close()
    }

    /// A run that sends nothing needs no credentials; any other run without them is refused, naming the variables.
    @Test func aRunThatSendsNothingNeedsNoCredentials() async throws {
        let dry = try PartnerCenterConnection.open(ConnectionSettings(sendsNothing: true), environment: [:])
        await dry.close()
        do {
            _ = try PartnerCenterConnection.open(ConnectionSettings(), environment: [:])
            Issue.record("opened without credentials")
        } catch {
            #expect("\(error)".contains("credentials"), "\(error)")
        }
    }

    /// The clock of an emulator at a loopback `--endpoint` is the emulator's (its fixed 2025-01-01 start here),
    /// asked with the control token from the environment; when nothing answers there the local clock is used.
    @Test func anEmulatorAtALoopbackEndpointGivesItsClock() async throws {
        try await EmulatorHarness.with { harness in
            var environment = Self.credentials
            environment["CSPCTL_EMULATOR_CONTROL_TOKEN"] = harness.controlToken
            let connection = try PartnerCenterConnection.open(
                ConnectionSettings(endpoint: harness.baseURL),
                environment: environment
            )
            let emulated = await connection.serviceClock()
            await connection.close()
            #expect(emulated == EmulatorConfiguration.initialTimeDefault)
        }
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        let nobody = try PartnerCenterConnection.open(
            ConnectionSettings(endpoint: "http://127.0.0.1:1"),
            environment: Self.credentials
        )
        let before = Date()
        let now = await nobody.serviceClock()
        await nobody.close()
        #expect(now >= before)
    }
}
