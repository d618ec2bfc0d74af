import Foundation
import HTTPTypes
import Hummingbird

/// `GET /v1/customers/{id}/entitlements[?entitlementType=software|reservedInstance][&showExpiry=true]`
/// (entitlements.md, App+User). Entitlements come from software and reserved-instance purchases; the emulated
/// catalog sells license-based online services only, which the service does not list as entitlements, so the
/// collection is empty.
struct EntitlementsController {
    let store: EmulatorStore

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.get("customers/{customerId}/entitlements", use: list)
    }

    struct Entitlement: Encodable {}

    @Sendable func list(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        if let type = request.uri.queryParameters["entitlementType"].map(String.init),
            !["software", "reservedinstance", "virtualmachinereservedinstance"].contains(type.lowercased())
        {
            throw PartnerCenterError.invalidProperty("entitlementType")
        }
        _ = try await store.read { try $0.customer(context.customerId) }
        return try EmulatorJSON.response(status: .ok, ResourceCollection<Entitlement>(items: []))
    }
}
