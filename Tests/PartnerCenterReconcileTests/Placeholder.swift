import Testing

@Suite struct PartnerCenterReconcileTestsPlaceholder {}
