package import Foundation
package import HTTPTypes

/// Every failure the client reports: one type, with the context a person needs to act and a support engineer
/// needs to trace (request id, correlation id).
///
/// `description` is one line for people, `detail` the rest. Neither ever contains a token, a secret or an
/// Authorization header: a 401/403 names the credential *kind* and what to check.
package struct PartnerCenterError: Error, Sendable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case credentials = "credentials"
        case appPlusUserRequired = "app_plus_user_required"
        case insecureEndpoint = "insecure_endpoint"
        case tokenRequestFailed = "token_request_failed"
        case unauthorized = "unauthorized"
        case throttled = "throttled"
        case service = "service_error"
        case refusedInBody = "refused_in_body"
        case transport = "transport_failure"
        case invalidResponse = "invalid_response"
        case invalidRequest = "invalid_request"
    }

    private let code: Code
    /// What went wrong, in one sentence, without the operation prefix.
    package let summary: String
    /// Further explanation and what to do.
    package let detail: String?
    /// The client operation, such as `createCustomer`.
    package var operation: String?
    /// `GET https://api.partnercenter.microsoft.com/v1/customers/...`.
    package var method: HTTPRequest.Method?
    package var url: String?
    /// The HTTP status of the last response, if one arrived.
    package var status: Int?
    /// Partner Center's error `code` (such as `600008`) or Graph's `error.code` (such as `resourceModified`).
    package var serviceCode: String?
    /// Partner Center's `description` or Graph's `message`.
    package var serviceMessage: String?
    package var requestID: String?
    package var correlationID: String?
    /// How many attempts were made (more than one: the request was retried).
    package var attempts: Int = 1
    /// Whether an attempt got no answer after the request may have reached the service (so a create may have
    /// been executed even though this call failed).
    package var responseMayHaveBeenLost = false

    private init(_ code: Code, _ summary: String, detail: String? = nil) {
        self.code = code
        self.summary = summary
        self.detail = detail
    }

    /// A stable short code for JSON output (`unauthorized`, `throttled`, `service_error`, ...).
    package var shortCode: String { code.rawValue }
    package var wasRetried: Bool { attempts > 1 }

    package var isUnauthorized: Bool { code == .unauthorized }
    package var isThrottled: Bool { code == .throttled }
    package var isTransportFailure: Bool { code == .transport }
    package var isNotFound: Bool { code == .service && status == 404 }
    package var isConflict: Bool { code == .service && status == 409 }
    package var isPreconditionFailed: Bool { code == .service && status == 412 }
    package var requiresAppPlusUser: Bool { code == .appPlusUserRequired }
    package var isCredentialProblem: Bool {
        code == .credentials || code == .tokenRequestFailed || code == .unauthorized || code == .appPlusUserRequired
    }

    package var description: String {
        var line = operation.map { "\($0): " } ?? ""
        line += summary
        var facts: [String] = []
        if let status { facts.append("HTTP \(status)") }
        if let serviceCode {
            facts.append("error \(serviceCode)" + (serviceMessage.map { ": \(Self.clip($0))" } ?? ""))
        } else if let serviceMessage {
            facts.append(Self.clip(serviceMessage))
        }
        if !facts.isEmpty { line += " (" + facts.joined(separator: ", ") + ")" }
        return line
    }

    /// The second and further lines: the request, ids to quote to Microsoft support, retries, and advice.
    package var detailDescription: String {
        var lines: [String] = []
        if let method, let url { lines.append("request: \(method.rawValue) \(url)") }
        var ids: [String] = []
        if let requestID { ids.append("MS-RequestId \(requestID)") }
        if let correlationID { ids.append("MS-CorrelationId \(correlationID)") }
        if !ids.isEmpty { lines.append(ids.joined(separator: ", ")) }
        if attempts > 1 { lines.append("attempts: \(attempts) (retried)") }
        if let detail { lines.append(detail) }
        return lines.joined(separator: "\n")
    }

    private static func clip(_ text: String) -> String {
        let single = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return single.count > 300 ? String(single.prefix(300)) + "…" : single
    }

    // MARK: Factories

    package static func credentials(_ summary: String, detail: String? = nil) -> PartnerCenterError {
        PartnerCenterError(.credentials, summary, detail: detail)
    }

    package static func appPlusUserRequired(operation: String) -> PartnerCenterError {
        var error = PartnerCenterError(
            .appPlusUserRequired,
            "needs an App+User token and none is configured",
            detail: """
                Partner Center serves this operation only to App+User tokens. Run `cspctl login` once, or set \
                CSPCTL_REFRESH_TOKEN (a Secure Application Model refresh token), together with AZURE_TENANT_ID, \
                AZURE_CLIENT_ID and AZURE_CLIENT_SECRET. See docs/client.md.
                """
        )
        error.operation = operation
        return error
    }

    package static func insecureEndpoint(_ url: String, operation: String?) -> PartnerCenterError {
        var error = PartnerCenterError(
            .insecureEndpoint,
            "refused to send credentials to \(url)",
            detail: "Tokens and secrets are sent only over https, or plain http to a loopback address."
        )
        error.operation = operation
        error.url = url
        return error
    }

    package static func tokenRequestFailed(
        _ summary: String,
        credentialKind: String,
        status: Int?,
        serviceCode: String?,
        serviceMessage: String?,
        url: String
    ) -> PartnerCenterError {
        var error = PartnerCenterError(
            .tokenRequestFailed,
            summary,
            detail: """
                Check AZURE_TENANT_ID, AZURE_CLIENT_ID and the \(credentialKind) (expired or rotated?). \
                The values themselves are never shown.
                """
        )
        error.operation = "acquireToken"
        error.status = status
        error.serviceCode = serviceCode
        error.serviceMessage = serviceMessage
        error.method = .post
        error.url = url
        return error
    }

    /// A token request that was answered, but not by a token service's refusal: a 404, a server failure, an HTML
    /// page. `summary` says what answered; `detail` what to check. Stops the run like a refused credential.
    package static func tokenEndpointFailed(
        _ summary: String,
        detail: String,
        status: Int,
        serviceMessage: String?,
        url: String
    ) -> PartnerCenterError {
        var error = PartnerCenterError(.tokenRequestFailed, summary, detail: detail)
        error.operation = "acquireToken"
        error.status = status
        error.serviceMessage = serviceMessage
        error.method = .post
        error.url = url
        return error
    }

    /// A token request that got no answer (nothing listening, TLS, timeout). Stops the run like a refused
    /// credential: without a token nothing can be read.
    package static func tokenEndpointUnreachable(_ failure: TransportFailure, url: URL) -> PartnerCenterError {
        var error = PartnerCenterError(
            .tokenRequestFailed,
            "could not get a token from \(url.absoluteString): \(failure.description)",
            detail: failure.advice
        )
        error.operation = "acquireToken"
        error.url = url.absoluteString
        return error
    }

    package static func unauthorized(status: Int, credentialKind: String, appPlusUser: Bool) -> PartnerCenterError {
        let summary =
            status == 401
            ? "the service did not accept the \(credentialKind) token"
            : "the \(credentialKind) token is not allowed to do this"
        let advice =
            status == 401
            ? "Check that the application is registered for Partner Center (and consented in the partner tenant) and that the token is not expired."
            : appPlusUser
                ? "The signed-in user behind CSPCTL_REFRESH_TOKEN needs a Partner Center role (admin agent) for this, with MFA."
                : "The operation may need App+User (CSPCTL_REFRESH_TOKEN), or the application lacks the permission."
        var error = PartnerCenterError(.unauthorized, summary, detail: advice)
        error.status = status
        return error
    }

    package static func throttled(retryAfterSeconds: Double?) -> PartnerCenterError {
        let wait = retryAfterSeconds.map { " (the service asked to wait \(Int($0.rounded(.up))) s)" } ?? ""
        return PartnerCenterError(
            .throttled,
            "the service kept throttling the request\(wait)",
            detail: "Lower --parallelism, or run again later; the rate budget is documented in docs/client.md."
        )
    }

    package static func service(status: Int) -> PartnerCenterError {
        let reason = HTTPResponse.Status(code: status).reasonPhrase
        let summary =
            switch status {
            case 404: "not found"
            case 409: "conflicts with the current state"
            case 412: "the resource changed since it was read (etag mismatch)"
            case 500...599: "the service failed (\(reason.isEmpty ? "server error" : reason))"
            default: "the service refused the request"
            }
        var error = PartnerCenterError(.service, summary)
        error.status = status
        return error
    }

    /// A 2xx answer whose body reports that the request failed (a cart line's `error`, a checkout's
    /// `orderErrors`): `code` and `message` as the service wrote them.
    package static func refusedInBody(_ summary: String, code: String?, message: String?) -> PartnerCenterError {
        var error = PartnerCenterError(.refusedInBody, summary)
        error.serviceCode = code
        error.serviceMessage = message
        return error
    }

    package static func transport(_ failure: TransportFailure) -> PartnerCenterError {
        PartnerCenterError(.transport, "no response from the service: \(failure.description)", detail: failure.advice)
    }

    /// A non-2xx answer whose body is not the service's JSON (an HTML page from another web server): says what
    /// answered instead of reading the status as the service's (a 404 page is not "the customer does not exist").
    package static func notTheService(status: Int, body: String, server: String, advice: String) -> PartnerCenterError {
        var error = PartnerCenterError(
            .invalidResponse,
            "\(server) answered HTTP \(status) with \(body), not Partner Center's or Graph's JSON",
            detail: advice
        )
        error.status = status
        return error
    }

    package static func invalidResponse(_ reason: String, status: Int?) -> PartnerCenterError {
        var error = PartnerCenterError(
            .invalidResponse,
            "the response could not be read: \(reason)",
            detail: "The service answered with something this version of cspctl does not understand."
        )
        error.status = status
        return error
    }

    package static func invalidRequest(_ summary: String) -> PartnerCenterError {
        PartnerCenterError(.invalidRequest, summary)
    }
}
