import Crypto
import Foundation
import PartnerCenterClient
import PartnerCenterModel
import PartnerCenterTestSupport
import PartnerCenterWire
import Testing
import _CryptoExtras

@Suite(.tags(.unit)) struct CredentialResolutionTests {
    let base = ["AZURE_TENANT_ID": TestCredentials.tenant, "AZURE_CLIENT_ID": TestCredentials.client]

    @Test func clientSecret() throws {
        let configuration = try CredentialConfiguration.fromEnvironment(
            base.merging(["AZURE_CLIENT_SECRET": "x"]) { $1 }
        )
        let app = try #require(configuration.app)
        #expect(app.tenantID == TestCredentials.tenant)
        #expect(app.clientID == TestCredentials.client)
        guard case .secret(let secret) = app.authentication else { Issue.record("not a secret"); return }
        #expect(secret.revealed == "x")
        #expect(configuration.appPlusUser == nil)
        #expect(!configuration.supportsAppPlusUser)
    }

    @Test func certificate() throws {
        let path = try Fixtures.certificatePath
        let configuration = try CredentialConfiguration.fromEnvironment(
            base.merging(["AZURE_CLIENT_CERTIFICATE_PATH": path]) { $1 }
        )
        guard case .certificate(let certificate) = configuration.app?.authentication else {
            Issue.record("not a certificate")
            return
        }
        #expect(certificate.thumbprint == "2boC5KNFdgD9eo7-LmboPf8USsQ")
    }

    @Test func federatedTokenFile() throws {
        let configuration = try CredentialConfiguration.fromEnvironment(
            base.merging(["AZURE_FEDERATED_TOKEN_FILE": "/var/run/token"]) { $1 }
        )
        guard case .federatedTokenFile(let path) = configuration.app?.authentication else {
            Issue.record("not a federated token")
            return
        }
        #expect(path == "/var/run/token")
    }

    @Test func gitHubActions() throws {
        let environment = base.merging([
            "ACTIONS_ID_TOKEN_REQUEST_URL": "https://pipelines.actions.githubusercontent.com/abc?api-version=2.0",
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "gh-request-token",
        ]) { $1 }
        let configuration = try CredentialConfiguration.fromEnvironment(environment)
        guard case .gitHubActions(let url, let token) = configuration.app?.authentication else {
            Issue.record("not GitHub Actions")
            return
        }
        #expect(url.host == "pipelines.actions.githubusercontent.com")
        #expect(token.revealed == "gh-request-token")
    }

    @Test func staticTokenWinsAndServesAppPlusUser() throws {
        let configuration = try CredentialConfiguration.fromEnvironment(
            base.merging(["CSPCTL_ACCESS_TOKEN": "ready", "AZURE_CLIENT_SECRET": "x"]) { $1 }
        )
        #expect(configuration.staticToken?.revealed == "ready")
        #expect(configuration.app == nil)
        #expect(configuration.supportsAppPlusUser)
    }

    @Test func refreshTokenAddsAppPlusUser() throws {
        let configuration = try CredentialConfiguration.fromEnvironment(
            base.merging(["AZURE_CLIENT_SECRET": "x", "CSPCTL_REFRESH_TOKEN": "rt"]) { $1 }
        )
        #expect(configuration.appPlusUser?.refreshToken.revealed == "rt")
        #expect(configuration.supportsAppPlusUser)
        #expect(configuration.summary.contains("App+User"))
        #expect(!configuration.summary.contains("rt\""))
    }

    @Test(arguments: [
        ([:], "no Partner Center credentials"),
        (["AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "x"], "AZURE_TENANT_ID"),
        (["AZURE_TENANT_ID": "t", "AZURE_CLIENT_SECRET": "x"], "AZURE_CLIENT_ID"),
        (["AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c"], "no way to authenticate"),
        (["AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "CSPCTL_REFRESH_TOKEN": "rt"], "no way to authenticate"),
        (
            ["AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "ACTIONS_ID_TOKEN_REQUEST_URL": "https://x"],
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN"
        ),
        (
            ["AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_CERTIFICATE_PATH": "/nonexistent.pem"],
            "cannot read"
        ),
    ])
    func incompleteConfigurationsNameWhatIsMissing(_ environment: [String: String], _ expected: String) {
        do {
            _ = try CredentialConfiguration.fromEnvironment(environment)
            Issue.record("resolved \(environment)")
        } catch let error as PartnerCenterError {
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(error.isCredentialProblem)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func secretsNeverPrint() {
        let secret = Secret("hunter2")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        var dumped = ""
        dump(TestCredentials.appPlusUserConfiguration, to: &dumped)
        #expect(!dumped.contains(TestCredentials.secret))
        #expect(!dumped.contains(TestCredentials.refreshToken))
    }
}

@Suite(.tags(.unit)) struct ClientAssertionTests {
    @Test func assertionIsAnRS256JWTVerifiableWithTheCertificateKey() throws {
        let pem = try String(contentsOfFile: try Fixtures.certificatePath, encoding: .utf8)
        let certificate = try ClientCertificate(pem: pem)
        let audience = "https://login.microsoftonline.com/\(TestCredentials.tenant)/oauth2/v2.0/token"
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let jwt = try certificate.clientAssertion(clientID: TestCredentials.client, audience: audience, now: now)
        let parts = jwt.split(separator: ".").map(String.init)
        #expect(parts.count == 3)
        let header = try WireJSON.parse(try base64URL(parts[0]))
        #expect(header["alg"] == .string("RS256"))
        #expect(header["typ"] == .string("JWT"))
        #expect(header["x5t"] == .string("2boC5KNFdgD9eo7-LmboPf8USsQ"))
        let claims = try WireJSON.parse(try base64URL(parts[1]))
        #expect(claims["aud"] == .string(audience))
        #expect(claims["iss"] == .string(TestCredentials.client))
        #expect(claims["sub"] == .string(TestCredentials.client))
        #expect(claims["nbf"] == .integer(1_700_000_000))
        #expect(claims["exp"] == .integer(1_700_000_600))
        #expect(claims["jti"]?.stringValue?.isEmpty == false)
        // Verify the signature with the public half of the key in the PEM.
        let keyPEM = try #require(pem.components(separatedBy: "-----BEGIN CERTIFICATE-----").first)
        let publicKey = try _RSA.Signing.PrivateKey(pemRepresentation: keyPEM).publicKey
        let signature = _RSA.Signing.RSASignature(rawRepresentation: try base64URL(parts[2]))
        let signed = Data((parts[0] + "." + parts[1]).utf8)
        #expect(publicKey.isValidSignature(signature, for: SHA256.hash(data: signed), padding: .insecurePKCS1v1_5))
        // A fresh jti every time.
        let again = try certificate.clientAssertion(clientID: TestCredentials.client, audience: audience, now: now)
        #expect(again != jwt)
    }

    @Test func pemWithoutCertificateIsRejected() throws {
        let pem = try String(contentsOfFile: try Fixtures.certificatePath, encoding: .utf8)
        let keyOnly = try #require(pem.components(separatedBy: "-----BEGIN CERTIFICATE-----").first)
        #expect(throws: PartnerCenterError.self) { try ClientCertificate(pem: keyOnly) }
        #expect(throws: PartnerCenterError.self) { try ClientCertificate(pem: "garbage") }
    }

    private func base64URL(_ text: String) throws -> Data {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return try #require(Data(base64Encoded: base64))
    }
}
