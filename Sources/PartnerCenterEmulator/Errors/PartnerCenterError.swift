import Foundation
package import HTTPTypes
package import Hummingbird

/// An error in Partner Center's documented shape:
/// `{"code": 800090, "description": "...", "data": [], "source": "PartnerFD"}` (error-codes.md; every example
/// sends `code` as a number).
package struct PartnerCenterError: HTTPResponseError, Sendable {
    package var status: HTTPResponse.Status
    package var code: Int
    package var errorDescription: String
    package var data: [String]
    package var source: String
    package var headers: HTTPFields

    package init(
        status: HTTPResponse.Status,
        code: Int,
        description: String,
        data: [String] = [],
        source: String = "PartnerFD",
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.errorDescription = description
        self.data = data
        self.source = source
        self.headers = headers
    }

    private struct Body: Encodable {
        var code: Int
        var description: String
        var data: [String]
        var source: String
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try EmulatorJSON.response(
            status: status,
            Body(code: code, description: errorDescription, data: data, source: source)
        )
        response.headers.append(contentsOf: headers)
        return response
    }
}

/// Named errors from the Partner Center error-code catalogue (rest-conventions.md "Error codes").
extension PartnerCenterError {
    package static func badRequest(_ description: String, code: Int = 800002) -> Self {
        .init(status: .badRequest, code: code, description: description)
    }
    /// 401 / 800001 "Partner Token missing in request context".
    package static let tokenMissing = Self(
        status: .unauthorized,
        code: 800001,
        description: "Partner Token missing in request context"
    )
    /// 401 / 400 "Access denied" (a token that is expired, unknown or for another audience).
    package static let accessDenied = Self(status: .unauthorized, code: 400, description: "Access denied")
    /// 403 / 2032 "Access denied" (an App+User-only operation called with an app-only token).
    package static let appUserRequired = Self(status: .forbidden, code: 2032, description: "Access denied")
    package static func customerNotFound(_ id: String) -> Self {
        .init(status: .notFound, code: 60003, description: "Tenant not found", data: [id])
    }
    package static func subscriptionNotFound(_ id: String) -> Self {
        .init(status: .notFound, code: 20003, description: "Subscription with ID \(id) not found.")
    }
    package static func orderNotFound(_ id: String) -> Self {
        .init(status: .notFound, code: 20000, description: "Order ID not found", data: [id])
    }
    package static let notFound = Self(status: .notFound, code: 1000, description: "Not found")
    package static func invalidProperty(_ name: String) -> Self {
        .init(status: .badRequest, code: 3000, description: "Invalid property", data: [name])
    }
    package static let staleETag = Self(status: .badRequest, code: 2055, description: "Etag is no longer valid")
    package static let internalError = Self(
        status: .internalServerError,
        code: 800003,
        description: "Unexpected service error"
    )
    package static let serviceUnavailable = Self(
        status: .serviceUnavailable,
        code: 800003,
        description: "Unexpected service error"
    )
}
