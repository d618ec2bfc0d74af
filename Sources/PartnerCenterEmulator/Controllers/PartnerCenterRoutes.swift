import HTTPTypes
import Hummingbird

/// Every Partner Center route family, registered on the `/v1` group.
enum PartnerCenterRoutes {
    static func add(to group: RouterGroup<EmulatorRequestContext>, store: EmulatorStore) {
        CustomersController(store: store).addRoutes(to: group)
        ProfilesController(store: store).addRoutes(to: group)
        AgreementsController(store: store).addRoutes(to: group)
        SubscriptionsController(store: store).addRoutes(to: group)
        OrdersController(store: store).addRoutes(to: group)
        CartsController(store: store).addRoutes(to: group)
        CatalogController(store: store).addRoutes(to: group)
        EntitlementsController(store: store).addRoutes(to: group)
        RelationshipsController(store: store).addRoutes(to: group)
    }
}

/// Unknown paths under a service prefix: after the service middleware (so an unauthenticated call still gets
/// 401 first), the surface's 404.
enum UnmatchedRoutes {
    static func add(to group: RouterGroup<EmulatorRequestContext>, graph: Bool) {
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete, .head] {
            group.on("**", method: method) { request, _ -> Response in
                if graph {
                    // What Graph answers for a path it does not know.
                    let segment = request.uri.path.split(separator: "/").dropFirst(2).first.map(String.init) ?? ""
                    throw GraphError.badRequest("Resource not found for the segment '\(segment)'.")
                }
                throw PartnerCenterError.notFound
            }
        }
    }
}
