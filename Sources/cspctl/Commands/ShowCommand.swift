import ArgumentParser
import Foundation
import PartnerCenterModel
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
        try await PlanRun.reportingFailures {
            let plan = try Self.load(planFile)
            StandardStreams.writeOutLine(PlanRun.render(plan, format: format, color: color))
        }
    }

    struct Header: Decodable {
        var formatVersion: String?
    }

    static func load(_ path: String) throws -> Plan {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure("cannot read \(path): \(error.localizedDescription)")
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw CommandFailure("\(path) is not a saved plan: it is not a JSON object")
        }
        guard let version = header.formatVersion else {
            throw CommandFailure("\(path) is not a saved plan: it has no formatVersion")
        }
        let supported = Plan.currentFormatVersion.split(separator: ".").first.map(String.init) ?? "1"
        let major = version.split(separator: ".").first.map(String.init) ?? version
        guard major == supported else {
            throw CommandFailure(
                "\(path) is a plan of format \(version); this cspctl (\(CSPCtlVersion.current)) reads format "
                    + "\(supported).x only",
                detail: "Make the plan again with this version of cspctl, or show it with the version that made it."
            )
        }
        do {
            return try JSONPlanRenderer.decode(data)
        } catch {
            throw CommandFailure("\(path) is not a valid saved plan: \(error)")
        }
    }
}
