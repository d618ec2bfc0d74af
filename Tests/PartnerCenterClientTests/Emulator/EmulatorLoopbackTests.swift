import Foundation
import HTTPTypes
import PartnerCenterClient
import PartnerCenterEmulator
import PartnerCenterModel
import PartnerCenterTestSupport
import PartnerCenterWire
import Testing

/// The real client over real loopback HTTP against the in-process emulator.
@Suite(.serialized, .tags(.loopback)) struct EmulatorLoopbackTests {
    static func newCustomer(_ prefix: String) -> Customer {
        Customer(
            companyProfile: CustomerCompanyProfile(domain: "\(prefix).onmicrosoft.com"),
            billingProfile: CustomerBillingProfile(
                firstName: "Ada",
                lastName: "Lovelace",
                email: "ada@\(prefix).example.com",
                culture: "en-US",
                language: "en",
                companyName: "Contoso \(prefix)",
                defaultAddress: Address(
                    country: "US",
                    city: "Redmond",
                    state: "WA",
                    addressLine1: "1 Microsoft Way",
                    postalCode: "98052",
                    firstName: "Ada",
                    lastName: "Lovelace",
                    phoneNumber: "4255555555"
                )
            )
        )
    }

    static let basic = "CFQ7TTC0LH18:0001:CFQ7TTC0K971"

    /// A second throwaway certificate, never registered with the emulator.
    static var otherCertificate: String {
        get throws {
            try String(
                contentsOfFile: try Fixtures.root.appendingPathComponent(
                    "Credentials/unregistered-client-certificate.pem"
                ).path,
                encoding: .utf8
            )
        }
    }

    /// Confirms the MCA and buys `quantity` seats of Business Basic; returns the subscription id.
    static func buy(_ client: PartnerCenterClient, customerID: String, quantity: Int = 3) async throws -> String {
        let template = try await client.listAgreementMetadata().first?.templateId ?? ""
        _ = try await client.confirmCustomerAgreement(
            customerID,
            agreement: Agreement(
                primaryContact: AgreementContact(firstName: "Ada", lastName: "Lovelace", email: "ada@example.com"),
                templateId: template,
                dateAgreed: EmulatorConfiguration.initialTimeDefault,
                type: Agreement.microsoftCustomerAgreement
            ),
            requestID: PartnerCenterClient.newRequestID()
        )
        let cart = try await client.createCart(
            customerID,
            cart: Cart(lineItems: [
                CartLineItem(catalogItemId: basic, quantity: quantity, billingCycle: .monthly, termDuration: "P1Y")
            ]),
            requestID: PartnerCenterClient.newRequestID()
        )
        let result = try await client.checkoutCart(
            customerID,
            cartID: try #require(cart.id),
            requestID: PartnerCenterClient.newRequestID()
        )
        return try #require(result.orders?.first?.lineItems?.first?.subscriptionId)
    }

    @Test func customersProfilesAgreementsAndCatalog() async throws {
        try await LoopbackEmulator.with { emulator in
            let client = emulator.client()
            let domain = "fabrikam-loop.onmicrosoft.com"
            #expect(try await client.isDomainAvailable(domain))
            let created = try await client.createCustomer(
                Self.newCustomer("fabrikam-loop"),
                requestID: PartnerCenterClient.newRequestID()
            )
            let id = try #require(created.id)
            #expect(created.userCredentials?.password?.isEmpty == false)
            #expect(try await !client.isDomainAvailable(domain))

            let fetched = try await client.getCustomer(id)
            #expect(fetched.companyProfile?.domain == domain)
            let found = try await client.filterCustomers(CustomerFilter(field: .domain, startsWith: "FABRIKAM"))
                .collect()
            #expect(found.compactMap(\.id) == [id])

            let billing = try await client.getBillingProfile(id)
            let etag = try #require(billing.etag)
            var changed = billing
            changed.firstName = "Grace"
            let updated = try await client.updateBillingProfile(id, profile: changed, etag: etag)
            #expect(updated.firstName == "Grace")
            #expect(updated.etag != etag)
            let stale = try await #require(throws: ClientError.self) {
                _ = try await client.updateBillingProfile(id, profile: changed, etag: etag)
            }
            #expect(stale.status == 400 || stale.status == 412)

            let company = try await client.getCompanyProfile(id)
            #expect(company.domain == domain)

            let budget = try await client.updateSpendingBudget(id, amount: 250)
            #expect(budget.amount == 250)
            #expect(try await client.getSpendingBudget(id).amount == 250)

            let link = try await client.getRelationshipRequestLink()
            #expect(link.url?.contains(DevelopmentPartner.partnerId) == true)

            let products = try await client.listProducts(country: "US", targetView: "OnlineServices").collect()
            #expect(products.contains { $0.id == "CFQ7TTC0LH18" })
            let product = try await client.getProduct("CFQ7TTC0LH18", country: "US")
            #expect(product.title == "Microsoft 365 Business Basic")
            let skus = try await client.listSkus("CFQ7TTC0LH18", country: "US").collect()
            #expect(skus.contains { $0.id == "0001" })
            let sku = try await client.getSku("CFQ7TTC0LH18", skuID: "0001", country: "US")
            #expect(sku.maximumQuantity == 300)
            let availabilities = try await client.listAvailabilities("CFQ7TTC0LH18", skuID: "0001", country: "US")
                .collect()
            #expect(availabilities.contains { $0.id == "CFQ7TTC0K971" })
            let availability = try await client.getAvailability(
                "CFQ7TTC0LH18",
                skuID: "0001",
                availabilityID: "CFQ7TTC0K971",
                country: "US"
            )
            #expect(availability.catalogItemId == Self.basic)
            let scoped = try await client.listProducts(country: "US", targetView: "OnlineServices", customerID: id)
                .collect()
            #expect(!scoped.isEmpty)
        }
    }

    @Test func cartsOrdersAndSubscriptions() async throws {
        try await LoopbackEmulator.with { emulator in
            let client = emulator.client()
            let customer = try await client.createCustomer(
                Self.newCustomer("tailspin-loop"),
                requestID: PartnerCenterClient.newRequestID()
            )
            let id = try #require(customer.id)
            let agreementsBefore = try await client.listCustomerAgreements(id)
            #expect(agreementsBefore.isEmpty)
            let subscriptionID = try await Self.buy(client, customerID: id, quantity: 3)
            #expect(try await client.listCustomerAgreements(id).count == 1)

            let orders = try await client.listOrders(id).collect()
            #expect(orders.count == 1)
            let order = try await client.getOrder(id, orderID: try #require(orders.first?.id))
            #expect(order.lineItems?.first?.offerId == Self.basic)
            let byOrder = try await client.listSubscriptions(id, orderID: try #require(order.id)).collect()
            #expect(byOrder.map(\.id) == [subscriptionID])

            let subscriptions = try await client.listSubscriptions(id).collect()
            #expect(subscriptions.map(\.id) == [subscriptionID])
            let subscription = try await client.getSubscription(id, subscriptionID: subscriptionID)
            #expect(subscription.quantity == 3)
            #expect(subscription.termDuration == "P1Y")
            #expect(subscription.status == .active)

            let renamed = try await client.updateSubscription(
                id,
                subscriptionID: subscriptionID,
                changes: SubscriptionChanges(friendlyName: "Sales seats")
            )
            #expect(renamed.friendlyName == "Sales seats")
            let grown = try await client.updateSubscription(
                id,
                subscriptionID: subscriptionID,
                changes: SubscriptionChanges(quantity: 7)
            )
            #expect(grown.quantity == 7)
            let noRenew = try await client.updateSubscription(
                id,
                subscriptionID: subscriptionID,
                changes: SubscriptionChanges(autoRenewEnabled: false)
            )
            #expect(noRenew.autoRenewEnabled == false)
            #expect(noRenew.friendlyName == "Sales seats")

            let entitlements = try await client.listEntitlements(id).collect()
            #expect(entitlements.count >= 0)

            // Updating the cart before checkout replaces its lines.
            let cart = try await client.createCart(
                id,
                cart: Cart(lineItems: [
                    CartLineItem(catalogItemId: Self.basic, quantity: 1, billingCycle: .monthly, termDuration: "P1M")
                ]),
                requestID: PartnerCenterClient.newRequestID()
            )
            var replacement = cart
            replacement.lineItems = [
                CartLineItem(catalogItemId: Self.basic, quantity: 2, billingCycle: .monthly, termDuration: "P1M")
            ]
            let updatedCart = try await client.updateCart(id, cartID: try #require(cart.id), cart: replacement)
            #expect(updatedCart.lineItems.first?.quantity == 2)
        }
    }

    @Test func appOnlyCredentialsAreRefusedForAppPlusUserOperationsBeforeSending() async throws {
        try await LoopbackEmulator.with { emulator in
            let client = emulator.client(credentials: LoopbackEmulator.developmentSecret)
            _ = try await client.listCustomers().collect()
            let error = try await #require(throws: ClientError.self) {
                _ = try await client.getRelationshipRequestLink()
            }
            #expect(error.requiresAppPlusUser)
            #expect(try await emulator.count("GET /v1/customers/relationshiprequests") == 0)
        }
    }

    @Test func certificateCredential() async throws {
        try await LoopbackEmulator.with { emulator in
            let pem = try String(contentsOfFile: try Fixtures.certificatePath, encoding: .utf8)
            let certificatePart =
                "-----BEGIN CERTIFICATE-----" + (pem.components(separatedBy: "-----BEGIN CERTIFICATE-----").last ?? "")
            let body = String(decoding: try JSONEncoder().encode(["certificate": certificatePart]), as: UTF8.self)
            let registered = try await emulator.control(
                .post,
                "applications/\(DevelopmentPartner.clientId)/certificates",
                json: body
            )
            #expect(registered["x5t"] == .string("2boC5KNFdgD9eo7-LmboPf8USsQ"))
            let credentials = CredentialConfiguration(
                app: AppCredential(
                    tenantID: DevelopmentPartner.tenantId,
                    clientID: DevelopmentPartner.clientId,
                    authentication: .certificate(try ClientCertificate(pemFile: try Fixtures.certificatePath))
                )
            )
            let client = emulator.client(credentials: credentials)
            _ = try await client.listCustomers().collect()
            // The emulator verified the RS256 assertion against the registered certificate (no secret was sent).
            #expect(try await emulator.count("GET /v1/customers", status: 200) == 1)
            let unregistered = emulator.client(
                credentials: CredentialConfiguration(
                    app: AppCredential(
                        tenantID: DevelopmentPartner.tenantId,
                        clientID: DevelopmentPartner.clientId,
                        authentication: .certificate(try ClientCertificate(pem: Self.otherCertificate))
                    )
                )
            )
            let refused = try await #require(throws: ClientError.self) {
                _ = try await unregistered.listCustomers().collect()
            }
            #expect(refused.shortCode == "token_request_failed")
        }
    }

    @Test func staticAccessToken() async throws {
        try await LoopbackEmulator.with { emulator in
            var request = HTTPRequest(
                method: .post,
                url: emulator.baseURL.appendingPathComponent("login/\(DevelopmentPartner.tenantId)/oauth2/v2.0/token")
            )
            request.headerFields[.contentType] = "application/x-www-form-urlencoded"
            let form =
                "grant_type=client_credentials&client_id=\(DevelopmentPartner.clientId)&client_secret=\(DevelopmentPartner.clientSecret)&scope=https%3A%2F%2Fapi.partnercenter.microsoft.com%2F.default"
            let (_, data) = try await emulator.transport.send(request, body: Data(form.utf8))
            let token = try WireJSON.decode(TokenResponse.self, from: data)
            let client = emulator.client(credentials: CredentialConfiguration(staticToken: Secret(token.accessToken)))
            _ = try await client.listCustomers().collect()
            #expect(try await emulator.count("GET /v1/customers", status: 200) == 1)
        }
    }

    @Test func anExpiredTokenIsRenewed() async throws {
        try await LoopbackEmulator.with { emulator in
            let client = emulator.client()
            _ = try await client.listCustomers().collect()
            try await emulator.advanceClock(seconds: 3700)
            _ = try await client.listCustomers().collect()
            #expect(try await emulator.count("GET /v1/customers", status: 401) == 1)
            #expect(try await emulator.count("GET /v1/customers", status: 200) == 2)
        }
    }

    @Test func pagingAcrossManyPages() async throws {
        try await LoopbackEmulator.with { emulator in
            let client = emulator.client()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<23 {
                    group.addTask {
                        _ = try await client.createCustomer(
                            Self.newCustomer("page\(index)"),
                            requestID: PartnerCenterClient.newRequestID()
                        )
                    }
                }
                try await group.waitForAll()
            }
            let customers = try await client.listCustomers(pageSize: 4).collect()
            #expect(customers.count == 23)
            #expect(Set(customers.compactMap(\.id)).count == 23)
            #expect(try await emulator.count("GET /v1/customers", status: 200) == 6)
        }
    }
}
