import HTTPTypes
import Hummingbird
import Logging

/// Counts every request by route pattern and final status (readable at `GET /_emulator/counters`), and turns
/// thrown errors into responses so the count sees the status the client sees.
struct RequestCounterMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext
    let store: EmulatorStore

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        let response: Response
        do {
            response = try await responseConvertingErrors(request, context, next)
        } catch let error as DroppedConnection {
            await store.count(route: "\(request.method.rawValue) \(context.routePattern)", status: 0)
            throw error
        } catch {
            context.logger.error("unhandled error: \(String(describing: error))")
            response = try PartnerCenterError.internalError.response(from: request, context: context)
        }
        await store.count(
            route: "\(request.method.rawValue) \(context.routePattern)",
            status: Int(response.status.code)
        )
        return response
    }
}

/// Thrown after a fault closed the connection: nothing more is written.
struct DroppedConnection: Error {}
