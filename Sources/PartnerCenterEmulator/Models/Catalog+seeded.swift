/// The seeded catalog: new-commerce products whose ids appear in the references (catalog.md NCE examples,
/// orders-and-carts.md NCE carts and orders, subscriptions.md, new-commerce/rules.md). Titles come from the
/// same documents; quantities from the documented SKU where one is shown (Business Basic and Business Premium:
/// 1...300), otherwise the common NCE bounds (1...10000 is the emulator's choice).
extension Catalog {
    package static let seeded = Catalog(products: [
        nceProduct(
            id: "CFQ7TTC0LH18",
            title: "Microsoft 365 Business Basic",
            description: "Best for businesses that need professional email, cloud file storage, and online meetings & "
                + "chat. Desktop versions of Office apps like Excel, Word, and PowerPoint not included. For businesses "
                + "with up to 300 employees.",
            skuId: "0001",
            maximum: 300,
            upgrades: ["CFQ7TTC0LDPB:0001", "CFQ7TTC0LF8Q:0001"],
            provisioningId: "3b555118-da6a-4418-894f-7df1e2096870",
            availabilities: ["CFQ7TTC0K971", "CFQ7TTC0P0WS"]
        ),
        nceProduct(
            id: "CFQ7TTC0LDPB",
            title: "Microsoft 365 Business Standard",
            description: "Microsoft 365 Business Standard.",
            skuId: "0001",
            maximum: 300,
            upgrades: ["CFQ7TTC0LCHC:0002"],
            provisioningId: "f245ecc8-75af-4f8e-b61f-27d8114de5f3",
            availabilities: ["CFQ7TTC0LDPB"]
        ),
        nceProduct(
            id: "CFQ7TTC0LCHC",
            title: "Microsoft 365 Business Premium",
            description: "Microsoft 365 Business Premium (Max Seat Count 300, new-commerce/rules.md NCE-24).",
            skuId: "0002",
            maximum: 300,
            upgrades: [],
            provisioningId: "cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46",
            availabilities: ["CFQ7TTC0LCHC"]
        ),
        nceProduct(
            id: "CFQ7TTC0LH0Z",
            title: "AI Builder Capacity add-on",
            description: "AI Builder Capacity add-on.",
            skuId: "0001",
            maximum: 10000,
            upgrades: [],
            provisioningId: "a7a4c1e6-1f3e-4f6a-9d33-3b7dd6e1b0a1",
            availabilities: ["CFQ7TTC0K18P"]
        ),
        nceProduct(
            id: "CFQ7TTC0LFLS",
            title: "Azure Active Directory Premium P1",
            description: "Azure Active Directory Premium P1.",
            skuId: "0002",
            maximum: 10000,
            upgrades: [],
            provisioningId: "078d2b04-f1bd-4111-bbd4-b4b1b354cef4",
            availabilities: ["CFQ7TTC0KDLJ"]
        ),
        nceProduct(
            id: "CFQ7TTC0LFLZ",
            // The references show this catalog item only by id (the create-a-cart NCE example).
            title: "CFQ7TTC0LFLZ",
            description: "New-commerce product from the create-a-cart example.",
            skuId: "0002",
            maximum: 10000,
            upgrades: [],
            provisioningId: "00000000-0000-4000-8000-00000000f1f2",
            availabilities: ["CFQ7TTC0K4TS"]
        ),
    ])

    private static func nceProduct(
        id: String,
        title: String,
        description: String,
        skuId: String,
        maximum: Int,
        upgrades: [String],
        provisioningId: String,
        availabilities: [String]
    ) -> CatalogProduct {
        let terms = [
            CatalogTerm(
                id: "5aeco6mffyxo",
                duration: "P1Y",
                description: "One-Year commitment for monthly/yearly billing",
                billingCycle: "Annual"
            ),
            CatalogTerm(
                id: "5aeco6mffyxm",
                duration: "P1Y",
                description: "One-Year commitment for monthly/yearly billing",
                billingCycle: "Monthly"
            ),
            CatalogTerm(
                id: "ejyx4a5grw1f",
                duration: "P1M",
                description: "One-Month commitment for monthly billing",
                billingCycle: "Monthly"
            ),
            CatalogTerm(
                id: "ot9dj0d3mxw8",
                duration: "P3Y",
                description: "Three-Year commitment for monthly/yearly/triennial billing",
                billingCycle: "Triennial"
            ),
        ]
        return CatalogProduct(
            id: id,
            title: title,
            description: description,
            productType: "OnlineServicesNCE",
            isMicrosoftProduct: true,
            publisherName: "Microsoft Corporation",
            skus: [
                CatalogSku(
                    id: skuId,
                    title: title,
                    description: description,
                    minimumQuantity: 1,
                    maximumQuantity: maximum,
                    isTrial: false,
                    supportedBillingCycles: ["annual", "monthly"],
                    isAddon: false,
                    prerequisiteSkus: [],
                    upgradeTargetOffers: upgrades,
                    provisioningId: provisioningId,
                    availabilities: availabilities.map {
                        CatalogAvailability(
                            id: $0,
                            segment: "commercial",
                            isPurchasable: true,
                            isRenewable: true,
                            terms: terms
                        )
                    }
                )
            ]
        )
    }
}
