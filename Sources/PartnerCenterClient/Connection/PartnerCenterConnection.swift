package import Foundation
package import Logging

/// A client pointed at one endpoint, and what a plan records about that endpoint. Made by
/// ``PartnerCenterConnection/open(_:environment:)`` (the real service or a compatible `--endpoint`) or
/// ``PartnerCenterConnection/local(base:identity:credentials:settings:serviceClock:onClose:)`` (an emulator this
/// process started). `close()` must be called when done: it shuts the transport (and whatever `onClose` stops)
/// down.
package struct PartnerCenterConnection: Sendable {
    package var client: PartnerCenterClient
    /// What a saved plan records as its endpoint: the base URL, or for an embedded emulator `emulator:<state
    /// file>` (its port changes every run).
    package var endpointIdentity: String
    /// Whether the endpoint is an integration sandbox.
    package var sandbox: Bool
    /// The service's clock (see `LiveStateReader`): the emulator's own for an emulator, else the local clock.
    package var serviceClock: @Sendable () async -> Date
    private let transport: AsyncHTTPClientTransport
    private let onClose: @Sendable () async -> Void

    package init(
        client: PartnerCenterClient,
        transport: AsyncHTTPClientTransport,
        endpointIdentity: String,
        sandbox: Bool = false,
        serviceClock: @escaping @Sendable () async -> Date,
        onClose: @escaping @Sendable () async -> Void = {}
    ) {
        self.client = client
        self.transport = transport
        self.endpointIdentity = endpointIdentity
        self.sandbox = sandbox
        self.serviceClock = serviceClock
        self.onClose = onClose
    }

    /// Shuts the transport down, then runs `onClose`.
    package func close() async {
        try? await transport.shutdown()
        await onClose()
    }

    /// Runs `body` with the connection and always closes it.
    package func using<T>(_ body: (PartnerCenterConnection) async throws -> T) async throws -> T {
        do {
            let value = try await body(self)
            await close()
            return value
        } catch {
            await close()
            throw error
        }
    }
}

/// What a connection is made from: the options of a command that talks to a service.
package struct ConnectionSettings: Sendable {
    /// `--endpoint URL`; when nil (and no `cloud`), `CSPCTL_ENDPOINT` from the environment, else the public cloud.
    package var endpoint: String?
    /// `--cloud`: Microsoft's base URLs and authority of that cloud.
    package var cloud: PartnerCenterCloud?
    /// Customers handled at once: the client allows twice as many requests in flight (at least 4).
    package var parallelism: Int
    /// A run that sends nothing (`apply PLANFILE --dry-run`) reads no credentials: a placeholder that no request
    /// ever carries stands in, so none need be configured (and no secret file is opened).
    package var sendsNothing: Bool
    /// The request log.
    package var logger: Logger
    /// Sent in `User-Agent`.
    package var toolVersion: String

    package init(
        endpoint: String? = nil,
        cloud: PartnerCenterCloud? = nil,
        parallelism: Int = 8,
        sendsNothing: Bool = false,
        logger: Logger = Logger(label: "cspctl.client", factory: { _ in SwiftLogNoOpLogHandler() }),
        toolVersion: String = PartnerCenterClientConfiguration.versionDefault
    ) {
        self.endpoint = endpoint
        self.cloud = cloud
        self.parallelism = parallelism
        self.sendsNothing = sendsNothing
        self.logger = logger
        self.toolVersion = toolVersion
    }
}

/// Settings or environment values a connection cannot be made from. Nothing has been sent.
package struct ConnectionError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Reason: Sendable, Hashable {
        /// The endpoint is not an http(s) URL with a host.
        case notAnHTTPURL
        /// Plain http to a host that is not loopback: credentials would travel in clear text.
        case credentialsInClearText
        /// `CSPCTL_RATE_SCALE` is not a positive number.
        case invalidRateScale
    }

    package var reason: Reason
    package var message: String

    package var description: String { message }
}
