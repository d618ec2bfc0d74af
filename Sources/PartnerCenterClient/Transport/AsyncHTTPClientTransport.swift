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
    package init(timeout: Duration = .seconds(100), maximumResponseBytes: Int = 64 * 1024 * 1024) {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(10))
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
            throw Self.classify(error)
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
            throw Self.classify(error)
        }
        return (HTTPResponse(status: status, headerFields: fields), Data(buffer.readableBytesView))
    }

    private static func classify(_ error: any Error) -> any Error {
        if error is CancellationError { return error }
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .connectTimeout, .socksHandshakeTimeout, .tlsHandshakeTimeout:
                return TransportFailure(.connect, String(describing: clientError))
            case .readTimeout, .writeTimeout, .deadlineExceeded:
                return TransportFailure(.timeout, String(describing: clientError))
            case .cancelled:
                return CancellationError()
            default:
                return TransportFailure(.connectionLost, String(describing: clientError))
            }
        }
        let text = String(describing: error)
        if text.contains("connectTimeout") || text.contains("connectionRefused") || text.contains("Connection refused")
        {
            return TransportFailure(.connect, text)
        }
        return TransportFailure(.connectionLost, text)
    }
}
