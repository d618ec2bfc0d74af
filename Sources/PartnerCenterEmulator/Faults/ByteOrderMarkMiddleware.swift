import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Prefixes the body of every answer a `byteOrderMark` fault rule matches with a UTF-8 byte-order mark (EF BB BF),
/// errors included (they are turned into their response first). Empty bodies (204, drops) stay empty: there is
/// nothing to mark.
struct ByteOrderMarkMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext
    let store: EmulatorStore

    static let mark: [UInt8] = [0xEF, 0xBB, 0xBF]

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        // No rule asks for it (the common case): no hop onto the store actor.
        guard store.byteOrderMarksConfigured.isSet else { return try await next(request, context) }
        // `FaultInjectionMiddleware` further in fills the slot with its verdict when it consults the rules; when
        // it did not (no fault rules, a surface without faults, a request refused before it), look here.
        var inner = context
        let slot = FaultVerdictSlot()
        inner.faultVerdict = slot
        var response = try await responseConvertingErrors(request, inner, next)
        let verdict: FaultVerdict
        if let known = slot.verdict {
            verdict = known
        } else {
            verdict = await store.faultVerdict(
                route: context.routePattern,
                path: request.uri.path,
                method: request.method.rawValue,
                decidingFaults: false
            )
        }
        guard verdict.byteOrderMark else { return response }
        let body = try await ResponseBodyCollector.collect(response.body)
        guard body.readableBytes > 0 else { return response }
        var marked = ByteBuffer(bytes: Self.mark)
        marked.writeImmutableBuffer(body)
        response.headers[.contentLength] = nil
        response.body = ResponseBody(byteBuffer: marked)
        return response
    }
}

/// Where `FaultInjectionMiddleware` leaves the verdict it looked up for `ByteOrderMarkMiddleware`, which runs
/// outside it (so the mark also covers errors of the middleware in between), to save it a second lookup.
final class FaultVerdictSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: FaultVerdict?

    var verdict: FaultVerdict? { lock.withLock { stored } }

    func set(_ verdict: FaultVerdict) { lock.withLock { stored = verdict } }
}
