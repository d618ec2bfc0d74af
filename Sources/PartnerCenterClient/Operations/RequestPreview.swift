import Foundation
import HTTPTypes
import PartnerCenterWire

/// A request as it would go on the wire, for `apply --dry-run`: method, URL, the headers the client adds (never
/// `Authorization`, which is attached at send time) and the body with secrets redacted.
package struct RequestPreview: Sendable, Hashable, Codable {
    package struct Header: Sendable, Hashable, Codable {
        package var name: String
        package var value: String
    }

    package var operation: String
    package var method: String
    package var url: String
    package var headers: [Header]
    /// The redacted JSON body; nil when the request has none.
    package var body: String?
}

extension PartnerCenterClient {
    /// What ``perform(_:)`` would send for `call`, without sending anything or acquiring a token.
    package func preview(_ call: Call) throws -> RequestPreview {
        let url = try url(for: call)
        var request = Self.request(for: call, url: url)
        let context = RequestContext(
            operation: call.operation,
            requestID: call.requestID ?? Self.newRequestID(),
            correlationID: configuration.correlationID
        )
        RequestHeadersMiddleware.addHeaders(
            to: &request,
            context: context,
            userAgent: "cspctl/\(configuration.version)",
            locale: configuration.locale
        )
        let headers = request.headerFields
            .filter { !Redaction.secretHeaders.contains($0.name) }
            .map { RequestPreview.Header(name: $0.name.rawName, value: $0.value) }
        return RequestPreview(
            operation: call.operation.name,
            method: call.method.rawValue,
            url: Redaction.url(request),
            headers: headers,
            body: call.body.map { Redaction.body($0, service: call.operation.service) }
        )
    }
}
