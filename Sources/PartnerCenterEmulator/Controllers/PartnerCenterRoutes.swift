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
    }
}
