package import Foundation
package import HTTPTypes

/// Spends the route family's ``RateBudget`` for every attempt and bounds the requests in flight.
package struct PacingMiddleware: ClientMiddleware {
    let budget: RateBudget
    let limit: ConcurrencyLimit

    package init(budget: RateBudget, maxConcurrentRequests: Int) {
        self.budget = budget
        self.limit = ConcurrencyLimit(maxConcurrentRequests)
    }

    package func intercept(
        _ request: HTTPRequest,
        body: Data?,
        context: RequestContext,
        next: @Sendable (HTTPRequest, Data?, RequestContext) async throws -> (HTTPResponse, Data)
    ) async throws -> (HTTPResponse, Data) {
        try await budget.acquire(context.operation.family)
        await limit.acquire()
        do {
            let result = try await next(request, body, context)
            await limit.release()
            return result
        } catch {
            await limit.release()
            throw error
        }
    }
}
