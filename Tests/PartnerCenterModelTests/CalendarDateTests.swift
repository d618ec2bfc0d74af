import PartnerCenterModel
import PartnerCenterTestSupport
import Testing

@Suite(.tags(.unit)) struct CalendarDateTests {
    @Test(arguments: [
        ("2027-06-30", true), ("2024-02-29", true), ("2023-02-29", false), ("2027-13-01", false),
        ("2027-6-30", false), ("27-06-30", false), ("2100-02-29", false), ("2000-02-29", true),
    ])
    func parses(text: String, valid: Bool) {
        #expect((CalendarDate(text) != nil) == valid)
        if let date = CalendarDate(text) { #expect(date.description == text) }
    }

    @Test func offerIDParses() {
        #expect(OfferID("cfq7ttc0lh18:0001") == OfferID(productId: "CFQ7TTC0LH18", skuId: "0001"))
        #expect(OfferID("CFQ7TTC0LH18") == nil)
        #expect(OfferID(":0001") == nil)
    }
}
