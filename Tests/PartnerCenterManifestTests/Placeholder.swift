import Testing

@Suite struct PartnerCenterManifestTestsPlaceholder {}
