import Foundation
import HTTPTypes
import Logging
import PartnerCenterClient
import PartnerCenterEmulator
import PartnerCenterModel
import PartnerCenterTestSupport
import PartnerCenterWire
import Testing

/// Faults injected by the emulator: each operation succeeds exactly once, or fails with a clear typed error.
@Suite(.serialized, .tags(.loopback)) struct EmulatorFaultTests {
    enum Fault: String, CaseIterable, Sendable {
        case throttleBurst, serviceUnavailableStreak, droppedConnections, lostResponse

        func rule(route: String, method: String) -> FaultRule {
            switch self {
            case .throttleBurst:
                FaultRule(route: route, method: method, throttleRate: 1, burstLength: 3, retryAfterSeconds: 1, limit: 3)
            case .serviceUnavailableStreak:
                FaultRule(route: route, method: method, error503Rate: 1, limit: 3)
            case .droppedConnections:
                FaultRule(route: route, method: method, dropRate: 1, limit: 2)
            case .lostResponse:
                FaultRule(route: route, method: method, loseResponseRate: 1, limit: 1)
            }
        }
    }

    @Test(arguments: Fault.allCases)
    func createCustomerHappensExactlyOnce(_ fault: Fault) async throws {
        try await LoopbackEmulator.with { emulator in
            let client = emulator.client()
            try await emulator.setFaults([fault.rule(route: "^/v1/customers$", method: "POST")])
            let created = try await client.createCustomer(
                EmulatorLoopbackTests.newCustomer("once-\(fault.rawValue.lowercased())"),
                requestID: PartnerCenterClient.newRequestID()
            )
            try await emulator.setFaults([])
            let all = try await client.listCustomers().collect()
            #expect(all.count == 1)
            #expect(all.first?.id == created.id)
        }
    }

    @Test(arguments: Fault.allCases)
    func checkoutHappensExactlyOnce(_ fault: Fault) async throws {
        try await LoopbackEmulator.with { emulator in
            let client = emulator.client()
            let customer = try await client.createCustomer(
                EmulatorLoopbackTests.newCustomer("checkout-\(fault.rawValue.lowercased())"),
                requestID: PartnerCenterClient.newRequestID()
            )
            let id = try #require(customer.id)
            try await emulator.setFaults([fault.rule(route: "/checkout$", method: "POST")])
            _ = try await EmulatorLoopbackTests.buy(client, customerID: id, quantity: 2)
            try await emulator.setFaults([])
            #expect(try await client.listOrders(id).collect().count == 1)
            let subscriptions = try await client.listSubscriptions(id).collect()
            #expect(subscriptions.count == 1)
            #expect(subscriptions.first?.quantity == 2)
        }
    }

    @Test(arguments: Fault.allCases)
    func readsAndUpdatesSurviveFaults(_ fault: Fault) async throws {
        try await LoopbackEmulator.with { emulator in
            let client = emulator.client()
            let customer = try await client.createCustomer(
                EmulatorLoopbackTests.newCustomer("rw-\(fault.rawValue.lowercased())"),
                requestID: PartnerCenterClient.newRequestID()
            )
            let id = try #require(customer.id)
            let subscriptionID = try await EmulatorLoopbackTests.buy(client, customerID: id, quantity: 2)
            try await emulator.setFaults([
                fault.rule(route: "^/v1/customers/[^/]+/subscriptions$", method: "GET"),
                fault.rule(route: "^/v1/customers/[^/]+/subscriptions/[^/]+$", method: "PATCH"),
            ])
            let listed = try await client.listSubscriptions(id).collect()
            #expect(listed.map(\.id) == [subscriptionID])
            let updated = try await client.updateSubscription(
                id,
                subscriptionID: subscriptionID,
                changes: SubscriptionChanges(quantity: 4)
            )
            #expect(updated.quantity == 4)
        }
    }

    @Test func aLostCreateResponseIsNotExecutedTwice() async throws {
        try await LoopbackEmulator.with { emulator in
            let client = emulator.client()
            try await emulator.setFaults([
                FaultRule(route: "^/v1/customers$", method: "POST", loseResponseRate: 1, limit: 1)
            ])
            let requestID = PartnerCenterClient.newRequestID()
            let created = try await client.createCustomer(
                EmulatorLoopbackTests.newCustomer("lost-once"),
                requestID: requestID
            )
            #expect(created.id != nil)
            // Two POSTs reached the service (the first one's answer was lost); one customer exists.
            #expect(try await emulator.count("POST /v1/customers") == 2)
            try await emulator.setFaults([])
            #expect(try await client.listCustomers().collect().count == 1)
            // The same logical operation again (a re-run after a crash) still does not create a second one.
            let again = try await client.createCustomer(
                EmulatorLoopbackTests.newCustomer("lost-once"),
                requestID: requestID
            )
            #expect(again.id == created.id)
            #expect(try await client.listCustomers().collect().count == 1)
        }
    }

    @Test func aStreakLongerThanThePolicyIsATypedError() async throws {
        try await LoopbackEmulator.with { emulator in
            let client = emulator.client()
            try await emulator.setFaults([FaultRule(route: "^/v1/customers$", method: "GET", error503Rate: 1)])
            let error = try await #require(throws: ClientError.self) { _ = try await client.listCustomers().collect() }
            #expect(error.status == 503)
            #expect(error.attempts == LoopbackEmulator.fastRetries.maxAttempts)
            #expect(error.operation == "listCustomers")
            #expect(error.detailDescription.contains("MS-CorrelationId"))
            #expect(
                try await emulator.count("GET /v1/customers", status: 503) == LoopbackEmulator.fastRetries.maxAttempts
            )
        }
    }

    @Test func endlessThrottlingIsATypedError() async throws {
        try await LoopbackEmulator.with { emulator in
            let client = emulator.client()
            try await emulator.setFaults([
                FaultRule(
                    route: "^/v1/customers$",
                    method: "GET",
                    throttleRate: 1,
                    burstLength: 100,
                    retryAfterSeconds: 1
                )
            ])
            let error = try await #require(throws: ClientError.self) { _ = try await client.listCustomers().collect() }
            #expect(error.isThrottled)
            #expect(error.status == 429)
            #expect(error.wasRetried)
        }
    }

    @Test func traceLogsNeverContainSecretsTokensOrPasswords() async throws {
        try await LoopbackEmulator.with { emulator in
            let capture = LogCapture()
            let client = emulator.client(logger: capture.logger(level: .trace))
            let created = try await client.createCustomer(
                EmulatorLoopbackTests.newCustomer("logscan"),
                requestID: PartnerCenterClient.newRequestID()
            )
            let id = try #require(created.id)
            _ = try await client.getCompanyProfile(id)
            _ = try await client.getBillingProfile(id)
            _ = try await client.listCustomers().collect()
            let password = try #require(created.userCredentials?.password)
            let state = try await emulator.control(.get, "state")
            var secrets = [DevelopmentPartner.clientSecret, DevelopmentPartner.refreshToken, password]
            for key in ["accessTokens", "refreshTokens"] {
                if case .object(let tokens)? = state[key] { secrets += tokens.keys }
            }
            #expect(secrets.count >= 5)
            let log = capture.text
            #expect(log.contains("createCustomer"))
            #expect(log.contains("Bearer <redacted>"))
            for secret in secrets where secret.count >= 8 {
                #expect(!log.contains(secret), "the trace log contains a secret")
            }
        }
    }
}
