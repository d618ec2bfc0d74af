/// Shared by the reader tests and the end-to-end tests.
/// Legacy Subscription resources copied verbatim from ../shared/reference/partner-center/subscriptions.md.
package enum LegacySubscriptionFixtures {
    /// "Response example for a standard subscription": the legacy Microsoft Azure offer.
    package static let azure = #"""
        {
            "id": "A356AC8C-E310-44F4-BF85-C7F29044AF99",
            "entitlementId": "42226ED6-070A-4E0F-B80C-4CDFB3E97AA7",
            "offerId": "MS-AZR-0145P",
            "offerName": "Microsoft Azure",
            "friendlyName": "Microsoft Azure",
            "quantity": 1,
            "unitType": "Usage-based",
            "creationDate": "2016-05-10T07:30:05.427Z",
            "effectiveStartDate": "2016-05-10T00:00:00Z",
            "commitmentEndDate": "9999-12-10T00:00:00Z",
            "status": "active",
            "autoRenewEnabled": false,
            "billingType": "usage",
            "contractType": "subscription",
            "links": {
                "offer": {
                    "uri": "/offers/MS-AZR-0145P?country=US",
                    "method": "GET",
                    "headers": []
                },
                "self": {
                    "uri": "/customers/4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04/subscriptions/A356AC8C-E310-44F4-BF85-C7F29044AF99",
                    "method": "GET",
                    "headers": []
                }
            },
            "orderId": "B23FDEDD-D6BD-415A-8B71-3624C81C9644",
            "attributes": {
                "etag": "eyJpZCI6ImEzNTZhYzhjLWUzMTAtNDRmNC1iZjg1LWM3ZjI5MDQ0YWY5OSIsInZlcnNpb24iOjJ9",
                "objectType": "Subscription"
            }
        }
        """#

    /// The item of "Get a list of subscriptions by partner": an Office 365-era licence with a GUID offer id.
    package static let intuneDevice = #"""
        {
            "id": "42226ED6-070A-4E0F-B80C-4CDFB3E97AA7",
            "offerId": "DB2E705F-B82A-4024-A3D5-D88E12F2DB35",
            "offerName": "Intune Device",
            "friendlyName": "new offer purchase",
            "quantity": 5,
            "unitType": "Licenses",
            "creationDate": "2017-04-10T23:02:26.02Z",
            "effectiveStartDate": "2017-04-10T00:00:00Z",
            "commitmentEndDate": "2018-05-07T00:00:00Z",
            "status": "active",
            "autoRenewEnabled": true,
            "isTrial": false,
            "billingType": "license",
            "billingCycle": "monthly",
            "partnerId": "4847383",
            "contractType": "subscription",
            "links": {
                "offer": {
                    "uri": "/offers/DB2E705F-B82A-4024-A3D5-D88E12F2DB35?country=US",
                    "method": "GET",
                    "headers": []
                },
                "self": {
                    "uri": "/customers/c501c3c4-d776-40ef-9ecf-9cefb59442c1/subscriptions/42226ED6-070A-4E0F-B80C-4CDFB3E97AA7",
                    "method": "GET",
                    "headers": []
                }
            },
            "orderId": "3EDDCAC6-63B2-4C40-B0B6-F47E18301492",
            "attributes": {
                "etag": "eyJpZCI6IjQyMjI2ZWQ2LTA3MGEtNGUwZi1iODBjLTRjZGZiM2U5N2FhNyIsInZlcnNpb24iOjF9",
                "objectType": "Subscription"
            }
        }
        """#
}
