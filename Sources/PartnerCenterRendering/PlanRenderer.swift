package import PartnerCenterModel

/// Turns a plan into text for a reader. Renderers are pure: the caller decides where the text goes.
package protocol PlanRenderer: Sendable {
    func render(_ plan: Plan) -> String
}

/// `--format text|json|markdown`.
package enum OutputFormat: String, Sendable, Hashable, CaseIterable {
    case text
    case json
    case markdown

    /// The renderer for this format; colour only applies to text.
    package func planRenderer(color: ColorMode = .off) -> any PlanRenderer {
        switch self {
        case .text: return TextPlanRenderer(color: color)
        case .json: return JSONPlanRenderer()
        case .markdown: return MarkdownPlanRenderer()
        }
    }
}
