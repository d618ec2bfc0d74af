import Foundation
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Errors that blame the right thing: what was tried, what answered, what to check. Each through the built
/// binary, against something on loopback that is not (or not quite) a Partner Center endpoint.
@Suite(.tags(.endToEnd, .slow)) struct ConnectionErrorTests {
    let cli: CLIRunner = {
        var runner = CLIRunner()
        runner.environment = PlanFixtures.developmentEnvironment
        runner.timeout = .seconds(120)
        return runner
    }()

    func manifest(in folder: URL) throws -> String {
        let file = folder.appendingPathComponent("customers.yaml")
        try PlanFixtures.write(ApplyFixtures.manifest(customers: 1, prefix: "conn"), to: file)
        return file.path
    }

    /// Nothing in any message points into the build folder or names a library's error type.
    func expectNoInternals(_ text: String) {
        #expect(!text.contains(".build"), "\(text)")
        #expect(!text.contains(".swift"), "\(text)")
        #expect(!text.contains("NIO"), "\(text)")
        #expect(!text.contains("BoringSSL"), "\(text)")
        #expect(!text.contains("refused the client secret"), "the credentials are not to blame: \(text)")
    }

    /// The emulator's banner URL with `/v1` copied along: no token endpoint there; the message says to drop `/v1`.
    @Test func endpointWithV1SuffixSaysToDropIt() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try manifest(in: folder)
        try await EmulatorHarness.with { harness in
            let result = try await cli.run(["plan", path, "--endpoint", harness.baseURL + "/v1"])
            #expect(result.status == 1)
            // The emulator answers the misplaced token request with its Partner Center 401 (no token): whatever
            // answered, the message names the URL tried and says the credentials were not what failed.
            #expect(result.stderr.contains("POST \(harness.baseURL)/v1/login/"), "\(result.stderr)")
            #expect(
                result.stderr.contains("the credentials were not checked")
                    || result.stderr.contains("there is no token endpoint"),
                "\(result.stderr)"
            )
            #expect(
                result.stderr.contains("use \(harness.baseURL) instead of \(harness.baseURL)/v1"),
                "\(result.stderr)"
            )
            expectNoInternals(result.stderr)
        }
    }

    /// A plain web server (404 HTML for everything): the message says an HTML page answered, not a token service.
    @Test func plainWebServerIsNotATokenService() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try manifest(in: folder)
        let server = try PlainHTTPServer()
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)"
        let result = try await cli.run(["plan", path, "--endpoint", base])
        #expect(result.status == 1)
        #expect(result.stderr.contains("there is no token endpoint at \(base)/login/"), "\(result.stderr)")
        #expect(result.stderr.contains("an HTML page"), "\(result.stderr)")
        #expect(result.stderr.contains("Check --endpoint"), "\(result.stderr)")
        expectNoInternals(result.stderr)

        // With a ready-made token there is no token request: the first read meets the HTML page, and the plan does
        // not mistake it for "the customer does not exist".
        var withToken = cli
        withToken.environment = ["CSPCTL_ACCESS_TOKEN": "opaque-test-token"]
        let read = try await withToken.run(["plan", path, "--endpoint", base])
        #expect(!read.stdout.contains("will be created"), "a 404 page is not an absent customer: \(read.stdout)")
        #expect((read.stdout + read.stderr).contains("an HTML page"), "\(read.stdout)\n\(read.stderr)")
        #expect(!(read.stdout + read.stderr).contains("opaque-test-token"))
    }

    /// Nothing listens on the port: "connection refused" with host and port, and what to check.
    @Test func closedPortSaysNothingListens() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try manifest(in: folder)
        let port = try PlainHTTPServer.closedPort()
        let result = try await cli.run(["plan", path, "--endpoint", "http://127.0.0.1:\(port)"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "could not connect to 127.0.0.1:\(port): connection refused: nothing is listening there"
            ),
            "\(result.stderr)"
        )
        #expect(result.stderr.contains("Check that the service is running"), "\(result.stderr)")
        #expect(!result.stderr.contains("errno"), "\(result.stderr)")
        expectNoInternals(result.stderr)
    }

    /// https to a plain-http port: the handshake fails once, is not retried, and the message names the likely cause
    /// without a path from the build folder.
    @Test func tlsFailureIsNotRetriedAndShowsNoBuildPath() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try manifest(in: folder)
        let server = try PlainHTTPServer()
        defer { server.stop() }
        let result = try await cli.run(
            ["plan", path, "--endpoint", "https://127.0.0.1:\(server.port)", "--log-level", "info"]
        )
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("the TLS handshake with 127.0.0.1:\(server.port) failed"),
            "\(result.stderr)"
        )
        #expect(
            result.stderr.contains("plain http server? then use http://127.0.0.1:\(server.port)"),
            "\(result.stderr)"
        )
        #expect(!result.stderr.contains("attempts:"), "not retried: \(result.stderr)")
        // One attempt in the request log (the emulator-clock probe of a loopback endpoint makes its own
        // connection, so the server's count is not the measure).
        let attempts = result.stderr.split(separator: "\n").filter { $0.contains("oauth2/v2.0/token no response") }
        #expect(attempts.count == 1, "one handshake, no retry: \(result.stderr)")
        expectNoInternals(result.stderr)
    }
}

/// A minimal HTTP/1.1 server on a loopback port, in the test: answers every request the same way, by default
/// `404 Not Found` with an HTML page, like any web server that is not Partner Center. Counts connections.
final class PlainHTTPServer: @unchecked Sendable {
    let port: Int
    private let socket: Int32
    private let lock = NSLock()
    private var accepted = 0
    private var stopped = false

    var connections: Int { lock.withLock { accepted } }

    struct SocketError: Error, CustomStringConvertible {
        var description: String
    }

    private let answer: [UInt8]

    /// Answers every request with `status`, `contentType` and `body` (by default a 404 HTML page).
    init(
        status: String = "404 Not Found",
        contentType: String = "text/html; charset=utf-8",
        body: String =
            "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"
    ) throws {
        answer = Array(
            ("HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\n"
                + "Connection: close\r\n\r\n" + body).utf8
        )
        (socket, port) = try Self.listeningSocket()
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    func stop() {
        lock.withLock { stopped = true }
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
    }

    /// A port that was just free and is closed again: connecting to it is refused.
    static func closedPort() throws -> Int {
        let (socket, port) = try listeningSocket()
        close(socket)
        return port
    }

    private static func listeningSocket() throws -> (Int32, Int) {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SocketError(description: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw SocketError(description: "bind/listen failed")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    private func acceptLoop() {
        while true {
            let client = accept(socket, nil, nil)
            if client < 0 { return }
            let done = lock.withLock {
                accepted += 1
                return stopped
            }
            if done {
                close(client)
                return
            }
            serve(client)
        }
    }

    /// Reads one request (head and `Content-Length` body; anything that is not HTTP, such as a TLS ClientHello,
    /// after its first bytes), answers 404 with an HTML page and closes.
    private func serve(_ client: Int32) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(client, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
            guard let first = received.first, (0x41...0x5A).contains(first) else { break }  // not an HTTP method
            let text = String(decoding: received, as: UTF8.self)
            guard let end = text.range(of: "\r\n\r\n") else { continue }
            let head = text[..<end.lowerBound].lowercased()
            let length =
                head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            if received.count - text.utf8.distance(from: text.startIndex, to: end.upperBound) >= length { break }
        }
        _ = answer.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        shutdown(client, Int32(SHUT_WR))
        // Drain what is left so closing does not reset the connection before the answer is read.
        while recv(client, &buffer, buffer.count, 0) > 0 {}
        close(client)
    }
}

extension ConnectionErrorTests {
    /// The token endpoint fails (HTTP 500, as an emulator whose state cannot be written did): the message says the
    /// server failed and the credentials were not checked.
    @Test func serverFailureAtTheTokenEndpointIsNotBlamedOnTheSecret() async throws {
        let folder = try PlanFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try manifest(in: folder)
        let server = try PlainHTTPServer(
            status: "500 Internal Server Error",
            contentType: "application/json",
            body: #"{"code":500,"description":"The state file cannot be written."}"#
        )
        defer { server.stop() }
        let result = try await cli.run(["plan", path, "--endpoint", "http://127.0.0.1:\(server.port)"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("failed with HTTP 500"), "\(result.stderr)")
        #expect(result.stderr.contains("the credentials were not checked"), "\(result.stderr)")
        #expect(result.stderr.contains("The state file cannot be written."), "\(result.stderr)")
        expectNoInternals(result.stderr)
    }
}
