import Foundation
import PartnerCenterTestSupport
import PartnerCenterWire
import Testing

/// `commitmentEndDateTime`, `billingCycleEndDateTime`, `attentionNeeded`, `actionTaken` (issue 11, client item 9).
@Suite(.tags(.unit)) struct SubscriptionFieldsTests {
    static func utc(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return try #require(formatter.date(from: text))
    }

    /// The documented example (subscriptions.md, the new-commerce subscription at line 2252) sends both flags.
    @Test func documentedExampleCarriesTheAttentionFlags() throws {
        let data = try Fixtures.response("subscription--partner-center-subscriptions-L2252.json")
        let subscription = try WireJSON.decode(Subscription.self, from: data)
        #expect(subscription.attentionNeeded == false)
        #expect(subscription.actionTaken == false)
        #expect(subscription.commitmentEndDateTime == nil)
    }

    /// The exact term and billing-cycle ends are read from the `…DateTime` fields, to the fraction of a second.
    @Test func termEndTimesAreReadExactly() throws {
        let data = try Data(
            contentsOf: try Fixtures.root.appendingPathComponent("Constructed/subscription-term-end-times.json")
        )
        let subscription = try WireJSON.decode(Subscription.self, from: data)
        let end = try #require(subscription.commitmentEndDateTime)
        #expect(abs(end.timeIntervalSince(try Self.utc("2022-01-13T16:57:14.498Z"))) < 0.001)
        let cycle = try #require(subscription.billingCycleEndDateTime)
        #expect(abs(cycle.timeIntervalSince(try Self.utc("2021-02-13T16:57:14.498Z"))) < 0.001)
        #expect(subscription.billingCycleEndDate == (try Self.utc("2021-02-13T00:00:00.000Z")))
        #expect(subscription.attentionNeeded == true)
        #expect(subscription.actionTaken == true)
    }
}
