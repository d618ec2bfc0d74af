import Foundation
import HTTPTypes
import Hummingbird

/// `GET /v1/customers?size=&filter=` and the next page (`seekOperation=Next` + `MS-ContinuationToken`).
/// Only `starts_with` on CompanyName / Domain / IndirectReseller / IndirectCloudSolutionProvider, case-insensitive
/// (get-a-customer-by-name.md). Page size: default and maximum are not documented; the emulator uses 200 and 500.
struct CustomerQuery {
    static let defaultPageSize = 200
    static let maximumPageSize = 500

    var size: String?
    var filter: String?
    var seekOperation: String?
    var continuationToken: String?

    init(request: Request) {
        let query = request.uri.queryParameters
        size = query["size"].map(String.init)
        filter = query["filter"].map(String.init)
        seekOperation = query["seekOperation"].map(String.init)
        continuationToken = request.headers[.msContinuationToken]
    }

    struct Filter: Codable {
        var field: String
        var value: String
        var `operator`: String
    }

    struct Token: Codable {
        var offset: Int
        var size: Int
        var filter: Filter?
    }

    func page(state: EmulatorState) throws -> ResourceCollection<CustomerResponses.ListItem> {
        var offset = 0
        var pageSize = Self.defaultPageSize
        var filter: Filter?
        if let size {
            guard let value = Int(size), value > 0 else { throw PartnerCenterError.invalidProperty("size") }
            pageSize = min(value, Self.maximumPageSize)
        }
        if let text = try parseFilter(self.filter) {
            filter = text
        }
        if let seekOperation {
            guard seekOperation.caseInsensitiveCompare("Next") == .orderedSame || seekOperation == "1" else {
                throw PartnerCenterError.invalidProperty("seekOperation")
            }
            guard let continuationToken, let data = Base64URL.decode(continuationToken),
                let token = try? JSONDecoder().decode(Token.self, from: data)
            else {
                throw PartnerCenterError.badRequest("Invalid continuation token", code: 800002)
            }
            offset = token.offset
            pageSize = token.size
            filter = token.filter
        }
        // customerOrder holds only customers with a relationship, in creation order.
        let ids: [String]
        if let filter {
            ids = state.customerOrder.filter { id in state.customers[id].map { Self.matches($0, filter) } ?? false }
        } else {
            ids = state.customerOrder
        }
        let end = min(ids.count, offset + pageSize)
        let items =
            offset < end ? ids[offset..<end].compactMap { state.customers[$0] }.map(CustomerResponses.listItem) : []
        var selfURI = "/v1/customers?size=\(pageSize)"
        if let raw = self.filter, let encoded = raw.addingPercentEncoding(withAllowedCharacters: .alphanumerics) {
            selfURI += "&filter=\(encoded)"
        }
        var links = ["self": Link(uri: selfURI)]
        if end < ids.count {
            let token = Token(offset: end, size: pageSize, filter: filter)
            let value = Base64URL.encode((try? JSONEncoder().encode(token)) ?? Data())
            links["next"] = Link(
                uri: "/v1/customers?size=\(pageSize)&seekOperation=Next",
                headers: [LinkHeader(key: "MS-ContinuationToken", value: value)]
            )
        }
        return ResourceCollection(items: items, totalCount: items.count, links: links)
    }

    private func parseFilter(_ text: String?) throws -> Filter? {
        guard let text, !text.isEmpty else { return nil }
        guard let filter = try? EmulatorJSON.decoder.decode(Filter.self, from: Data(text.utf8)) else {
            throw PartnerCenterError.invalidProperty("filter")
        }
        guard filter.operator.lowercased() == "starts_with" else {
            throw PartnerCenterError.invalidProperty("filter.Operator")
        }
        let fields = ["companyname", "domain", "indirectreseller", "indirectcloudsolutionprovider"]
        guard fields.contains(filter.field.lowercased()) else {
            throw PartnerCenterError.invalidProperty("filter.Field")
        }
        return filter
    }

    private static func matches(_ record: CustomerRecord, _ filter: Filter?) -> Bool {
        guard let filter else { return true }
        let value = filter.value.lowercased()
        let candidate: String?
        switch filter.field.lowercased() {
        case "companyname": candidate = record.companyProfile.companyName ?? record.billingProfile.companyName
        case "domain": candidate = record.companyProfile.domain
        default: candidate = record.associatedPartnerId
        }
        return candidate?.lowercased().hasPrefix(value) ?? false
    }
}
