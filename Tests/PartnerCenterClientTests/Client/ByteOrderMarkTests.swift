import Foundation
import HTTPTypes
import PartnerCenterClient
import PartnerCenterEmulator
import PartnerCenterTestSupport
import PartnerCenterWire
import Testing

/// Bodies that start with a UTF-8 byte-order mark, as most of the real service's do (issue 11, client item 1).
@Suite(.tags(.loopback)) struct ByteOrderMarkTests {
    static let mark = "\u{FEFF}"

    /// Scripted: the token endpoint, a Partner Center read, a Partner Center error and a Graph error, each with a
    /// BOM, are read as if it were not there.
    @Test func everyBodyIsReadWithABOM() async throws {
        let transport = ScriptedTransport { request, _, _ in
            let path = request.path ?? ""
            if path.contains("/oauth2/v2.0/token") {
                return .status(
                    200,
                    json: ByteOrderMarkTests.mark + #"{"token_type":"Bearer","expires_in":3600,"access_token":"t-1"}"#
                )
            }
            if path.hasSuffix("/customers/c1") {
                return .status(
                    200,
                    json: ByteOrderMarkTests.mark + #"{"id":"c1","companyProfile":{"domain":"c1.onmicrosoft.com"}}"#
                )
            }
            if path.contains("delegatedAdminRelationships") {
                return .status(
                    404,
                    json: ByteOrderMarkTests.mark + #"{"error":{"code":"itemNotFound","message":"No relationship."}}"#
                )
            }
            return .status(
                404,
                json: ByteOrderMarkTests.mark + #"{"code":600008,"description":"The customer does not exist."}"#
            )
        }
        let client = PartnerCenterClient.forTesting(transport: transport)
        let customer = try await client.getCustomer("c1")
        #expect(customer.id == "c1")
        #expect(customer.companyProfile?.domain == "c1.onmicrosoft.com")

        let missing = try await #require(throws: ClientError.self) { _ = try await client.getCustomer("c2") }
        #expect(missing.isNotFound)
        #expect(missing.serviceCode == "600008")
        #expect(missing.serviceMessage == "The customer does not exist.")

        let graph = try await #require(throws: ClientError.self) {
            _ = try await client.getGDAPRelationship("r-1")
        }
        #expect(graph.serviceCode == "itemNotFound")
    }

    /// The mark is dropped once, only at the very start; a body that is only a mark is empty.
    @Test func onlyALeadingMarkIsDropped() {
        let marked = Data([0xEF, 0xBB, 0xBF]) + Data(#"{"a":"\#(Self.mark)"}"#.utf8)
        let plain = ResponseBody.withoutByteOrderMark(marked)
        #expect(plain == Data(#"{"a":"\#(Self.mark)"}"#.utf8))
        #expect(plain.startIndex == 0)
        #expect(ResponseBody.withoutByteOrderMark(Data([0xEF, 0xBB, 0xBF])).isEmpty)
        #expect(ResponseBody.withoutByteOrderMark(Data("{}".utf8)) == Data("{}".utf8))
    }

    /// The real client against the emulator with BOMs switched on for every route: the emulator really sends
    /// them (checked on the raw bytes), and a token, a read, a write and an error body are all read.
    @Test func emulatorWithBOMsOnEveryRoute() async throws {
        var configuration = EmulatorConfiguration()
        configuration.faults = [FaultRule(route: ".*", byteOrderMark: true)]
        try await LoopbackEmulator.with(configuration) { emulator in
            // The raw answer starts with the mark: without the client's handling, this test would fail.
            var raw = HTTPRequest(method: .post, url: emulator.baseURL.appendingPathComponent("v1/customers"))
            raw.headerFields[.accept] = "application/json"
            let (_, rawBody) = try await emulator.transport.send(raw, body: Data("{}".utf8))
            #expect(Array(rawBody.prefix(3)) == [0xEF, 0xBB, 0xBF])

            let client = emulator.client()
            let created = try await client.createCustomer(
                EmulatorLoopbackTests.newCustomer("bom-write"),
                requestID: PartnerCenterClient.newRequestID()
            )
            let id = try #require(created.id)
            #expect(created.userCredentials?.password?.isEmpty == false)
            let read = try await client.getCustomer(id)
            #expect(read.companyProfile?.domain == "bom-write.onmicrosoft.com")
            let error = try await #require(throws: ClientError.self) {
                _ = try await client.getCustomer("00000000-0000-0000-0000-00000000dead")
            }
            #expect(error.isNotFound, "\(error)")
            #expect(error.serviceCode != nil, "the error body was read: \(error)")
        }
    }
}
