/// A string enumeration on the wire that keeps values it does not know.
///
/// Partner Center writes lower snake_case (`one_time`), accepts PascalCase (`OneTime`), and Graph writes
/// camelCase (`approvalPending`); all of them match a known case. A value that matches none becomes
/// `unknown(raw)` instead of being mapped to a default (the .NET SDK maps it to member 0, which would make a
/// planner believe, say, that a subscription has no status). Encoding writes the documented spelling.
package protocol WireEnum: Codable, Hashable, Sendable, CustomStringConvertible {
    /// Every known case, in documentation order.
    static var knownCases: [Self] { get }
    /// The documented spelling of a known case, or the raw text of an unknown one.
    var wireValue: String { get }
    static func unknown(_ raw: String) -> Self
}

extension WireEnum {
    package init(wireValue raw: String) {
        let folded = Self.fold(raw)
        self = Self.knownCases.first { Self.fold($0.wireValue) == folded } ?? .unknown(raw)
    }

    package init(from decoder: any Decoder) throws {
        self.init(wireValue: try decoder.singleValueContainer().decode(String.self))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wireValue)
    }

    package var description: String { wireValue }

    /// Whether this is one of the documented values.
    package var isKnown: Bool { Self.knownCases.contains(self) }

    private static func fold(_ text: String) -> String {
        String(text.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
    }
}
