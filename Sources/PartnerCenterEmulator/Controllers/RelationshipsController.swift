import Foundation
import HTTPTypes
import Hummingbird

/// Partner relationships of the partner acting as an indirect provider (customers.md, CustomerService swagger
/// `GET /v1/relationships`, "Relationships resources"): its indirect resellers with their MPN ids and states, and
/// under the control API their seeding (`GET|PUT /_emulator/resellers`).
struct RelationshipsController {
    let store: EmulatorStore

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.get("relationships", use: list)
        group.get("customers/{customerId}/relationships", use: customerRelationships)
    }

    func addControlRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.get("resellers") { _, _ in
            try EmulatorJSON.response(status: .ok, ResellerList(resellers: await store.read { $0.indirectResellers }))
        }
        group.put("resellers", use: seed)
    }

    /// PartnerRelationship, in the documented key order; `relationshipType` as the SDK writes its enum.
    struct PartnerRelationship: Encodable {
        var id: String
        var name: String
        var relationshipType: String
        var state: String
        var mpnId: String
        var location: String
        var attributes = ResourceAttributes(objectType: "PartnerRelationship")

        init(_ reseller: IndirectResellerRecord, type: String) {
            id = reseller.tenantId
            name = reseller.name
            relationshipType = type
            state = reseller.state
            mpnId = reseller.mpnId
            location = reseller.location
        }
    }

    static let providerOf = "is_indirect_cloud_solution_provider_of"
    static let resellerOf = "is_indirect_reseller_of"

    /// `relationship_type` as the SDK sends it (`IsIndirectCloudSolutionProviderOf`) or in the wire's snake case.
    static func relationshipType(_ raw: String?) throws -> String {
        let folded = (raw ?? "").replacingOccurrences(of: "_", with: "").lowercased()
        switch folded {
        case "isindirectcloudsolutionproviderof": return providerOf
        case "isindirectresellerof": return resellerOf
        default: throw PartnerCenterError.invalidProperty("relationship_type")
        }
    }

    /// `?relationship_type=IsIndirectCloudSolutionProviderOf`: the provider's resellers, active or not.
    /// `IsIndirectResellerOf` (the partner's own providers): none, the development partner is not a reseller.
    @Sendable func list(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let type = try Self.relationshipType(request.uri.queryParameters["relationship_type"].map(String.init))
        guard type == Self.providerOf else {
            return try EmulatorJSON.response(status: .ok, ResourceCollection<PartnerRelationship>(items: []))
        }
        let resellers = await store.read { $0.indirectResellers }
        let items = resellers.map { PartnerRelationship($0, type: Self.providerOf) }
        return try EmulatorJSON.response(status: .ok, ResourceCollection(items: items))
    }

    /// The reseller a customer of the provider was created for (its `associatedPartnerId`), if any.
    @Sendable func customerRelationships(
        _ request: Request,
        context: EmulatorRequestContext
    ) async throws
        -> Response
    {
        let customerId = context.customerId
        let items = try await store.read { state -> [PartnerRelationship] in
            let customer = try state.customer(customerId)
            guard let associated = customer.associatedPartnerId,
                let reseller = IndirectResellers.find(associated, in: state)
            else { return [] }
            return [PartnerRelationship(reseller, type: Self.providerOf)]
        }
        return try EmulatorJSON.response(status: .ok, ResourceCollection(items: items))
    }

    struct ResellerList: Codable {
        var resellers: [IndirectResellerRecord]
    }

    /// Replaces the provider's resellers; each is checked (GUID tenant id, numeric MPN id, a name, unique ids).
    @Sendable func seed(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let list = try EmulatorJSON.decode(ResellerList.self, from: try await request.collectBody(upTo: 1 << 22))
        if let problem = Self.problem(list.resellers) {
            throw PartnerCenterError.badRequest("Invalid resellers: \(problem)")
        }
        try await store.mutate { $0.indirectResellers = list.resellers }
        return try EmulatorJSON.response(status: .ok, list)
    }

    static func problem(_ resellers: [IndirectResellerRecord]) -> String? {
        var tenants = Set<String>()
        var mpnIds = Set<String>()
        for (index, reseller) in resellers.enumerated() {
            guard UUID(uuidString: reseller.tenantId) != nil else {
                return "resellers[\(index)].tenantId is not a GUID"
            }
            guard !reseller.mpnId.isEmpty, reseller.mpnId.count <= 10, reseller.mpnId.allSatisfy(\.isASCII),
                reseller.mpnId.allSatisfy(\.isNumber)
            else { return "resellers[\(index)].mpnId is not a numeric MPN id" }
            guard !reseller.name.isEmpty, !reseller.state.isEmpty else {
                return "resellers[\(index)] needs a name and a state"
            }
            guard tenants.insert(reseller.tenantId.lowercased()).inserted, mpnIds.insert(reseller.mpnId).inserted else {
                return "resellers[\(index)] repeats a tenantId or mpnId"
            }
        }
        return nil
    }
}
