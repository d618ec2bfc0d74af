package import Foundation
package import HTTPTypes
import Logging
import PartnerCenterModel
import PartnerCenterWire

/// The Partner Center and Microsoft Graph (GDAP) client: typed operations over a resilient transport.
///
/// Every operation takes an optional `requestID` (`MS-RequestId`); creates require one, so that the applier can
/// persist it and a repeat of the same logical operation (a retry, or a re-run after a crash) is recognised by
/// the service instead of creating twice. Failures are thrown as ``PartnerCenterError``.
package final class PartnerCenterClient: Sendable {
    package let configuration: PartnerCenterClientConfiguration
    let chain: MiddlewareChain
    let tokens: TokenProvider
    package let budget: RateBudget

    package init(configuration: PartnerCenterClientConfiguration, transport: any PartnerCenterTransport) {
        self.configuration = configuration
        let budget = RateBudget(configuration.rateBudget, clock: configuration.clock)
        self.budget = budget
        let headers = RequestHeadersMiddleware(
            userAgent: "cspctl/\(configuration.version)",
            locale: configuration.locale
        )
        let retry = RetryMiddleware(
            policy: configuration.retryPolicy,
            clock: configuration.clock,
            budget: budget,
            random: configuration.random,
            now: configuration.wallClock
        )
        let logging = LoggingMiddleware(logger: configuration.logger, clock: configuration.clock)
        let identityChain = MiddlewareChain(middlewares: [headers, retry, logging], transport: transport)
        let tokens = TokenProvider(
            credentials: configuration.credentials,
            endpoints: configuration.endpoints,
            clock: configuration.clock,
            wallClock: configuration.wallClock
        ) { request, body, context in
            try await identityChain.send(request, body: body, context: context)
        }
        self.tokens = tokens
        self.chain = MiddlewareChain(
            middlewares: [
                headers, retry,
                PacingMiddleware(budget: budget, maxConcurrentRequests: configuration.maxConcurrentRequests),
                AuthorizationMiddleware(tokens: tokens, credentials: configuration.credentials), logging,
            ],
            transport: transport
        )
    }

    /// Whether operations that need App+User (``PartnerCenterOperation/requiresAppPlusUser``) can be performed.
    package var supportsAppPlusUser: Bool { configuration.credentials.supportsAppPlusUser }

    /// A fresh `MS-RequestId`.
    package static func newRequestID() -> String { UUID().uuidString.lowercased() }

    // MARK: Sending

    /// A request relative to a service root: Partner Center paths start after `/v1`, Graph paths after `/v1.0`.
    /// Built by the operations (and by the applier, which previews or performs it); sent by ``perform(_:)``.
    package struct Call: Sendable {
        package var operation: PartnerCenterOperation
        package var method: HTTPRequest.Method
        package var path: String
        package var query: [(String, String)] = []
        package var headers: HTTPFields = [:]
        package var body: Data?
        package var requestID: String?
        /// A complete URL (continuation links), used instead of `path` and `query`.
        package var absoluteURL: URL?

        package init(
            operation: PartnerCenterOperation,
            method: HTTPRequest.Method,
            path: String,
            query: [(String, String)] = [],
            headers: HTTPFields = [:],
            body: Data? = nil,
            requestID: String? = nil,
            absoluteURL: URL? = nil
        ) {
            self.operation = operation
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.body = body
            self.requestID = requestID
            self.absoluteURL = absoluteURL
        }
    }

    package func url(for call: Call) throws -> URL {
        if let absolute = call.absoluteURL { return absolute }
        let root =
            call.operation.service == .graph
            ? configuration.endpoints.graph.appendingPathComponent("v1.0")
            : configuration.endpoints.partnerCenter.appendingPathComponent("v1")
        guard var components = URLComponents(url: root, resolvingAgainstBaseURL: false) else {
            throw PartnerCenterError.invalidRequest("the service URL \(root) is not valid")
        }
        components.percentEncodedPath = components.percentEncodedPath + call.path
        if !call.query.isEmpty {
            components.percentEncodedQuery = call.query.map {
                "\(FormEncoding.escape($0.0, keeping: "$"))=\(FormEncoding.escape($0.1))"
            }
            .joined(separator: "&")
        }
        guard let url = components.url else {
            throw PartnerCenterError.invalidRequest("cannot build a URL for \(call.operation.name) from \(call.path)")
        }
        return url
    }

    /// Sends `call` through the middlewares and returns a 2xx response; anything else becomes a
    /// ``PartnerCenterError`` with the request's context.
    package func perform(_ call: Call) async throws -> (HTTPResponse, Data) {
        let url = try url(for: call)
        let request = Self.request(for: call, url: url)
        let context = RequestContext(
            operation: call.operation,
            requestID: call.requestID ?? Self.newRequestID(),
            correlationID: configuration.correlationID
        )
        func annotate(_ error: PartnerCenterError, response: HTTPResponse? = nil) -> PartnerCenterError {
            var error = error
            error.operation = error.operation ?? call.operation.name
            if error.url == nil {
                error.method = call.method
                error.url = url.absoluteString
            }
            // A token request failed before this call was sent: its ids were never on the wire.
            if error.operation != PartnerCenterOperation.acquireToken.name {
                error.requestID = error.requestID ?? response?.headerFields[.msRequestID] ?? context.requestID
                error.correlationID = error.correlationID ?? context.correlationID
            }
            error.attempts = max(error.attempts, context.progress.attempts)
            error.responseMayHaveBeenLost = context.progress.mayHaveBeenExecuted
            return error
        }
        let response: HTTPResponse
        let data: Data
        do {
            (response, data) = try await chain.send(request, body: call.body, context: context)
        } catch let error as PartnerCenterError {
            throw annotate(error)
        } catch let failure as TransportFailure {
            throw annotate(.transport(failure))
        }
        let status = response.status.code
        if (200..<300).contains(status) { return (response, data) }
        throw annotate(
            serviceError(status: status, response: response, data: data, call: call, url: url, context: context),
            response: response
        )
    }

    static func request(for call: Call, url: URL) -> HTTPRequest {
        var request = HTTPRequest(method: call.method, url: url)
        request.headerFields.append(contentsOf: call.headers)
        if call.body != nil && request.headerFields[.contentType] == nil {
            request.headerFields[.contentType] = "application/json"
        }
        return request
    }

    private func serviceError(
        status: Int,
        response: HTTPResponse,
        data: Data,
        call: Call,
        url: URL,
        context: RequestContext
    ) -> PartnerCenterError {
        let json = try? WireJSON.parse(data)
        // Partner Center and Graph answer errors with JSON (or nothing). An HTML page is another web server's:
        // its 404 must not read as "the customer does not exist", nor its 401 as a refused token.
        if json == nil, !data.isEmpty {
            let body = EndpointDescription.body(data, json: nil, contentType: response.headerFields[.contentType])
            if body == "an HTML page" {
                return .notTheService(
                    status: status,
                    body: body,
                    server: EndpointDescription.hostAndPort(url),
                    advice: EndpointDescription.endpointAdvice(url)
                )
            }
        }
        var error: PartnerCenterError
        switch status {
        case 401, 403:
            let appPlusUser = call.operation.requiresAppPlusUser || configuration.credentials.app == nil
            let kind =
                configuration.credentials.staticToken != nil
                ? "CSPCTL_ACCESS_TOKEN"
                : appPlusUser ? "App+User" : "app-only"
            error = .unauthorized(status: status, credentialKind: kind, appPlusUser: appPlusUser)
        case 429:
            error = .throttled(retryAfterSeconds: context.progress.retryAfterSeconds)
        default:
            error = .service(status: status)
        }
        error.status = status
        guard let json else { return error }
        if let graph = try? WireJSON.decode(GraphErrorBody.self, from: json) {
            error.serviceCode = graph.error.code
            error.serviceMessage = graph.error.message
        } else if let body = try? WireJSON.decode(PartnerCenterErrorBody.self, from: json), body.isMeaningful {
            error.serviceCode = body.code
            error.serviceMessage = body.description ?? body.message
        } else if let throttle = try? WireJSON.decode(ThrottleErrorBody.self, from: json) {
            error.serviceMessage = throttle.message
        }
        return error
    }

    /// The typed error for a 2xx answer to `call` whose body says it failed: the operation, method, URL and
    /// request id of `call`, with the service's code and message (so it reads like any other failure).
    package func failure(
        in call: Call,
        _ summary: String,
        code: String?,
        message: String?,
        response: HTTPResponse? = nil
    ) -> PartnerCenterError {
        var error = PartnerCenterError.refusedInBody(summary, code: code, message: message)
        error.operation = call.operation.name
        error.method = call.method
        error.url = (try? url(for: call))?.absoluteString
        error.requestID = response?.headerFields[.msRequestID] ?? call.requestID
        error.correlationID = response?.headerFields[.msCorrelationID] ?? configuration.correlationID
        return error
    }

    /// Sends `call` and decodes the body as `T`.
    package func send<T: Decodable>(_ call: Call, as type: T.Type) async throws -> T {
        let (response, data) = try await perform(call)
        return try decode(T.self, data, status: response.status.code, call: call)
    }

    package func decode<T: Decodable>(_ type: T.Type, _ data: Data, status: Int, call: Call) throws -> T {
        do {
            return try WireJSON.decode(T.self, from: data)
        } catch {
            var failure = PartnerCenterError.invalidResponse(WireJSON.describe(error), status: status)
            failure.operation = call.operation.name
            failure.method = call.method
            failure.url = (try? url(for: call))?.absoluteString
            throw failure
        }
    }

    package func json<T: Encodable>(_ value: T) throws -> Data {
        do {
            return try WireJSON.encode(value)
        } catch {
            throw PartnerCenterError.invalidRequest("cannot encode the request body: \(error)")
        }
    }
}

/// Percent-escaping for path segments (ids, domains).
extension String {
    var pathEscaped: String {
        addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#")))
            ?? self
    }
}
