import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The largest request body each surface reads, in bytes. The reference gives no number for Partner Center, Graph
/// or the token endpoint; these are caps well above any documented request (the largest, a cart or an order with
/// many line items, is a few KiB) and near what the services' front ends are known to take.
package enum BodyLimits {
    /// Partner Center `/v1/...`: 1 MiB. (Not documented; the service's requests are small JSON documents.)
    package static let partnerCenter = 1 << 20
    /// Graph `/graph/v1.0/...`: 4 MiB, Graph's documented request size limit for most APIs.
    package static let graph = 4 << 20
    /// The token endpoint's forms (client assertions included): 64 KiB. (Not documented.)
    package static let token = 64 << 10
    /// The control API: 1 MiB, except `PUT /_emulator/state` (whole snapshots): 64 MiB.
    package static let control = 1 << 20
    package static let controlState = 64 << 20
    /// The GitHub Actions OIDC token service: 64 KiB.
    package static let actions = 64 << 10
}

/// Refuses a request body larger than the route's limit with 413 in the surface's error shape, before reading it
/// when `Content-Length` says so, else after reading at most the limit. The body is then held in memory, so
/// handlers read it from there.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext
    let limit: @Sendable (Request, Context) -> Int

    init(_ limit: Int) {
        self.limit = { _, _ in limit }
    }

    init(_ limit: @escaping @Sendable (Request, Context) -> Int) {
        self.limit = limit
    }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        let limit = limit(request, context)
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw Self.tooLarge(request, limit: limit, context: context)
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw Self.tooLarge(request, limit: limit, context: context)
        }
        return try await next(request, context)
    }

    /// 413 as each surface shapes its errors. What the real front ends send for an oversized body is not
    /// documented; the status is HTTP's, the body the surface's usual error shape so clients read it as they read
    /// any other refusal.
    static func tooLarge(_ request: Request, limit: Int, context: Context) -> any Error {
        let message = "The request body is larger than this endpoint accepts (at most \(limit) bytes)."
        switch EmulatorSurface(path: request.uri.path) {
        case .graph:
            return GraphError(status: .contentTooLarge, code: "RequestEntityTooLarge", message: message)
        case .token:
            return TokenError(
                status: .contentTooLarge,
                error: "invalid_request",
                aadsts: 90_014,
                message: message,
                timestamp: Date()
            )
        case .partnerCenter, .control:
            return PartnerCenterError(status: .contentTooLarge, code: 413, description: message)
        }
    }
}
