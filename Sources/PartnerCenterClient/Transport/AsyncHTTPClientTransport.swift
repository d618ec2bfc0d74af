import AsyncHTTPClient
package import Foundation
package import HTTPTypes
import NIOCore
import NIOHTTP1

/// The production transport: AsyncHTTPClient with certificate verification always on (the default TLS
/// configuration; nothing here can turn it off), no redirects followed (a redirect could carry the bearer token
/// to another host), and per-request deadlines.
package final class AsyncHTTPClientTransport: PartnerCenterTransport {
    private let client: HTTPClient
    private let timeout: TimeAmount
    private let maximumResponseBytes: Int

    /// - Parameters:
    ///   - timeout: the deadline of one attempt, connection included.
    ///   - maximumResponseBytes: larger bodies are refused (a page of customers is well under this).
    ///   - connectionsPerHost: HTTP/1.1 connections kept per host; at least the client's request concurrency, or
    ///     requests queue in the pool (AsyncHTTPClient's default is 8).
    package init(
        timeout: Duration = .seconds(100),
        maximumResponseBytes: Int = 64 * 1024 * 1024,
        connectionsPerHost: Int = 64
    ) {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(10))
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, connectionsPerHost)
        )
        // A failed connection fails its request at once; RetryMiddleware decides whether to try again (it never
        // retries a failed TLS handshake). Left on, the pool retried every failure until the connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.timeout = .nanoseconds(
            Int64(timeout.components.seconds) * 1_000_000_000
                + timeout.components.attoseconds / 1_000_000_000
        )
        self.maximumResponseBytes = maximumResponseBytes
    }

    /// Closes connections. Call once when done.
    package func shutdown() async throws {
        try await client.shutdown()
    }

    package func send(_ request: HTTPRequest, body: Data?) async throws -> (HTTPResponse, Data) {
        guard let url = request.url else {
            throw TransportFailure(.connect, "the request has no URL")
        }
        var outgoing = HTTPClientRequest(url: url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
        for field in request.headerFields {
            outgoing.headers.add(name: field.name.rawName, value: field.value)
        }
        if let body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(outgoing, timeout: timeout)
        } catch {
            throw Self.classify(error, url: url)
        }
        var fields = HTTPFields()
        for header in response.headers {
            if let name = HTTPField.Name(header.name) {
                fields.append(HTTPField(name: name, value: header.value))
            }
        }
        let status = HTTPResponse.Status(code: Int(response.status.code), reasonPhrase: response.status.reasonPhrase)
        let buffer: ByteBuffer
        do {
            buffer = try await response.body.collect(upTo: maximumResponseBytes)
        } catch {
            throw Self.classify(error, url: url)
        }
        return (HTTPResponse(status: status, headerFields: fields), Data(buffer.readableBytesView))
    }

    /// Turns what AsyncHTTPClient and NIO throw into a ``TransportFailure`` a person can act on: what was tried
    /// (`host:port`), what happened in words, never a source path (BoringSSL's messages carry the build folder's)
    /// or a library's type dump.
    static func classify(_ error: any Error, url: URL) -> any Error {
        if error is CancellationError { return error }
        let target = EndpointDescription.hostAndPort(url)
        let text = String(describing: error)
        let typeName = String(reflecting: type(of: error))
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .connectTimeout, .socksHandshakeTimeout:
                return TransportFailure(.connect, "no connection within the connect timeout", target: target)
            case .tlsHandshakeTimeout:
                return TransportFailure(.tls, "no TLS handshake within the timeout", target: target)
            case .readTimeout, .writeTimeout, .deadlineExceeded:
                return TransportFailure(.timeout, "the deadline passed", target: target)
            case .cancelled:
                return CancellationError()
            case .remoteConnectionClosed:
                return TransportFailure(.connectionLost, "the server closed the connection", target: target)
            default:
                break
            }
        }
        if typeName.contains("NIOSSL") || typeName.contains("BoringSSL") || text.contains("SSL routines")
            || text.contains("handshakeFailed")
        {
            return TransportFailure(.tls, tlsReason(text, url: url), target: target)
        }
        if text.contains("connectionRefused") || text.contains("Connection refused") || text.contains("errno: 111") {
            return TransportFailure(.connect, "connection refused: nothing is listening there", target: target)
        }
        if text.contains("connectTimeout") {
            return TransportFailure(.connect, "no connection within the connect timeout", target: target)
        }
        if text.contains("NXDOMAIN") || text.contains("lookup") || text.contains("Name or service not known")
            || text.contains("nodename nor servname")
        {
            return TransportFailure(.connect, "the host name could not be resolved", target: target)
        }
        return TransportFailure(.connectionLost, sanitized(text), target: target)
    }

    /// BoringSSL's reason (`WRONG_VERSION_NUMBER`) in words, with what it usually means.
    static func tlsReason(_ text: String, url: URL) -> String {
        let upper = text.uppercased()
        if upper.contains("WRONG_VERSION_NUMBER") || upper.contains("HTTP_REQUEST")
            || upper.contains("PACKET_LENGTH_TOO_LONG")
        {
            return
                "the server did not answer with TLS (a plain http server? then use http://\(EndpointDescription.hostAndPort(url)))"
        }
        if upper.contains("CERTIFICATE") || upper.contains("CERT_") || upper.contains("VERIFY") {
            return "the server's certificate is not trusted (self-signed, expired, or for another host name)"
        }
        if upper.contains("EOF") || upper.contains("UNEXPECTED") {
            return "the server closed the connection during the handshake"
        }
        return "the handshake was refused"
    }

    /// `text` without file paths (`/…/.build/checkouts/…:231`) or anything after a path.
    static func sanitized(_ text: String) -> String {
        var words: [Substring] = []
        for word in text.split(separator: " ") {
            if word.contains("/")
                && (word.contains(".swift") || word.contains(".cc") || word.contains(".c:")
                    || word.contains(".build") || word.hasPrefix("/"))
            {
                continue
            }
            words.append(word)
        }
        let joined = words.joined(separator: " ")
        return joined.count > 200 ? String(joined.prefix(200)) + "…" : joined
    }
}
