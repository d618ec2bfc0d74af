import Testing

@Suite struct PartnerCenterRenderingTestsPlaceholder {}
