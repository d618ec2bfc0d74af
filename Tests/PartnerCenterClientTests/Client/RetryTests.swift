import Foundation
import HTTPTypes
import PartnerCenterClient
import PartnerCenterTestSupport
import PartnerCenterWire
import Testing

@Suite(.tags(.unit)) struct RetryTests {
    static let subscription = #"{"id":"s1","quantity":5,"status":"active"}"#

    @Test func documentedScheduleWithoutJitter() {
        let policy = RetryPolicy.exponentialBackoff(
            maxAttempts: 6,
            baseDelay: .seconds(1),
            maxDelay: .seconds(8),
            jitter: 0
        )
        let waits = (1...5).map { policy.delay(afterAttempt: $0, unit: 0.9) }
        #expect(waits == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8)])
    }

    @Test func jitterStaysWithinItsBand() {
        let policy = RetryPolicy.exponentialBackoff(baseDelay: .seconds(2), jitter: 0.2)
        #expect(policy.delay(afterAttempt: 1, unit: 0) == .milliseconds(1600))
        #expect(policy.delay(afterAttempt: 1, unit: 0.5) == .seconds(2))
        #expect(policy.delay(afterAttempt: 1, unit: 0.999_999) < .milliseconds(2401))
    }

    @Test func retriesServerErrorsOnTheBackoffSchedule() async throws {
        let clock = TestClock()
        let transport = ScriptedTransport.withTokens { _, _, index in
            index < 4 ? .status([500, 502, 503][index - 1], json: "{}") : .status(200, json: Self.subscription)
        }
        let client = PartnerCenterClient.forTesting(transport: transport, clock: clock)
        let subscription = try await client.getSubscription("c1", subscriptionID: "s1")
        #expect(subscription.quantity == 5)
        #expect(transport.serviceRequests.count == 4)
        #expect(clock.sleeps == [.seconds(1), .seconds(2), .seconds(4)])
    }

    @Test func honoursRetryAfterOnThrottling() async throws {
        let clock = TestClock()
        let transport = ScriptedTransport.withTokens { _, _, index in
            index == 1
                ? .status(
                    429,
                    json: #"{"statusCode":429,"message":"Rate limit is exceeded. Try again in 7 seconds."}"#,
                    headers: ["Retry-After": "7"]
                )
                : .status(200, json: Self.subscription)
        }
        let client = PartnerCenterClient.forTesting(transport: transport, clock: clock)
        _ = try await client.getSubscription("c1", subscriptionID: "s1")
        #expect(clock.sleeps == [.seconds(7)])
    }

    @Test func throttlingThatNeverEndsIsATypedError() async throws {
        let clock = TestClock()
        let transport = ScriptedTransport.withTokens { _, _, _ in
            .status(
                429,
                json: #"{"statusCode":429,"message":"Rate limit is exceeded. Try again in 3 seconds."}"#,
                headers: ["Retry-After": "3"]
            )
        }
        let client = PartnerCenterClient.forTesting(transport: transport, clock: clock)
        let error = try await #require(throws: PartnerCenterError.self) {
            _ = try await client.getSubscription("c1", subscriptionID: "s1")
        }
        #expect(error.isThrottled)
        #expect(error.status == 429)
        #expect(error.attempts == 4)
        #expect(error.wasRetried)
        #expect(error.operation == "getSubscription")
        #expect(error.description.contains("getSubscription"))
        #expect(error.description.contains("HTTP 429"))
        #expect(error.detailDescription.contains("attempts: 4"))
        #expect(
            error.detailDescription.contains(
                "GET https://api.partnercenter.microsoft.com/v1/customers/c1/subscriptions/s1"
            )
        )
        #expect(clock.sleeps == [.seconds(3), .seconds(3), .seconds(3)])
    }

    @Test func clientErrorsAreNotRetried() async throws {
        let transport = ScriptedTransport.withTokens { _, _, _ in
            .status(
                400,
                json:
                    #"{"code":800090,"description":"Subscription quantity cannot be decreased.","data":[],"source":"PartnerFD"}"#
            )
        }
        let client = PartnerCenterClient.forTesting(transport: transport)
        let error = try await #require(throws: PartnerCenterError.self) {
            _ = try await client.getSubscription("c1", subscriptionID: "s1")
        }
        #expect(transport.serviceRequests.count == 1)
        #expect(error.serviceCode == "800090")
        #expect(error.serviceMessage == "Subscription quantity cannot be decreased.")
        #expect(!error.wasRetried)
        #expect(error.requestID != nil)
        #expect(error.correlationID == "corr-0001")
    }

    @Test func connectionFailuresAreRetried() async throws {
        let clock = TestClock()
        let transport = ScriptedTransport.withTokens { _, _, index in
            switch index {
            case 1: .failure(TransportFailure(.connect, "refused"))
            case 2: .failure(TransportFailure(.timeout, "read timeout"))
            default: .status(200, json: Self.subscription)
            }
        }
        let client = PartnerCenterClient.forTesting(transport: transport, clock: clock)
        _ = try await client.getSubscription("c1", subscriptionID: "s1")
        #expect(transport.serviceRequests.count == 3)
        #expect(clock.sleeps == [.seconds(1), .seconds(2)])
    }

    @Test func createIsRetriedOnlyUnderItsOwnRequestID() async throws {
        let transport = ScriptedTransport.withTokens { _, _, index in
            switch index {
            case 1: .failure(TransportFailure(.connectionLost, "reset after the request was written"))
            case 2: .status(503, json: "{}")
            default: .status(201, json: #"{"id":"new-customer","companyProfile":{"domain":"contoso.onmicrosoft.com"}}"#)
            }
        }
        let client = PartnerCenterClient.forTesting(transport: transport)
        let customer = try await client.createCustomer(
            Customer(companyProfile: CustomerCompanyProfile(domain: "contoso.onmicrosoft.com")),
            requestID: "create-contoso-0001"
        )
        #expect(customer.id == "new-customer")
        let creates = transport.serviceRequests
        #expect(creates.count == 3)
        #expect(creates.allSatisfy { $0.request.method == .post })
        #expect(creates.allSatisfy { $0.header("MS-RequestId") == "create-contoso-0001" })
        #expect(Set(creates.map(\.bodyText)).count == 1)
    }

    @Test func everyCallGetsItsOwnRequestIDAndTheRunsCorrelationID() async throws {
        let transport = ScriptedTransport.withTokens { _, _, _ in .status(200, json: Self.subscription) }
        let client = PartnerCenterClient.forTesting(transport: transport)
        _ = try await client.getSubscription("c1", subscriptionID: "s1")
        _ = try await client.getSubscription("c1", subscriptionID: "s1", requestID: "mine")
        let sent = transport.serviceRequests
        #expect(sent[0].header("MS-RequestId") != sent[1].header("MS-RequestId"))
        #expect(sent[1].header("MS-RequestId") == "mine")
        #expect(sent.allSatisfy { $0.header("MS-CorrelationId") == "corr-0001" })
        #expect(sent.allSatisfy { $0.header("Accept") == "application/json" })
        #expect(
            sent.allSatisfy { $0.header("User-Agent") == "cspctl/\(PartnerCenterClientConfiguration.versionDefault)" }
        )
        #expect(sent.allSatisfy { $0.header("X-Locale") == "en-US" })
    }

    @Test(arguments: [("120", 120.0), ("0.25", 0.25), ("Wed, 15 Nov 2023 22:13:30 GMT", 10.0)])
    func retryAfterFormats(_ value: String, _ seconds: Double) {
        let now = Date(timeIntervalSince1970: 1_700_086_400)  // Wed, 15 Nov 2023 22:13:20 GMT
        #expect(RetryMiddleware.retryAfter(value, now: now) == seconds)
    }
}
