import Foundation
import HTTPTypes
import PartnerCenterClient
import PartnerCenterEmulator
import PartnerCenterTestSupport
import PartnerCenterWire
import Testing

/// Error codes inside 2xx answers (a checkout's `orderErrors`, a cart line's `error`) read as the number a person
/// quotes, with the method, URL and request id of the request (issue 11, client item 5, the error-code half).
@Suite(.tags(.loopback)) struct ServiceErrorCodeTests {
    /// Numbers and strings are both read as text; never `integer(800088)`.
    @Test func codesAreReadAsText() throws {
        let checkout = try WireJSON.decode(
            PartnerCenterWire.CartCheckoutResult.self,
            from: Data(
                #"{"orders":[],"orderErrors":[{"orderGroupId":"0","code":800088,"description":"Too many."}]}"#.utf8
            )
        )
        #expect(checkout.orderErrors?.first?.code == "800088")
        let cart = try WireJSON.decode(
            PartnerCenterWire.Cart.self,
            from: Data(
                #"{"lineItems":[{"catalogItemId":"A:B:C","quantity":1,"error":{"errorCode":"800002","errorDescription":"No."}}]}"#
                    .utf8
            )
        )
        #expect(cart.lineItems.first?.error?.errorCode == "800002")
        let numeric = try WireJSON.decode(
            PartnerCenterWire.CartLineItemError.self,
            from: Data(#"{"errorCode":800088}"#.utf8)
        )
        #expect(numeric.errorCode == "800088")
    }

    /// Against the emulator: 250 seats held, 100 more ordered, the checkout answers 201 with 800088 (the seat limit
    /// of 300 pooled across the customer's subscriptions). The client's error says `800088`, the method, the URL
    /// of the checkout and its request id.
    @Test func checkoutRefusalNamesCodeMethodURLAndRequestID() async throws {
        try await LoopbackEmulator.with { emulator in
            let client = emulator.client()
            let created = try await client.createCustomer(
                EmulatorLoopbackTests.newCustomer("seat-limit"),
                requestID: PartnerCenterClient.newRequestID()
            )
            let customerID = try #require(created.id)
            _ = try await EmulatorLoopbackTests.buy(client, customerID: customerID, quantity: 250)

            let cartCall = try client.createCartCall(
                customerID,
                cart: PartnerCenterWire.Cart(lineItems: [
                    PartnerCenterWire.CartLineItem(
                        catalogItemId: EmulatorLoopbackTests.basic,
                        quantity: 100,
                        billingCycle: .monthly,
                        termDuration: "P1Y"
                    )
                ]),
                requestID: PartnerCenterClient.newRequestID()
            )
            let cart = try await client.send(cartCall, as: PartnerCenterWire.Cart.self)
            #expect(client.cartLineFailure(cart, call: cartCall) == nil)
            let requestID = PartnerCenterClient.newRequestID()
            let checkout = client.checkoutCartCall(customerID, cartID: try #require(cart.id), requestID: requestID)
            let result = try await client.send(checkout, as: PartnerCenterWire.CartCheckoutResult.self)
            let failure = try #require(client.checkoutFailure(result, call: checkout))

            #expect(failure.serviceCode == "800088")
            #expect(failure.description.contains("error 800088: The requested number of 100 seat/s"), "\(failure)")
            #expect(!"\(failure) \(failure.detailDescription)".contains("integer("))
            #expect(failure.method == .post)
            let url = try #require(failure.url)
            #expect(url.hasSuffix("/v1/customers/\(customerID)/carts/\(try #require(cart.id))/checkout"), "\(url)")
            #expect(failure.requestID == requestID)
            #expect(failure.detailDescription.contains("request: POST \(url)"))
            #expect(failure.detailDescription.contains("MS-RequestId \(requestID)"))
        }
    }
}
