/// Why a change has its action. Raw values are stable snake_case strings (JSON plans, docs/plan.md); add new
/// ones freely, never rename one.
package enum ActionReason: String, Sendable, Hashable, Codable, CaseIterable {
    case absentLive = "absent_live"
    case attributeDiffers = "attribute_differs"
    case absentInManifest = "absent_in_manifest"
    case notInManifest = "not_in_manifest"
    case createFieldsMissing = "create_fields_missing"
    case customerDeleteOnlyInSandbox = "customer_delete_only_in_sandbox"
    case integrationSandboxDelete = "integration_sandbox_delete"
    case subscriptionsMustBeSuspended = "subscriptions_must_be_suspended"
    case suspendBeforeRelationshipRemoval = "suspend_before_relationship_removal"
    case requiresAppUser = "requires_app_user"
    case mcaAcceptanceRequired = "mca_acceptance_required"
    case dependsOnBlocked = "depends_on_blocked"
    case unknownOffer = "unknown_offer"
    case termNotOffered = "term_not_offered"
    case ambiguousLiveMatch = "ambiguous_live_match"
    case renamed = "renamed"
    case ncePurchaseIrreversible = "nce_purchase_irreversible"
    case nceCancellationWindowClosed = "nce_cancellation_window_closed"
    case nceQuantityDecreaseWindowClosed = "nce_quantity_decrease_window_closed"
    case nceIncreaseOutsideCancellationWindow = "nce_increase_outside_cancellation_window"
    case termChangeNotAllowedInPlace = "term_change_not_allowed_in_place"
    case billingCycleChangeNotAllowedInPlace = "billing_cycle_change_not_allowed_in_place"
    case offerChangeNotAllowedInPlace = "offer_change_not_allowed_in_place"
    case trialSubscriptionLocked = "trial_subscription_locked"
    case subscriptionSuspended = "subscription_suspended"
    case subscriptionNotManageable = "subscription_not_manageable"
    case notLockedForApproval = "not_locked_for_approval"
    case awaitingCustomerApproval = "awaiting_customer_approval"
    case relationshipActivating = "relationship_activating"
    case relationshipEnded = "relationship_ended"
    case relationshipExpiring = "relationship_expiring"
    case rolesImmutableAfterApproval = "roles_immutable_after_approval"
    case durationImmutableAfterApproval = "duration_immutable_after_approval"
    case supersededByReplacement = "superseded_by_replacement"
    case awaitingReplacementActive = "awaiting_replacement_active"
    case relationshipNotActive = "relationship_not_active"
    case driftIgnored = "drift_ignored"
    // formatVersion 1.2
    case dependsOnUnknown = "depends_on_unknown"
    case legacySubscription = "legacy_subscription"
    case quantityOutOfRange = "quantity_out_of_range"
    case seatLimitExceeded = "seat_limit_exceeded"
    case billingCycleNotOffered = "billing_cycle_not_offered"
    case addonBaseMissing = "addon_base_missing"
    // Indirect providers (issue 17)
    case resellerNotRelated = "reseller_not_related"
    case resellerNotActive = "reseller_not_active"
    case resellerRelationshipMissing = "reseller_relationship_missing"
    case partnerOfRecordChangeNotAllowed = "partner_of_record_change_not_allowed"

    /// One line a reviewer reads next to the action.
    package var summary: String {
        switch self {
        case .absentLive: return "it does not exist in Partner Center"
        case .attributeDiffers: return "live attributes differ from the manifest"
        case .absentInManifest: return "the manifest marks it `state: absent`"
        case .notInManifest: return "the managed relationship has it, the manifest does not list it"
        case .createFieldsMissing: return "creating it needs fields the manifest does not give"
        case .customerDeleteOnlyInSandbox:
            return "customers can only be deleted in an integration sandbox: the reseller relationship is removed"
        case .integrationSandboxDelete: return "integration sandbox: the customer account is deleted"
        case .subscriptionsMustBeSuspended:
            return "removing the reseller relationship needs every subscription suspended first"
        case .suspendBeforeRelationshipRemoval: return "suspended first, so the reseller relationship can be removed"
        case .requiresAppUser: return "Partner Center accepts this only with App+User credentials, none configured"
        case .mcaAcceptanceRequired:
            return "a new-commerce purchase needs the customer's Microsoft Customer Agreement acceptance"
        case .dependsOnBlocked: return "a change it depends on is blocked or unknown"
        case .unknownOffer: return "the catalog has no purchasable availability of this offer in the customer's country"
        case .termNotOffered: return "the offer's availability does not sell this term"
        case .ambiguousLiveMatch: return "several live objects have this name; cspctl will not pick one"
        case .renamed: return "renamed in the manifest (`renamedFrom`): updated in place"
        case .ncePurchaseIrreversible:
            return "a new-commerce purchase is billed for its term once its 7-day window closes"
        case .nceCancellationWindowClosed:
            return "the new-commerce cancellation window (7 days after purchase or renewal) has closed"
        case .nceQuantityDecreaseWindowClosed:
            return "new-commerce seats can only be removed within 7 days of being added"
        case .nceIncreaseOutsideCancellationWindow:
            return "the cancellation window has closed: the added seats are billed to the end of the term"
        case .termChangeNotAllowedInPlace: return "a term can't be changed on an existing subscription"
        case .billingCycleChangeNotAllowedInPlace: return "the billing cycle can't be changed in place"
        case .offerChangeNotAllowedInPlace: return "the offer (product:sku) of a subscription can't be changed in place"
        case .trialSubscriptionLocked: return "a trial subscription's quantity and status can't be changed"
        case .subscriptionSuspended: return "a suspended subscription's quantity can't be changed"
        case .subscriptionNotManageable: return "the subscription's status does not allow changes"
        case .notLockedForApproval: return "the relationship was created but not yet sent for the customer's approval"
        case .awaitingCustomerApproval: return "the customer's Global Administrator has not approved the relationship"
        case .relationshipActivating: return "the relationship is approved and being activated"
        case .relationshipEnded: return "the previous relationship has expired or been terminated"
        case .relationshipExpiring: return "the relationship is expiring and can't be changed"
        case .rolesImmutableAfterApproval: return "a relationship's roles can't change after approval"
        case .durationImmutableAfterApproval: return "a relationship's duration can't change after approval"
        case .supersededByReplacement: return "its replacement is active"
        case .awaitingReplacementActive: return "terminated once its replacement is active"
        case .relationshipNotActive: return "access assignments need an active relationship"
        case .driftIgnored: return "some drift is accepted by an `ignore` entry"
        case .dependsOnUnknown: return "something it depends on could not be read, so cspctl will not guess"
        case .legacySubscription:
            return "a legacy (not new-commerce) subscription: no cancellation window; migrate it to new commerce"
        case .quantityOutOfRange: return "the quantity is outside the SKU's minimum and maximum quantity"
        case .seatLimitExceeded:
            return "the customer would hold more seats of this SKU than its maximum (pooled across subscriptions)"
        case .billingCycleNotOffered: return "the SKU does not support this billing cycle"
        case .addonBaseMissing: return "an add-on needs one of its prerequisite SKUs on the customer first"
        case .resellerNotRelated:
            return "the indirect reseller has no relationship with the partner (indirect provider)"
        case .resellerNotActive: return "the indirect reseller's relationship with the partner is not active"
        case .resellerRelationshipMissing:
            return "the customer is not associated with this indirect reseller; only the customer can accept it"
        case .partnerOfRecordChangeNotAllowed:
            return "the partner of record of an existing subscription can't be changed"
        }
    }
}
