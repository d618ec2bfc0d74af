package import Foundation
package import HTTPTypes

/// Sends one HTTP request and returns the whole response. The only thing the client needs from the network.
///
/// Production uses ``AsyncHTTPClientTransport``; tests use ``ClosureTransport`` or the in-process emulator over
/// loopback. Implementations throw ``TransportFailure`` when no response arrived (connection refused, reset,
/// timed out), so that the retry policy can tell "no answer" from "an answer that says no".
package protocol PartnerCenterTransport: Sendable {
    func send(_ request: HTTPRequest, body: Data?) async throws -> (HTTPResponse, Data)
}

/// A transport made of a closure: unit tests script responses with it.
package struct ClosureTransport: PartnerCenterTransport {
    let handler: @Sendable (HTTPRequest, Data?) async throws -> (HTTPResponse, Data)

    package init(_ handler: @escaping @Sendable (HTTPRequest, Data?) async throws -> (HTTPResponse, Data)) {
        self.handler = handler
    }

    package func send(_ request: HTTPRequest, body: Data?) async throws -> (HTTPResponse, Data) {
        try await handler(request, body)
    }
}

/// No response arrived: the request may or may not have reached the service.
package struct TransportFailure: Error, Sendable, CustomStringConvertible {
    package enum Kind: String, Sendable {
        /// The connection could not be made (refused, DNS, TLS handshake).
        case connect
        /// The connection broke before a complete response arrived (the request may have been executed).
        case connectionLost
        /// No response within the deadline (the request may have been executed).
        case timeout
    }

    package var kind: Kind
    package var detail: String

    package init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    package var description: String {
        switch kind {
        case .connect: "could not connect: \(detail)"
        case .connectionLost: "the connection was lost before the response arrived: \(detail)"
        case .timeout: "no response in time: \(detail)"
        }
    }
}
