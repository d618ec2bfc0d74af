import Foundation
import HTTPTypes
import PartnerCenterClient
import PartnerCenterTestSupport
import PartnerCenterWire
import Testing

@Suite(.tags(.unit)) struct PagingTests {
    static func customerPage(_ ids: [String], next token: String?) -> String {
        let items = ids.map { #"{"id":"\#($0)","companyProfile":{"domain":"\#($0).onmicrosoft.com"}}"# }.joined(
            separator: ","
        )
        let next =
            token.map {
                #","next":{"uri":"/v1/customers?size=2&seekOperation=Next","method":"GET","headers":[{"key":"MS-ContinuationToken","value":"\#($0)"}]}"#
            } ?? ""
        return
            #"{"totalCount":\#(ids.count),"items":[\#(items)],"links":{"self":{"uri":"/v1/customers?size=2","method":"GET","headers":[]}\#(next)},"attributes":{"objectType":"Collection"}}"#
    }

    @Test func partnerCenterContinuationTokens() async throws {
        let transport = ScriptedTransport.withTokens { request, _, _ in
            switch request.headerFields[.msContinuationToken] {
            case nil: .status(200, json: Self.customerPage(["a", "b"], next: "t1"))
            case "t1": .status(200, json: Self.customerPage(["c", "d"], next: "t2"))
            default: .status(200, json: Self.customerPage(["e"], next: nil))
            }
        }
        let client = PartnerCenterClient.forTesting(transport: transport)
        let ids = try await client.listCustomers(pageSize: 2).collect().compactMap(\.id)
        #expect(ids == ["a", "b", "c", "d", "e"])
        let pages = transport.serviceRequests
        #expect(pages.count == 3)
        #expect(pages[0].request.url?.query == "size=2")
        #expect(pages[1].request.url?.query == "size=2&seekOperation=Next")
        #expect(pages[1].header("MS-ContinuationToken") == "t1")
        #expect(pages[2].header("MS-ContinuationToken") == "t2")
    }

    @Test func aRepeatedContinuationTokenStopsWithAnError() async throws {
        let transport = ScriptedTransport.withTokens { _, _, _ in
            .status(200, json: Self.customerPage(["a"], next: "same"))
        }
        let client = PartnerCenterClient.forTesting(transport: transport)
        await #expect(throws: PartnerCenterError.self) { _ = try await client.listCustomers().collect() }
        #expect(transport.serviceRequests.count == 2)
    }

    @Test func graphNextLinks() async throws {
        let base = "https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships"
        let transport = ScriptedTransport.withTokens { request, _, _ in
            let url = request.url?.absoluteString ?? ""
            if url.contains("skiptoken=2") { return .status(200, json: #"{"value":[{"id":"r3","status":"active"}]}"#) }
            return .status(
                200,
                json:
                    #"{"value":[{"id":"r1","status":"active"},{"id":"r2","status":"created"}],"@odata.nextLink":"\#(base)?$skiptoken=2"}"#
            )
        }
        let client = PartnerCenterClient.forTesting(transport: transport)
        let relationships = try await client.listGDAPRelationships(customerTenantID: "t-1").collect()
        #expect(relationships.compactMap(\.id) == ["r1", "r2", "r3"])
        #expect(relationships[1].status == .created)
        let first = try #require(transport.serviceRequests.first?.request.url)
        #expect(first.absoluteString.contains("$filter=customer%2FtenantId%20eq%20%27t-1%27"))
    }

    @Test func aNextLinkToAnotherHostIsRefused() async throws {
        let transport = ScriptedTransport.withTokens { _, _, _ in
            .status(200, json: #"{"value":[{"id":"r1"}],"@odata.nextLink":"https://evil.example.com/steal"}"#)
        }
        let client = PartnerCenterClient.forTesting(transport: transport)
        await #expect(throws: PartnerCenterError.self) { _ = try await client.listGDAPRelationships().collect() }
        #expect(!transport.sent.contains { $0.request.url?.host == "evil.example.com" })
    }
}
