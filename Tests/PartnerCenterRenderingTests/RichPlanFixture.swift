import Foundation
import PartnerCenterModel

/// A plan with every action, reason shape, note severity and an unknown: what the renderer snapshots show.
enum RichPlanFixture {
    static let created = Date(timeIntervalSince1970: 1_795_262_400)  // 2026-11-21T12:00:00Z
    static let contoso = "contoso.onmicrosoft.com"
    static let wingtip = "wingtiptoys.onmicrosoft.com"
    static let fabrikam = "fabrikam.onmicrosoft.com"
    static let relationshipId = "4b827261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836"

    static func plan() -> Plan {
        Plan(
            id: "0123456789abcdef0123456789abcdef",
            createdAt: created,
            observedAt: created.addingTimeInterval(-5),
            toolVersion: "0.1.0",
            endpoint: "https://api.partnercenter.microsoft.com",
            sandbox: false,
            manifestDigest: "5f2c0d8e",
            changes: changes(),
            notes: [
                PlanNote(
                    kind: .unmanagedSubscription,
                    severity: .info,
                    address: PlanAddress.subscription(wingtip, "visio"),
                    message: "unmanaged: CFQ7TTC0HD33:0001:CFQ7TTC0K5BF × 3 (active); cspctl leaves it alone"
                ),
                PlanNote(
                    kind: .gdapExpiring,
                    severity: .warning,
                    address: PlanAddress.gdap(fabrikam, "fabrikam-msp"),
                    message: "the relationship ends on 2026-12-01T00:00:00Z and does not auto-extend"
                ),
                PlanNote(
                    kind: .driftIgnored,
                    severity: .info,
                    address: PlanAddress.subscription(wingtip, "m365-basic-hq"),
                    message: "subscriptions[m365-basic-hq].autoRenew: drift accepted until 2027-06-30 (<policy>)"
                ),
            ],
            unknowns: [
                PlanUnknown(
                    address: PlanAddress.subscriptions(fabrikam),
                    reason: "GET /v1/customers/{id}/subscriptions: HTTP 503 after 4 attempts"
                )
            ],
            fingerprints: [
                PlanAddress.customer(contoso): "absent",
                PlanAddress.billing(wingtip): "etag:billing-1",
                PlanAddress.subscription(wingtip, "m365-basic-hq"): "sha256:00112233445566778899aabbccddeeff",
            ]
        )
        .sorted()
    }

    /// A purchase as the planner writes one (Microsoft 365 Business Basic, 10 seats).
    static let purchase = SubscriptionPurchase(
        catalogItemId: "CFQ7TTC0LH18:0001:CFQ7TTC0K971",
        productId: "CFQ7TTC0LH18",
        skuId: "0001",
        availabilityId: "CFQ7TTC0K971",
        quantity: 10,
        termDuration: "P1Y",
        billingCycle: "monthly",
        friendlyName: "m365"
    )

    private static func changes() -> [Change] {
        [
            Change(
                address: PlanAddress.customer(contoso),
                action: .create,
                reasons: [.absentLive],
                diffs: [
                    AttributeDiff(path: "companyName", name: "companyName", before: nil, after: .string("Contoso")),
                    AttributeDiff(
                        path: "billing.email",
                        name: "billing.email",
                        before: nil,
                        after: .string("it@contoso.com")
                    ),
                ],
                requests: [
                    PlannedRequest(.createCustomer(NewCustomer(domainPrefix: "contoso")))
                ],
                messages: ["The new customer's admin credentials are written to --credentials-out, never printed."]
            ),
            Change(
                address: PlanAddress.subscription(contoso, "m365"),
                action: .create,
                reasons: [.absentLive],
                diffs: [
                    AttributeDiff(path: "subscriptions[m365].quantity", name: "quantity", before: nil, after: .int(10)),
                    AttributeDiff(
                        path: "subscriptions[m365].offer",
                        name: "offer",
                        before: nil,
                        after: .string("CFQ7TTC0LH18:0001")
                    ),
                ],
                irreversible: true,
                dependsOn: [PlanAddress.customer(contoso), PlanAddress.agreement(contoso)],
                requests: [
                    PlannedRequest(.purchaseSubscription(purchase))
                ]
            ),
            Change(
                address: PlanAddress.agreement(contoso),
                action: .create,
                reasons: [.absentLive],
                diffs: [
                    AttributeDiff(
                        path: "agreement.email",
                        name: "primaryContact.email",
                        before: nil,
                        after: .string("it@contoso.com")
                    )
                ],
                requiresAppUser: true,
                dependsOn: [PlanAddress.customer(contoso)],
                requests: [
                    PlannedRequest(
                        .acceptCustomerAgreement(
                            AgreementAcceptance(firstName: "Ada", lastName: "Lovelace", email: "it@contoso.com")
                        )
                    )
                ]
            ),
            Change(
                address: PlanAddress.billing(wingtip),
                action: .update,
                reasons: [.attributeDiffers],
                diffs: [
                    AttributeDiff(
                        path: "billing.email",
                        name: "email",
                        before: .string("old@wingtiptoys.com"),
                        after: .string("gena@wingtiptoys.com")
                    )
                ],
                unchangedAttributes: 3,
                requests: [PlannedRequest(.updateBillingProfile([:]), target: "t-1", etag: "billing-1")]
            ),
            Change(
                address: PlanAddress.budget(wingtip),
                action: .update,
                reasons: [.attributeDiffers],
                diffs: [
                    AttributeDiff(
                        path: "spendingBudget",
                        name: "amount",
                        before: .null,
                        after: .number(Decimal(string: "500.5") ?? 0)
                    )
                ],
                requests: [PlannedRequest(.updateSpendingBudget(amount: 500))]
            ),
            Change(
                address: PlanAddress.subscription(wingtip, "m365-basic-hq"),
                action: .blocked,
                reasons: [.attributeDiffers, .driftIgnored, .nceQuantityDecreaseWindowClosed],
                diffs: [
                    AttributeDiff(
                        path: "subscriptions[m365-basic-hq].quantity",
                        name: "quantity",
                        before: .int(25),
                        after: .int(20)
                    )
                ],
                unchangedAttributes: 1,
                messages: [
                    "Instead: reduce the quantity at renewal on 2027-03-01 (a scheduled change in Partner Center), or turn off auto-renew so it ends on 2027-02-28."
                ]
            ),
            Change(
                address: PlanAddress.subscription(wingtip, "e5-pilot"),
                action: .update,
                reasons: [.attributeDiffers, .nceIncreaseOutsideCancellationWindow],
                diffs: [
                    AttributeDiff(
                        path: "subscriptions[e5-pilot].quantity",
                        name: "quantity",
                        before: .int(5),
                        after: .int(8)
                    )
                ],
                unchangedAttributes: 5,
                irreversible: true,
                requests: [
                    PlannedRequest(.updateSubscription(SubscriptionUpdate(quantity: 8)), target: "sub-2", etag: "e")
                ]
            ),
            Change(
                address: PlanAddress.gdap(wingtip, "wingtiptoys-msp"),
                action: .replace,
                reasons: [.rolesImmutableAfterApproval],
                diffs: [
                    AttributeDiff(
                        path: "gdap.roles",
                        name: "roles",
                        before: .strings(["f2ef992c-3afb-46b9-b7cf-a126ee74c451"]),
                        after: .strings([
                            "729827e3-9c14-49f7-bb1b-9608f156bbb8", "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
                        ])
                    ),
                    AttributeDiff(
                        path: "gdap.name",
                        name: "displayName",
                        before: .string("wingtiptoys-msp"),
                        after: .string("wingtiptoys-msp-v2")
                    ),
                ],
                unchangedAttributes: 2,
                requests: [
                    PlannedRequest(
                        .createRelationship(
                            NewRelationship(
                                displayName: "wingtiptoys-msp-v2",
                                duration: "P730D",
                                autoExtendDuration: "P180D",
                                roles: [
                                    "729827e3-9c14-49f7-bb1b-9608f156bbb8", "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
                                ],
                                customerTenantId: "t-1"
                            )
                        )
                    ),
                    PlannedRequest(.lockRelationshipForApproval),
                ]
            ),
            Change(
                address: PlanAddress.superseded(wingtip, "wingtiptoys-msp", relationshipId),
                action: .waiting,
                reasons: [.awaitingReplacementActive],
                diffs: [
                    AttributeDiff(path: "gdap", name: "displayName", before: .string("wingtiptoys-msp"), after: nil)
                ],
                dependsOn: [PlanAddress.gdap(wingtip, "wingtiptoys-msp")],
                requests: [PlannedRequest(.terminateRelationship, target: relationshipId)]
            ),
            Change(
                address: PlanAddress.assignment(wingtip, "wingtiptoys-msp", "99999999-0000-0000-0000-000000000000"),
                action: .remove,
                reasons: [.notInManifest],
                diffs: [
                    AttributeDiff(
                        path: "gdap.assignments[99999999-0000-0000-0000-000000000000].roles",
                        name: "roles",
                        before: .strings(["729827e3-9c14-49f7-bb1b-9608f156bbb8"]),
                        after: nil
                    )
                ],
                requests: [
                    PlannedRequest(.deleteAccessAssignment(relationshipId: relationshipId), target: "as-9", etag: "e9")
                ]
            ),
            Change(
                address: PlanAddress.gdap(fabrikam, "fabrikam-msp"),
                action: .waiting,
                reasons: [.awaitingCustomerApproval],
                messages: ["The customer's Global Administrator approves it at the link."],
                approvalLink:
                    "https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/\(relationshipId)",
                // Locked for approval three days and two hours before the live state was read.
                waitingSince: created.addingTimeInterval(-5 - 3 * 86_400 - 7_200)
            ),
            Change(
                address: PlanAddress.customer("oldcustomer.onmicrosoft.com"),
                action: .blocked,
                reasons: [.absentInManifest, .customerDeleteOnlyInSandbox, .requiresAppUser],
                irreversible: true,
                requiresAppUser: true,
                requests: [PlannedRequest(.removeResellerRelationship, target: "t-9")]
            ),
        ]
    }

    /// `count` customers with one purchase each: for size limits.
    static func large(customers count: Int) -> Plan {
        var changes: [Change] = []
        for index in 0..<count {
            let domain = "customer\(index).onmicrosoft.com"
            changes.append(
                Change(
                    address: PlanAddress.subscription(domain, "m365"),
                    action: .create,
                    reasons: [.absentLive],
                    diffs: [
                        AttributeDiff(
                            path: "subscriptions[m365].quantity",
                            name: "quantity",
                            before: nil,
                            after: .int(index)
                        )
                    ],
                    irreversible: true
                )
            )
        }
        return Plan(
            id: "0123456789abcdef0123456789abcdef",
            createdAt: created,
            observedAt: created,
            toolVersion: "0.1.0",
            endpoint: "https://api.partnercenter.microsoft.com",
            sandbox: false,
            manifestDigest: "d",
            changes: changes
        )
        .sorted()
    }
}
