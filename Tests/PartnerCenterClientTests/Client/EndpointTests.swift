import Foundation
import HTTPTypes
import PartnerCenterClient
import PartnerCenterTestSupport
import Testing

@Suite(.tags(.unit)) struct EndpointTests {
    @Test(arguments: [
        (
            PartnerCenterCloud.public, "api.partnercenter.microsoft.com", "graph.microsoft.com",
            "login.microsoftonline.com"
        ),
        (.usgov, "api.partnercenter.microsoft.com", "graph.microsoft.us", "login.microsoftonline.us"),
        (
            .china, "partner.partnercenterapi.microsoftonline.cn", "microsoftgraph.chinacloudapi.cn",
            "login.chinacloudapi.cn"
        ),
    ])
    func nationalClouds(
        _ cloud: PartnerCenterCloud,
        _ partnerCenter: String,
        _ graph: String,
        _ authority: String
    ) async throws {
        let endpoints = ServiceEndpoints.cloud(cloud)
        #expect(endpoints.partnerCenter.host == partnerCenter)
        #expect(endpoints.graph.host == graph)
        #expect(endpoints.graphScope == "https://\(graph)/.default")
        #expect(endpoints.partnerCenterScope == "https://api.partnercenter.microsoft.com/.default")

        let transport = ScriptedTransport.withTokens { request, _, _ in
            (request.path ?? "").contains("delegatedAdminRelationships")
                ? .status(200, json: #"{"value":[]}"#) : .status(200, json: #"{"id":"c1"}"#)
        }
        let client = PartnerCenterClient.forTesting(transport: transport, endpoints: endpoints)
        _ = try await client.getCustomer("c1")
        _ = try await client.listGDAPRelationships().collect()
        let urls = transport.sent.compactMap { $0.request.url?.absoluteString }
        #expect(urls.contains("https://\(authority)/\(TestCredentials.tenant)/oauth2/v2.0/token"))
        #expect(urls.contains("https://\(partnerCenter)/v1/customers/c1"))
        #expect(urls.contains("https://\(graph)/v1.0/tenantRelationships/delegatedAdminRelationships"))
        let scopes = transport.sent.filter { $0.path.contains("oauth2") }.map(\.bodyText)
        #expect(scopes.contains { $0.contains("scope=https%3A%2F%2Fapi.partnercenter.microsoft.com%2F.default") })
        #expect(scopes.contains { $0.contains("scope=https%3A%2F%2F\(graph)%2F.default") })
    }

    @Test func endpointOverrideForTheEmulator() throws {
        let endpoints = ServiceEndpoints.custom(try #require(URL(string: "http://127.0.0.1:8080/")))
        #expect(endpoints.partnerCenter.absoluteString == "http://127.0.0.1:8080")
        #expect(endpoints.graph.absoluteString == "http://127.0.0.1:8080/graph")
        #expect(
            endpoints.tokenEndpoint(tenant: "t").absoluteString == "http://127.0.0.1:8080/login/t/oauth2/v2.0/token"
        )
    }

    @Test(arguments: [
        ("https://api.partnercenter.microsoft.com", true), ("http://127.0.0.1:9", true), ("http://127.9.9.9", true),
        ("http://localhost:8080", true), ("http://[::1]:8080", true), ("http://example.com", false),
        ("http://10.0.0.1", false), ("http://128.0.0.1", false), ("ftp://127.0.0.1", false),
        ("http://127.0.0.1.example.com", false),
    ])
    func credentialsOnlyOverHTTPSOrLoopback(_ url: String, _ allowed: Bool) throws {
        #expect(EndpointSecurity.allowsCredentials(try #require(URL(string: url))) == allowed)
    }

    @Test func plainHTTPToARemoteHostIsRefusedBeforeSending() async throws {
        let transport = ScriptedTransport.withTokens { _, _, _ in .status(200, json: #"{"id":"c1"}"#) }
        let client = PartnerCenterClient.forTesting(
            transport: transport,
            endpoints: .custom(try #require(URL(string: "http://partner.example.com")))
        )
        let error = try await #require(throws: PartnerCenterError.self) { _ = try await client.getCustomer("c1") }
        #expect(error.shortCode == "insecure_endpoint")
        #expect(transport.sent.isEmpty)
    }
}
