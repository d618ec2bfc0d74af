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
        /// The connection could not be made (refused, DNS). Nothing was sent.
        case connect
        /// The TLS handshake failed (the server does not speak TLS there, or its certificate is not trusted).
        /// Nothing was sent, and asking again gets the same answer: never retried.
        case tls
        /// The connection broke before a complete response arrived (the request may have been executed).
        case connectionLost
        /// No response within the deadline (the request may have been executed).
        case timeout
    }

    package var kind: Kind
    /// What happened, for people: no build paths, no library type names.
    package var detail: String
    /// `host:port` that was tried, when known.
    package var target: String?

    package init(_ kind: Kind, _ detail: String, target: String? = nil) {
        self.kind = kind
        self.detail = detail
        self.target = target
    }

    package var description: String {
        let to = target.map { " to \($0)" } ?? ""
        let with = target.map { " with \($0)" } ?? ""
        return switch kind {
        case .connect: "could not connect\(to): \(detail)"
        case .tls: "the TLS handshake\(with) failed: \(detail)"
        case .connectionLost: "the connection\(to) was lost before the response arrived: \(detail)"
        case .timeout: "no response\(target.map { " from \($0)" } ?? "") in time: \(detail)"
        }
    }

    /// What to check, for people.
    package var advice: String {
        switch kind {
        case .connect:
            "Check that the service is running and that --endpoint (or CSPCTL_ENDPOINT) names its host and port; "
                + "`cspctl emulator` prints its URL when it starts."
        case .tls:
            "An https URL needs a server that speaks TLS with a trusted certificate: for a local `cspctl emulator` "
                + "use http://127.0.0.1:PORT; otherwise check the host name and the certificate chain."
        case .connectionLost, .timeout:
            "The request may have reached the service. Run again: creates carry the same MS-RequestId, so the "
                + "service recognises a repeat."
        }
    }
}
