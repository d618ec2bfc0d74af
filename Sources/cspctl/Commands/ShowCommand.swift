import ArgumentParser
import Foundation
import PartnerCenterReconcile
import PartnerCenterRendering

/// `cspctl show PLANFILE`: renders a saved plan.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Render a saved plan (from `cspctl plan --out FILE`) as text, JSON or Markdown."
    )

    @Argument(help: ArgumentHelp("The saved plan.", valueName: "planfile"))
    var planFile: String

    @Option(help: "Output format: text, json or markdown.")
    var format: PlanFormat = .text

    @Option(help: "Colour in text output: auto (only on a terminal, never with NO_COLOR), always or never.")
    var color: ColorMode.Choice = .auto

    func run() async throws {
        let plan = try SavedPlanFile.load(planFile, toolVersion: CSPCtlVersion.current, decode: JSONPlanRenderer.decode)
        PlanOptions.write(PlanOptions.render(plan, format: format, color: color), format: format)
    }
}
