import Foundation

/// Names of the managed relationship's generations.
///
/// `displayName` is unique across all of a partner's relationships (and may stay reserved after a relationship
/// ends), so a replacement can't reuse it: generation 1 is the manifest's name, generation N ≥ 2 is
/// `<name>-v<N>`, with the name shortened to keep the 50-character limit. Every generation belongs to the
/// manifest's relationship; any other name is unmanaged.
enum GDAPNaming {
    static let maxLength = 50

    static func name(base: String, generation: Int) -> String {
        guard generation > 1 else { return base }
        let suffix = "-v\(generation)"
        return String(base.prefix(maxLength - suffix.count)) + suffix
    }

    /// The generation `displayName` is of `base`, or nil when it is not one of its names.
    static func generation(of displayName: String, base: String) -> Int? {
        if displayName == base { return 1 }
        guard let marker = displayName.range(of: "-v", options: .backwards),
            let generation = Int(displayName[marker.upperBound...]), generation > 1,
            name(base: base, generation: generation) == displayName
        else { return nil }
        return generation
    }

    /// `P0D` and `PT0S` both mean "no auto-extend".
    static func normalizedAutoExtend(_ value: String) -> String {
        let upper = value.uppercased()
        return upper == "P0D" ? "PT0S" : upper
    }
}
