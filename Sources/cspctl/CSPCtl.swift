import ArgumentParser

/// The root command: subcommands only.
struct CSPCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cspctl",
        abstract: "Manage Microsoft Partner Center customers, subscriptions and GDAP as code.",
        version: CSPCtlVersion.current,
        subcommands: [
            ValidateCommand.self, PlanCommand.self, ApplyCommand.self, ShowCommand.self, DriftCommand.self,
            EmulatorCommand.self, CredentialsCommand.self, ExportCommand.self, LoginCommand.self, LogoutCommand.self,
        ]
    )
}

enum CSPCtlVersion {
    static let current = "0.1.0"
}
