import Foundation
import PartnerCenterModel
import PartnerCenterTestSupport
import Testing

/// One address type for the desired and the live billing profile (`PostalAddress`): the saved plan's desired state
/// keeps the JSON the two-type version wrote, and reads back the same.
@Suite(.tags(.unit)) struct PostalAddressTests {
    @Test func theDesiredStateKeepsItsJSON() throws {
        let billing = DesiredBilling(
            email: "billing@wingtiptoys.example",
            address: PostalAddress(addressLine1: "One Microsoft Way", city: "Redmond", state: "WA", country: "US")
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(billing), as: UTF8.self)
        #expect(
            json == #"{"address":{"addressLine1":"One Microsoft Way","city":"Redmond","country":"US","state":"WA"},"#
                + #""email":"billing@wingtiptoys.example"}"#
        )
        #expect(try JSONDecoder().decode(DesiredBilling.self, from: Data(json.utf8)) == billing)
    }

    @Test func aLiveAddressWithTheSameFieldsIsTheSameAddress() {
        let desired = PostalAddress(addressLine1: "One Microsoft Way", city: "Redmond", country: "US")
        let live = LiveBillingProfile(
            address: PostalAddress(addressLine1: "One Microsoft Way", city: "Redmond", country: "US")
        )
        #expect(live.address == desired)
        #expect(live.country == "US")
    }
}
