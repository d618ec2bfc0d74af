/// The manifest format versions this cspctl reads: `apiVersion: cspctl/v1`.
package enum ManifestVersion {
    package static let prefix = "cspctl/v"
    /// The highest version this build understands.
    package static let highestSupported = 1
    package static let current = "cspctl/v1"

    package enum Check: Equatable {
        case supported
        /// A later format, such as `cspctl/v2`.
        case tooNew(Int)
        case malformed
    }

    package static func check(_ text: String) -> Check {
        guard text.hasPrefix(prefix), let number = Int(text.dropFirst(prefix.count)), number >= 1,
            String(number) == text.dropFirst(prefix.count)
        else { return .malformed }
        return number <= highestSupported ? .supported : .tooNew(number)
    }
}
