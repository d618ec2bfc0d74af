/// A validation warning about the manifests a plan was made from (format 1.4): what `cspctl validate` prints as
/// `file:line:column: warning: message`, carried in the plan so the JSON plan, the pull-request comment and a saved
/// plan (`cspctl show`) keep it, not only the stderr of the run that made the plan.
///
/// The planner copies them from ``DesiredState/warnings`` (the manifest loader's), and the plan id covers them.
package struct PlanWarning: Sendable, Hashable, Codable {
    /// The diagnostic's stable code, such as `role_not_in_gdap_list`.
    package var code: String
    /// One line for people.
    package var message: String
    /// Where in the manifests; nil for a warning about no one place.
    package var file: String?
    package var line: Int?
    package var column: Int?

    package init(code: String, message: String, file: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    /// The warning `diagnostic` stands for (its detail, such as a "did you mean", is part of the message).
    package init(_ diagnostic: Diagnostic) {
        let message = diagnostic.detail.map { "\(diagnostic.summary) (\($0))" } ?? diagnostic.summary
        self.init(
            code: diagnostic.code,
            message: message,
            file: diagnostic.location?.file,
            line: diagnostic.location?.line,
            column: diagnostic.location?.column
        )
    }

    /// `file:line:column`, `file`, or nil without a place.
    package var place: String? {
        guard let file else { return nil }
        guard let line else { return file }
        return column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
    }

    /// The warnings among `diagnostics`, in their order.
    package static func warnings(in diagnostics: [Diagnostic]) -> [PlanWarning] {
        diagnostics.filter { $0.severity == .warning }.map(PlanWarning.init)
    }
}
