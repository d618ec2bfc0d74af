import Foundation
import HTTPTypes
import Logging
import PartnerCenterClient
import PartnerCenterTestSupport
import PartnerCenterWire
import Testing

@Suite(.tags(.unit)) struct RedactionTests {
    @Test func traceLogsNeverContainSecretsOrTokens() async throws {
        let capture = LogCapture()
        let transport = ScriptedTransport { request, _, _ in
            let path = request.path ?? ""
            if path.contains("oauth2") {
                return .status(
                    200,
                    json:
                        #"{"token_type":"Bearer","expires_in":3600,"access_token":"eyJ-secret-access-token","refresh_token":"new-refresh-secret"}"#
                )
            }
            if request.method == .post {
                return .status(
                    201,
                    json: #"{"id":"c9","userCredentials":{"userName":"admin","password":"Adm1nPassw0rd!"}}"#
                )
            }
            return .status(200, json: #"{"tenantId":"c9"}"#)
        }
        let client = PartnerCenterClient.forTesting(
            transport: transport,
            credentials: TestCredentials.appPlusUserConfiguration,
            logger: capture.logger()
        )
        let created = try await client.createCustomer(
            Customer(companyProfile: CustomerCompanyProfile(domain: "x.onmicrosoft.com")),
            requestID: "r1"
        )
        #expect(created.userCredentials?.password == "Adm1nPassw0rd!")
        _ = try await client.getCompanyProfile("c9")
        let log = capture.text
        #expect(capture.count > 6)
        #expect(log.contains("createCustomer"))
        #expect(log.contains("Bearer <redacted>"))
        for secret in [
            TestCredentials.secret, TestCredentials.refreshToken, "eyJ-secret-access-token", "new-refresh-secret",
            "Adm1nPassw0rd!",
        ] {
            #expect(!log.contains(secret), "the log contains \(secret)")
        }
    }

    @Test func headerAndBodyRedaction() throws {
        var fields = HTTPFields()
        fields[.authorization] = "Bearer abc.def"
        fields[.accept] = "application/json"
        let headers = Redaction.headers(fields)
        #expect(headers.contains("Authorization: Bearer <redacted>"))
        #expect(headers.contains("Accept: application/json"))
        #expect(!headers.contains("abc.def"))

        let body = Data(
            #"{"items":[{"userCredentials":{"userName":"u","password":"p@ss"}}],"client_secret":"cs","Refresh_Token":"rt"}"#
                .utf8
        )
        let text = Redaction.body(body, service: .partnerCenter)
        #expect(!text.contains("p@ss"))
        #expect(!text.contains("\"cs\""))
        #expect(!text.contains("\"rt\""))
        #expect(text.contains("\"userName\":\"u\""))
        #expect(Redaction.body(Data("client_secret=abc&grant_type=x".utf8), service: .identity).contains("not logged"))
        #expect(Redaction.body(Data(#"{"access_token":"t"}"#.utf8), service: .identity).contains("not logged"))
    }

    @Test func errorDescriptionsNeverShowTheAuthorizationHeader() async throws {
        let transport = ScriptedTransport.withTokens(token: "very-secret-token") { _, _, _ in
            .status(403, json: #"{"code":2032,"description":"Access denied"}"#)
        }
        let client = PartnerCenterClient.forTesting(transport: transport)
        let error = try await #require(throws: PartnerCenterError.self) { _ = try await client.getCustomer("c1") }
        #expect(error.status == 403)
        #expect(error.serviceCode == "2032")
        let everything = "\(error) \(error.detailDescription) \(String(reflecting: error))"
        #expect(!everything.contains("very-secret-token"))
    }
}
