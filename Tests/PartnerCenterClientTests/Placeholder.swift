import Testing

@Suite struct PartnerCenterClientTestsPlaceholder {}
