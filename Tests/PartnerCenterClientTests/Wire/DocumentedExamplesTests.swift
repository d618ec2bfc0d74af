import Foundation
import PartnerCenterTestSupport
import PartnerCenterWire
import Testing

/// Every documented response example decodes into its wire model.
@Suite(.tags(.unit)) struct DocumentedExamplesTests {
    /// The fixture kind (file name prefix) → a decoder for it.
    static let decoders: [String: @Sendable (Data) throws -> Any] = [
        "customer": { try WireJSON.decode(Customer.self, from: $0) },
        "customer-list": { try WireJSON.decode(ResourceCollection<Customer>.self, from: $0) },
        "billing-profile": { try WireJSON.decode(CustomerBillingProfile.self, from: $0) },
        "company-profile": { try WireJSON.decode(CustomerCompanyProfile.self, from: $0) },
        "spending-budget": { try WireJSON.decode(SpendingBudget.self, from: $0) },
        "relationship-request-link": { try WireJSON.decode(RelationshipRequestLink.self, from: $0) },
        "agreement": { try WireJSON.decode(Agreement.self, from: $0) },
        "agreement-list": { try WireJSON.decode(ResourceCollection<Agreement>.self, from: $0) },
        "agreement-metadata-list": { try WireJSON.decode(ResourceCollection<AgreementMetadata>.self, from: $0) },
        "direct-sign-status": { try WireJSON.decode(DirectSignedAgreementStatus.self, from: $0) },
        "subscription": { try WireJSON.decode(Subscription.self, from: $0) },
        "subscription-list": { try WireJSON.decode(ResourceCollection<Subscription>.self, from: $0) },
        "subscription-provisioning-status": { try WireJSON.decode(SubscriptionProvisioningStatus.self, from: $0) },
        "order": { try WireJSON.decode(Order.self, from: $0) },
        "order-list": { try WireJSON.decode(ResourceCollection<Order>.self, from: $0) },
        "cart": { try WireJSON.decode(Cart.self, from: $0) },
        "cart-checkout-result": { try WireJSON.decode(CartCheckoutResult.self, from: $0) },
        "product": { try WireJSON.decode(Product.self, from: $0) },
        "sku": { try WireJSON.decode(Sku.self, from: $0) },
        "sku-list": { try WireJSON.decode(ResourceCollection<Sku>.self, from: $0) },
        "availability": { try WireJSON.decode(Availability.self, from: $0) },
        "availability-list": { try WireJSON.decode(ResourceCollection<Availability>.self, from: $0) },
        "inventory-item-list": { try WireJSON.decode([InventoryItem].self, from: $0) },
        "entitlement-list": { try WireJSON.decode(ResourceCollection<Entitlement>.self, from: $0) },
        "relationship": { try WireJSON.decode(DelegatedAdminRelationship.self, from: $0) },
        "relationship-list": { try WireJSON.decode(GraphCollection<DelegatedAdminRelationship>.self, from: $0) },
        "relationship-request": { try WireJSON.decode(DelegatedAdminRelationshipRequest.self, from: $0) },
        "relationship-request-list": {
            try WireJSON.decode(GraphCollection<DelegatedAdminRelationshipRequest>.self, from: $0)
        },
        "access-assignment": { try WireJSON.decode(DelegatedAdminAccessAssignment.self, from: $0) },
        "access-assignment-list": {
            try WireJSON.decode(GraphCollection<DelegatedAdminAccessAssignment>.self, from: $0)
        },
        "operation": { try WireJSON.decode(DelegatedAdminRelationshipOperation.self, from: $0) },
        "operation-list": { try WireJSON.decode(GraphCollection<DelegatedAdminRelationshipOperation>.self, from: $0) },
        "delegated-admin-customer": { try WireJSON.decode(DelegatedAdminCustomer.self, from: $0) },
        "delegated-admin-customer-list": {
            try WireJSON.decode(GraphCollection<DelegatedAdminCustomer>.self, from: $0)
        },
        "service-management-detail-list": {
            try WireJSON.decode(GraphCollection<DelegatedAdminServiceManagementDetail>.self, from: $0)
        },
        "error": { try WireJSON.decode(PartnerCenterErrorBody.self, from: $0) },
        "throttle-error": { try WireJSON.decode(ThrottleErrorBody.self, from: $0) },
        "graph-error": { try WireJSON.decode(GraphErrorBody.self, from: $0) },
        "graph-error-detail": { try WireJSON.decode(GraphError.self, from: $0) },
        "token-response": { try WireJSON.decode(TokenResponse.self, from: $0) },
    ]

    static func kind(of name: String) -> String { name.components(separatedBy: "--")[0] }

    @Test func everyFixtureHasADecoder() throws {
        let responses = try Fixtures.responses()
        #expect(responses.count >= 80)
        for (name, _) in responses {
            #expect(Self.decoders[Self.kind(of: name)] != nil, "no decoder for \(name)")
        }
    }

    @Test(arguments: try Fixtures.responses().map(\.name))
    func decodes(_ name: String) throws {
        let data = try Fixtures.response(name)
        let decoder = try #require(Self.decoders[Self.kind(of: name)])
        do {
            _ = try decoder(data)
        } catch {
            Issue.record("\(name): \(WireJSON.describe(error))")
        }
    }

    @Test func newCommerceSubscriptionFields() throws {
        let subscription = try WireJSON.decode(
            Subscription.self,
            from: Fixtures.response("subscription--partner-center-subscriptions-L2252.json")
        )
        #expect(subscription.id == "a4c1340d-6911-4758-bba3-0c4c6007d161")
        #expect(subscription.offerId == "CFQ7TTC0LH18:0001:CFQ7TTC0K971")
        #expect(subscription.productType?.id == "OnlineServicesNCE")
        #expect(subscription.status == .expired)
        #expect(subscription.billingCycle == .monthly)
        #expect(subscription.termDuration == "P1Y")
        #expect(subscription.autoRenewEnabled == false)
        #expect(subscription.commitmentEndDate == WireDate.parse("2022-01-13T00:00:00Z"))
        #expect(subscription.refundOptions?.first?.expiresAt == WireDate.parse("2021-01-15T00:00:00Z"))
        #expect(subscription.links?["availability"]?.uri.contains("CFQ7TTC0K971") == true)
    }

    @Test func pascalCaseCustomerDecodes() throws {
        let customer = try WireJSON.decode(
            Customer.self,
            from: Fixtures.response("customer--partner-center-customers-L859.json")
        )
        // The remove-relationship answer: PascalCase names, nulls everywhere but the relationship.
        #expect(customer.relationshipToPartner == CustomerRelationship.none)
        #expect(customer.id == nil)
        #expect(customer.attributes?.objectType == "Customer")
    }

    @Test func customerListCarriesContinuation() throws {
        let page = try WireJSON.decode(
            ResourceCollection<Customer>.self,
            from: Fixtures.response("customer-list--partner-center-customers-L475.json")
        )
        #expect(!page.items.isEmpty)
        #expect(page.totalCount != nil)
    }

    @Test func errorCodeAsNumberIsReadAsText() throws {
        let body = try WireJSON.decode(
            PartnerCenterErrorBody.self,
            from: Fixtures.response("error--partner-center-subscriptions-L2143.json")
        )
        #expect(body.code == "800090")
        #expect(body.description == "Subscription quantity cannot be decreased.")
        #expect(body.source == "PartnerFD")
    }

    @Test func gdapRelationshipDetails() throws {
        let relationship = try WireJSON.decode(
            DelegatedAdminRelationship.self,
            from: Fixtures.response("relationship--gdap-relationships-L153.json")
        )
        #expect(relationship.status == .created)
        #expect(relationship.activatedDateTime == nil)
        #expect(relationship.etag?.hasPrefix("W/") == true)
        #expect(relationship.accessDetails?.roleDefinitionIDs.count == 2)
        #expect(relationship.autoExtendDuration == "P180D")
    }

    @Test func throttleBody() throws {
        let body = try WireJSON.decode(
            ThrottleErrorBody.self,
            from: Fixtures.response("throttle-error--partner-center-rest-conventions-L566.json")
        )
        #expect(body.statusCode == 429)
        #expect(body.message?.contains("Rate limit") == true)
    }
}
