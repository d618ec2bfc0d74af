import PartnerCenterClient

/// The client's error, named so in files that also import the emulator (which has its own `PartnerCenterError`).
typealias ClientError = PartnerCenterError
