import Foundation
import HTTPTypes
import Hummingbird
package import Logging
import ServiceLifecycle

/// An emulator running in this process on a loopback port:
/// `let server = try await EmulatorServer.start(configuration)`, then `server.baseURL`, then
/// `await server.shutdown()`. A client given `baseURL` B uses Partner Center at B (`/v1/...`), Graph at
/// B/graph (`/v1.0/...`) and the Entra authority B/login (`/{tenant}/oauth2/v2.0/token`).
package final class EmulatorServer: Sendable {
    /// e.g. `http://127.0.0.1:54321`.
    package let baseURL: String
    /// The bound port (the real one when the configuration asked for port 0).
    package let port: Int
    package let store: EmulatorStore
    /// What every control API request must carry in `X-Emulator-Control-Token`.
    package var controlToken: String { store.controlToken }
    private let serviceGroup: ServiceGroup
    private let task: Task<Void, any Error>

    private init(
        baseURL: String,
        port: Int,
        store: EmulatorStore,
        serviceGroup: ServiceGroup,
        task: Task<Void, any Error>
    ) {
        self.baseURL = baseURL
        self.port = port
        self.store = store
        self.serviceGroup = serviceGroup
        self.task = task
    }

    /// Starts a server and returns once it is listening.
    package static func start(
        _ configuration: EmulatorConfiguration = .init(),
        logger: Logger = Logger(label: "cspctl.emulator", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws -> EmulatorServer {
        let store = try EmulatorStore(configuration: configuration)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = buildApplication(configuration: configuration, store: store, logger: logger) { port in
            continuation.yield(port)
            continuation.finish()
        }
        let serviceGroup = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger)
        )
        let task = Task {
            defer { continuation.finish() }
            try await serviceGroup.run()
        }
        var bound: Int?
        for await port in ports {
            bound = port
            break
        }
        guard let bound else {
            // The server stopped before listening; surface its error.
            try await task.value
            throw EmulatorStoreError(message: "the emulator stopped before it was listening")
        }
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return EmulatorServer(
            baseURL: "http://\(host):\(bound)",
            port: bound,
            store: store,
            serviceGroup: serviceGroup,
            task: task
        )
    }

    /// Stops listening, lets in-flight requests finish, waits for the server to stop and writes the state file's
    /// last changes.
    package func shutdown() async {
        await serviceGroup.triggerGracefulShutdown()
        _ = try? await task.value
        try? await store.flush()
    }

    /// Stops listening and lets in-flight requests finish; `waitUntilStopped` then returns.
    package func stop() async {
        await serviceGroup.triggerGracefulShutdown()
    }

    /// Runs until the surrounding task is cancelled or `stop()` is called (the `cspctl emulator` command), then
    /// writes the state file's last changes (throwing if that fails).
    package func waitUntilStopped() async throws {
        try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            Task { await self.serviceGroup.triggerGracefulShutdown() }
        }
        try await store.flush()
    }
}
