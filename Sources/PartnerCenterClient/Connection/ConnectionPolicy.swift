package import Foundation
import Logging

/// Endpoint and credential policy: which base URLs, which credentials, which client configuration.
extension PartnerCenterConnection {
    /// The environment variable naming a Partner Center-compatible base URL (instead of `--endpoint`).
    package static let endpointVariable = "CSPCTL_ENDPOINT"
    /// Multiplies the documented rate budgets (only for an emulator started with the same `--rate-scale`).
    package static let rateScaleVariable = "CSPCTL_RATE_SCALE"
    /// The control token of an emulator at a loopback endpoint, for reading its clock.
    package static let emulatorControlTokenVariable = "CSPCTL_EMULATOR_CONTROL_TOKEN"

    /// A connection to the endpoint `settings` name (`--endpoint`, else `CSPCTL_ENDPOINT`, else `--cloud`, else
    /// the public cloud) with the credentials of `environment`. Tokens go only over https or plain http to
    /// loopback. An emulator at a loopback endpoint is asked for its clock (when the environment has its control
    /// token); anything else is judged on the local clock.
    package static func open(
        _ settings: ConnectionSettings,
        environment: [String: String]
    ) throws -> PartnerCenterConnection {
        let (endpoints, emulatorBase) = try resolveEndpoints(settings, environment: environment)
        let credentials =
            settings.sendsNothing
            ? CredentialConfiguration(staticToken: Secret("dry run: nothing is sent"))
            : try CredentialConfiguration.fromEnvironment(environment, authority: endpoints.authority)
        // Everything that can fail is read before the transport exists (it must be shut down once made).
        let rateScale = try rateScale(environment)
        let transport = AsyncHTTPClientTransport()
        let client = PartnerCenterClient(
            configuration: configuration(
                endpoints: endpoints,
                credentials: credentials,
                settings: settings,
                rateScale: rateScale
            ),
            transport: transport
        )
        var serviceClock: @Sendable () async -> Date = { Date() }
        if let emulatorBase {
            let clock = EmulatorClock(
                base: emulatorBase,
                controlToken: nonEmpty(environment[emulatorControlTokenVariable]),
                transport: transport
            )
            serviceClock = { await clock.now() ?? Date() }
        }
        return PartnerCenterConnection(
            client: client,
            transport: transport,
            endpointIdentity: endpoints.partnerCenter.absoluteString,
            serviceClock: serviceClock
        )
    }

    /// `--endpoint`, else `CSPCTL_ENDPOINT`, else `--cloud`, else the public cloud; with the base URL of a loopback
    /// endpoint (an emulator whose clock can be asked).
    static func resolveEndpoints(
        _ settings: ConnectionSettings,
        environment: [String: String]
    ) throws -> (ServiceEndpoints, emulatorBase: URL?) {
        if settings.cloud == nil, let text = settings.endpoint ?? nonEmpty(environment[endpointVariable]) {
            // Name what the value came from: the option, or the environment variable.
            let source = settings.endpoint != nil ? "--endpoint \(text)" : "\(endpointVariable)=\(text)"
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
                ["http", "https"].contains(scheme),
                url.host != nil
            else {
                throw ConnectionError(
                    reason: .notAnHTTPURL,
                    message: "\(source) is not an http(s) URL, such as http://127.0.0.1:7227"
                )
            }
            guard EndpointSecurity.allowsCredentials(url) else {
                throw ConnectionError(
                    reason: .credentialsInClearText,
                    message: "\(source) uses plain http to a host that is not loopback; credentials are sent only "
                        + "over https (or http to 127.0.0.1)"
                )
            }
            let endpoints = ServiceEndpoints.custom(url)
            return (endpoints, EndpointSecurity.isLoopback(host: url.host ?? "") ? endpoints.partnerCenter : nil)
        }
        return (.cloud(settings.cloud ?? .public), nil)
    }

    /// A connection to an emulator this process started at `base`, with `credentials` (its development
    /// partner's), recorded in plans as `identity`, judged on the emulator's own clock; `onClose` stops it.
    package static func local(
        base: URL,
        identity: String,
        credentials: CredentialConfiguration,
        settings: ConnectionSettings,
        serviceClock: @escaping @Sendable () async -> Date,
        onClose: @escaping @Sendable () async -> Void
    ) -> PartnerCenterConnection {
        let transport = AsyncHTTPClientTransport()
        let client = PartnerCenterClient(
            configuration: configuration(endpoints: .custom(base), credentials: credentials, settings: settings),
            transport: transport
        )
        return PartnerCenterConnection(
            client: client,
            transport: transport,
            endpointIdentity: identity,
            sandbox: false,  // an embedded emulator is a production-like account, never a sandbox
            serviceClock: serviceClock,
            onClose: onClose
        )
    }

    /// `CSPCTL_RATE_SCALE`: multiplies the documented rate budgets the client paces itself to. Only for an
    /// emulator started with the same `--rate-scale` (benchmarks, rehearsals, tests); the real service's limits
    /// are what they are.
    package static func rateScale(_ environment: [String: String]) throws -> Double {
        guard let text = nonEmpty(environment[rateScaleVariable]) else { return 1 }
        guard let scale = Double(text), scale > 0, scale.isFinite else {
            throw ConnectionError(
                reason: .invalidRateScale,
                message: "\(rateScaleVariable)=\(text) is not a positive number"
            )
        }
        return scale
    }

    /// The client configuration for `settings`: requests in flight twice the customers at once (at least 4).
    package static func configuration(
        endpoints: ServiceEndpoints,
        credentials: CredentialConfiguration,
        settings: ConnectionSettings,
        rateScale: Double = 1
    ) -> PartnerCenterClientConfiguration {
        PartnerCenterClientConfiguration(
            endpoints: endpoints,
            credentials: credentials,
            rateBudget: RateBudget.Configuration(scale: rateScale),
            maxConcurrentRequests: max(4, settings.parallelism * 2),
            logger: settings.logger,
            version: settings.toolVersion
        )
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }
}

extension CredentialConfiguration {
    /// An app registration's credentials, both app-only and App+User (a refresh token), with one client secret:
    /// what an emulator's development partner accepts out of the box.
    package static func development(
        tenantID: String,
        clientID: String,
        clientSecret: String,
        refreshToken: String
    ) -> CredentialConfiguration {
        let app = ClientAuthentication.secret(Secret(clientSecret))
        return CredentialConfiguration(
            app: AppCredential(tenantID: tenantID, clientID: clientID, authentication: app),
            appPlusUser: AppPlusUserCredential(
                tenantID: tenantID,
                clientID: clientID,
                refreshToken: Secret(refreshToken),
                authentication: app
            )
        )
    }
}
