import HTTPTypes
import Hummingbird

/// Per-partner request budgets per route family (one-minute windows, see `EmulatorStore.spendBudget`); 429 with
/// `Retry-After` when a budget is spent. Runs after authentication because budgets are per partner tenant.
struct ThrottlingMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext
    let store: EmulatorStore

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        let family = RateLimits.family(of: request.uri.path)
        // An unlimited family (the configuration is immutable) needs no hop onto the store actor.
        guard store.configuration.rateLimits.perMinute[family] != nil else { return try await next(request, context) }
        if let retryAfter = await store.spendBudget(partner: context.partnerTenant, family: family) {
            throw ThrottledError(retryAfter: retryAfter, graph: family == "graph")
        }
        return try await next(request, context)
    }
}

extension RateLimits {
    /// The family a request's budget is counted in: `customers`, `subscriptions`, `orders` (orders and carts),
    /// `catalog`, `graph` or `other`.
    package static func family(of path: String) -> String {
        if path.hasPrefix("/graph/") { return "graph" }
        let parts = path.split(separator: "/").map { $0.lowercased() }
        guard parts.count >= 2, parts[0] == "v1" else { return "other" }
        switch parts[1] {
        case "customers":
            guard parts.count >= 4 else { return "customers" }
            switch parts[3] {
            case "subscriptions": return "subscriptions"
            case "orders", "carts": return "orders"
            case "products": return "catalog"
            default: return "customers"
            }
        case "products", "offers", "extensions": return "catalog"
        default: return "other"
        }
    }
}
