import Testing

@Suite struct PartnerCenterEmulatorTestsPlaceholder {}
