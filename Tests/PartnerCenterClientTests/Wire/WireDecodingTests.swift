import Foundation
import PartnerCenterModel
import PartnerCenterTestSupport
import PartnerCenterWire
import Testing

@Suite(.tags(.unit)) struct WireDecodingTests {
    private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try WireJSON.decode(T.self, from: Data(json.utf8))
    }

    @Test func propertyNamesMatchInAnyCasing() throws {
        let profile = try decode(
            CustomerBillingProfile.self,
            #"{"FIRSTNAME":"Ada","lastname":"Lovelace","DefaultAddress":{"COUNTRY":"GB"},"Attributes":{"Etag":"7"}}"#
        )
        #expect(profile.firstName == "Ada")
        #expect(profile.lastName == "Lovelace")
        #expect(profile.defaultAddress?.country == "GB")
        #expect(profile.etag == "7")
    }

    @Test func exactNameWinsOverCaseInsensitiveMatch() throws {
        let profile = try decode(CustomerBillingProfile.self, #"{"FirstName":"wrong","firstName":"right"}"#)
        #expect(profile.firstName == "right")
    }

    @Test func unknownPropertiesAreIgnored() throws {
        let subscription = try decode(Subscription.self, #"{"id":"s1","brandNewField":{"nested":[1,2]},"quantity":3}"#)
        #expect(subscription.id == "s1")
        #expect(subscription.quantity == 3)
    }

    @Test func unknownEnumValuesAreKeptNotMapped() throws {
        let subscription = try decode(Subscription.self, #"{"id":"s1","status":"frozen","billingCycle":"OneTime"}"#)
        #expect(subscription.status == .unknown("frozen"))
        #expect(subscription.status?.isKnown == false)
        #expect(subscription.billingCycle == .oneTime)
        #expect(BillingCycle.oneTime.wireValue == "one_time")
    }

    @Test func enumsAcceptEveryDocumentedSpelling() {
        #expect(BillingCycle(wireValue: "one_time") == .oneTime)
        #expect(BillingCycle(wireValue: "OneTime") == .oneTime)
        #expect(CustomerRelationship(wireValue: "microsoft_support") == .microsoftSupport)
        #expect(DelegatedAdminRelationshipStatus(wireValue: "approvalPending") == .approvalPending)
        #expect(DelegatedAdminRelationshipStatus(wireValue: "ApprovalPending") == .approvalPending)
    }

    @Test func wrongTypesAreRejectedWithThePath() throws {
        #expect(throws: DecodingError.self) { try decode(Subscription.self, #"{"id":"s1","quantity":"three"}"#) }
        do {
            _ = try decode(Subscription.self, #"{"id":"s1","quantity":"three"}"#)
        } catch {
            #expect(WireJSON.describe(error).contains("quantity"))
        }
        #expect(throws: DecodingError.self) { try decode(Subscription.self, #"{"quantity":1}"#) }
    }

    @Test(arguments: [
        ("2021-01-14T16:57:15.0966728Z", 1_610_643_435.0966728),
        ("2018-03-06T17:37:05.253-08:00", 1_520_386_625.253),
        ("2019-08-26T00:00:00", 1_566_777_600.0),
        ("2022-01-13T00:00:00Z", 1_642_032_000.0),
        ("2022-01-13", 1_642_032_000.0),
        ("2019-01-16T00:48:44.76+00:00", 1_547_599_724.76),
    ])
    func documentedDateFormats(_ text: String, _ seconds: Double) throws {
        let date = try #require(WireDate.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_1)
    }

    @Test(arguments: [
        "2015-11-25T06: 41: 12Z", "13/01/2022", "2022-13-01T00:00:00Z", "yesterday", "2022-01-13T00:00:00Q",
    ])
    func malformedDatesAreRejected(_ text: String) throws {
        #expect(WireDate.parse(text) == nil)
        #expect(throws: DecodingError.self) {
            try decode(Subscription.self, #"{"id":"s1","creationDate":"\#(text)"}"#)
        }
    }

    @Test func emptyGraphDateMeansNotSet() throws {
        let relationship = try decode(DelegatedAdminRelationship.self, #"{"id":"r","activatedDateTime":""}"#)
        #expect(relationship.activatedDateTime == nil)
    }

    @Test func datesRoundTrip() throws {
        let date = try #require(WireDate.parse("2024-02-29T23:59:58.5Z"))
        #expect(WireDate.format(date) == "2024-02-29T23:59:58.5000000Z")
        #expect(WireDate.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
    }

    @Test func jsonValueSetReplacesCaseVariant() throws {
        var value = try WireJSON.parse(Data(#"{"FriendlyName":"old","quantity":1}"#.utf8))
        value.set("friendlyName", to: .string("new"))
        #expect(value["friendlyName"] == .string("new"))
        #expect(value["FriendlyName"] == .string("new"))
        guard case .object(let members) = value else { return }
        #expect(members.count == 2)
    }

    @Test func userCredentialsNeverPrintThePassword() throws {
        let customer = try WireJSON.decode(
            Customer.self,
            from: Fixtures.response("customer--partner-center-customers-L222.json")
        )
        let credentials = try #require(customer.userCredentials)
        #expect(credentials.password == "=;;n.=s9Z")
        #expect(!String(describing: credentials).contains("=;;n.=s9Z"))
    }

    @Test func requestBodiesUseDocumentedNames() throws {
        let line = CartLineItem(
            catalogItemId: "CFQ7TTC0LH18:0001:CFQ7TTC0K971",
            quantity: 3,
            billingCycle: .monthly,
            termDuration: "P1Y"
        )
        let text = String(decoding: try WireJSON.encode(Cart(lineItems: [line])), as: UTF8.self)
        #expect(
            text
                == #"{"lineItems":[{"billingCycle":"monthly","catalogItemId":"CFQ7TTC0LH18:0001:CFQ7TTC0K971","quantity":3,"termDuration":"P1Y"}]}"#
        )
        let filter = String(
            decoding: try WireJSON.encode(CustomerFilter(field: .domain, startsWith: "contoso")),
            as: UTF8.self
        )
        #expect(filter == #"{"Field":"Domain","Operator":"starts_with","Value":"contoso"}"#)
    }
}
