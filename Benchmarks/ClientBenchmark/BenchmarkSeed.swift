import Foundation
import PartnerCenterClient
import PartnerCenterEmulator
import PartnerCenterWire
import PartnerCenterTestSupport

/// Creates the customers the benchmark reads, through the client (as a partner would): each customer, its MCA
/// confirmation, and one new-commerce subscription bought through a cart.
enum BenchmarkSeed {
    static func seed(server: EmulatorServer, customers: Int) async throws -> Int {
        guard let base = URL(string: server.baseURL) else { return 0 }
        let transport = AsyncHTTPClientTransport(timeout: .seconds(30))
        defer { Task { try? await transport.shutdown() } }
        let client = PartnerCenterClient(
            configuration: PartnerCenterClientConfiguration(
                endpoints: .custom(base),
                credentials: .developmentPartner(),
                rateBudget: RateBudget.Configuration(requestsPerMinute: [:]),
                maxConcurrentRequests: 32
            ),
            transport: transport
        )
        let template = try await client.listAgreementMetadata().first?.templateId ?? ""
        return try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            var done = 0
            func add() {
                guard next < customers else { return }
                let index = next
                next += 1
                group.addTask { try await seedOne(client, index: index, template: template) }
            }
            for _ in 0..<min(64, customers) { add() }
            while try await group.next() != nil {
                done += 1
                add()
            }
            return done
        }
    }

    private static func seedOne(_ client: PartnerCenterClient, index: Int, template: String) async throws {
        let prefix = "bench\(index)"
        let customer = try await client.createCustomer(
            Customer(
                companyProfile: CustomerCompanyProfile(domain: "\(prefix).onmicrosoft.com"),
                billingProfile: CustomerBillingProfile(
                    firstName: "Bench",
                    lastName: "Mark",
                    email: "admin@\(prefix).example.com",
                    culture: "en-US",
                    language: "en",
                    companyName: "Benchmark \(index)",
                    defaultAddress: Address(
                        country: "US",
                        city: "Redmond",
                        state: "WA",
                        addressLine1: "1 Microsoft Way",
                        postalCode: "98052",
                        firstName: "Bench",
                        lastName: "Mark",
                        phoneNumber: "4255555555"
                    )
                )
            ),
            requestID: PartnerCenterClient.newRequestID()
        )
        guard let id = customer.id else { return }
        _ = try await client.confirmCustomerAgreement(
            id,
            agreement: Agreement(
                primaryContact: AgreementContact(firstName: "Bench", lastName: "Mark", email: "admin@example.com"),
                templateId: template,
                dateAgreed: Date(),
                type: Agreement.microsoftCustomerAgreement
            ),
            requestID: PartnerCenterClient.newRequestID()
        )
        let line = CartLineItem(
            catalogItemId: "CFQ7TTC0LH18:0001:CFQ7TTC0K971",
            quantity: 1 + index % 10,
            billingCycle: .monthly,
            termDuration: "P1Y"
        )
        let cart = try await client.createCart(id, cart: Cart(lineItems: [line]), requestID: PartnerCenterClient.newRequestID())
        if let cartID = cart.id {
            _ = try await client.checkoutCart(id, cartID: cartID, requestID: PartnerCenterClient.newRequestID())
        }
    }
}
