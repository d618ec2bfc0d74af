/// One problem found in the manifests (or in a plan's inputs), as a value.
///
/// Diagnostics are collected, never thrown one at a time: a manifest with five mistakes yields five
/// located diagnostics in one run. Create them through the named factories of a message catalogue.
package struct Diagnostic: Sendable, Hashable, Codable {
    package enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case note
        case warning
        case error

        private var rank: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }

        package static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    package var severity: Severity
    /// A stable short code for machines, such as `unknown_key` or `duplicate_customer`.
    package var code: String
    /// One line for people.
    package var summary: String
    /// Optional further explanation, such as a "did you mean" hint.
    package var detail: String?
    package var location: SourceLocation?
    /// Related places, such as the first definition of a duplicate.
    package var notes: [Note]

    package struct Note: Sendable, Hashable, Codable {
        package var message: String
        package var location: SourceLocation?

        package init(message: String, location: SourceLocation?) {
            self.message = message
            self.location = location
        }
    }

    package init(
        severity: Severity,
        code: String,
        summary: String,
        detail: String? = nil,
        location: SourceLocation? = nil,
        notes: [Note] = []
    ) {
        self.severity = severity
        self.code = code
        self.summary = summary
        self.detail = detail
        self.location = location
        self.notes = notes
    }

    package static func error(
        _ code: String,
        _ summary: String,
        detail: String? = nil,
        at location: SourceLocation?,
        notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(severity: .error, code: code, summary: summary, detail: detail, location: location, notes: notes)
    }

    package static func warning(
        _ code: String,
        _ summary: String,
        detail: String? = nil,
        at location: SourceLocation?,
        notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(severity: .warning, code: code, summary: summary, detail: detail, location: location, notes: notes)
    }
}

extension Array where Element == Diagnostic {
    package var hasErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by file, line, column, then code: the order every printer uses.
    package func sortedForOutput() -> [Diagnostic] {
        sorted { lhs, rhs in
            switch (lhs.location, rhs.location) {
            case let (l?, r?) where l != r: return l < r
            case (nil, _?): return true
            case (_?, nil): return false
            default: return (lhs.code, lhs.summary) < (rhs.code, rhs.summary)
            }
        }
    }
}
