package import Foundation

/// An emulator started inside another process (`cspctl plan --emulator`): on an ephemeral loopback port, on the
/// wall clock, its state in a file that is created (with its folder) and seeded with the catalog on first use, so
/// the state of a rehearsal survives from one command to the next.
///
///     let emulator = try await EmbeddedEmulator.start(stateFile: ".cspctl/emulator.json")
///     // … point a client at emulator.baseURL with DevelopmentPartner's credentials …
///     await emulator.shutdown()
package struct EmbeddedEmulator: Sendable {
    package let server: EmulatorServer
    /// The state file's absolute, standardized path.
    package let statePath: String
    package let baseURL: URL

    /// What a plan records as its endpoint: the state file (the port changes every run).
    package var identity: String { "emulator:\(statePath)" }

    /// The emulator's clock.
    package func now() async -> Date { await server.store.now }

    /// Stops the server and writes the state file's last changes.
    package func shutdown() async { await server.shutdown() }

    /// Starts an emulator with its state in `stateFile` (relative to the current folder). `estate` seeds a generated
    /// estate of that many customers (``Estate``) into a state that holds no customers yet.
    package static func start(stateFile: String, estate: Int? = nil) async throws -> EmbeddedEmulator {
        let path = URL(fileURLWithPath: stateFile).standardizedFileURL.path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw EmbeddingError(
                message: "cannot create \(folder.path) for the emulator state: \(error.localizedDescription)"
            )
        }
        let fresh = !FileManager.default.fileExists(atPath: path)
        let server: EmulatorServer
        do {
            // On the wall clock, as `cspctl emulator` runs: a rehearsal sees today's date, and new-commerce windows
            // close in real time between commands.
            server = try await EmulatorServer.start(EmulatorConfiguration(stateFile: path, initialTime: nil))
        } catch {
            throw EmbeddingError(message: "cannot start the embedded emulator with state \(path): \(error)")
        }
        if let estate {
            do {
                _ = try await server.store.seedEstate(customers: estate)
            } catch {
                await server.shutdown()
                throw EmbeddingError(message: "cannot seed the embedded emulator's estate: \(error)")
            }
        } else if fresh {
            // Write the seeded state (the catalog, nothing else) now, so the file exists from the first run.
            let state = await server.store.read { $0 }
            try? await server.store.replace(with: state)
        }
        guard let base = URL(string: server.baseURL) else {
            await server.shutdown()
            throw EmbeddingError(message: "the embedded emulator reported an unusable URL \(server.baseURL)")
        }
        return EmbeddedEmulator(server: server, statePath: path, baseURL: base)
    }
}

/// The embedded emulator could not be started; nothing was sent.
package struct EmbeddingError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
