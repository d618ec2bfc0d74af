package import PartnerCenterModel

/// Turns a plan into text for a reader. Renderers are pure: the caller decides where the text goes.
package protocol PlanRenderer: Sendable {
    func render(_ plan: Plan) -> String
}

/// What a rendered plan is titled: `cspctl plan …`, or `cspctl drift …` for the scheduled check.
package enum PlanTitle: String, Sendable, Hashable {
    case plan
    case drift
}

/// `--format text|json|markdown`.
package enum OutputFormat: String, Sendable, Hashable, CaseIterable {
    case text
    case json
    case markdown

    /// The renderer for this format; colour only applies to text, the title to text and Markdown.
    package func planRenderer(color: ColorMode = .off, title: PlanTitle = .plan) -> any PlanRenderer {
        switch self {
        case .text: return TextPlanRenderer(color: color, title: title)
        case .json: return JSONPlanRenderer()
        case .markdown: return MarkdownPlanRenderer(title: title)
        }
    }
}
