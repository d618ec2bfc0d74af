import Foundation
import HTTPTypes
import PartnerCenterClient
import PartnerCenterTestSupport
import PartnerCenterWire
import Testing

@Suite(.tags(.unit)) struct GDAPTests {
    static let relationship =
        #"{"@odata.etag":"W/\"e1\"","id":"t1-r1","displayName":"Contoso admins","duration":"P730D","status":"created","customer":{"tenantId":"t1"},"accessDetails":{"unifiedRoles":[{"roleDefinitionId":"88d8e3e3-8f55-4a1e-953a-9b9898b8876b"}]}}"#

    @Test func aCreateWhoseAnswerWasLostIsReadBackOn409() async throws {
        let transport = ScriptedTransport.withTokens { request, _, index in
            switch (request.method, index) {
            case (.post, 1): .failure(TransportFailure(.connectionLost, "closed after the request was sent"))
            case (.post, _):
                .status(409, json: #"{"error":{"code":"conflict","message":"GDAP Relationship name already exists."}}"#)
            default: .status(200, json: #"{"value":[\#(Self.relationship)]}"#)
            }
        }
        let client = PartnerCenterClient.forTesting(transport: transport)
        let created = try await client.createGDAPRelationship(
            DelegatedAdminRelationship(
                displayName: "Contoso admins",
                duration: "P730D",
                customer: CustomerParticipant(tenantId: "t1"),
                accessDetails: AccessDetails(roleDefinitionIDs: ["88d8e3e3-8f55-4a1e-953a-9b9898b8876b"])
            )
        )
        #expect(created.id == "t1-r1")
        #expect(transport.serviceRequests.map(\.request.method) == [.post, .post, .get])
    }

    @Test func a409WithoutALostAnswerIsAnError() async throws {
        let transport = ScriptedTransport.withTokens { _, _, _ in
            .status(409, json: #"{"error":{"code":"conflict","message":"GDAP Relationship name already exists."}}"#)
        }
        let client = PartnerCenterClient.forTesting(transport: transport)
        let error = try await #require(throws: PartnerCenterError.self) {
            _ = try await client.createGDAPRelationship(
                DelegatedAdminRelationship(
                    displayName: "x",
                    duration: "P1D",
                    customer: nil,
                    accessDetails: AccessDetails(roleDefinitionIDs: [])
                )
            )
        }
        #expect(error.isConflict)
        #expect(error.serviceCode == "conflict")
        #expect(transport.serviceRequests.count == 1)
    }

    @Test func updatesSendIfMatchAndReadLongRunningAnswers() async throws {
        let transport = ScriptedTransport.withTokens { request, _, _ in
            .status(
                202,
                json: "{}",
                headers: [
                    "Location":
                        "https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships/t1-r1/operations/op-7",
                    "Retry-After": "10",
                ]
            )
        }
        let client = PartnerCenterClient.forTesting(transport: transport)
        let result = try await client.updateGDAPAccessAssignment(
            relationshipID: "t1-r1",
            assignmentID: "a1",
            accessDetails: AccessDetails(roleDefinitionIDs: ["r"]),
            etag: #"W/"abc""#
        )
        #expect(
            result
                == .accepted(
                    operationID: "op-7",
                    location:
                        "https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships/t1-r1/operations/op-7",
                    retryAfterSeconds: 10
                )
        )
        let patch = try #require(transport.serviceRequests.first)
        #expect(patch.request.method == .patch)
        #expect(patch.header("If-Match") == #"W/"abc""#)
        #expect(patch.bodyText == #"{"accessDetails":{"unifiedRoles":[{"roleDefinitionId":"r"}]}}"#)
        #expect(patch.header("client-request-id") != nil)
        #expect(patch.header("MS-RequestId") == nil)
    }

    @Test func requestActionsAndDeletes() async throws {
        let transport = ScriptedTransport.withTokens { request, _, _ in
            request.method == .delete
                ? .status(204, json: "")
                : .status(201, json: #"{"id":"q1","action":"lockForApproval","status":"created"}"#)
        }
        let client = PartnerCenterClient.forTesting(transport: transport)
        let request = try await client.createGDAPRelationshipRequest("t1-r1", action: .lockForApproval)
        #expect(request.status == .created)
        try await client.deleteGDAPRelationship("t1-r1", etag: #"W/"e1""#)
        let sent = transport.serviceRequests
        #expect(sent[0].bodyText == #"{"action":"lockForApproval"}"#)
        #expect(sent[0].path == "/v1.0/tenantRelationships/delegatedAdminRelationships/t1-r1/requests")
        #expect(sent[1].request.method == .delete)
        #expect(sent[1].header("If-Match") == #"W/"e1""#)
    }
}
