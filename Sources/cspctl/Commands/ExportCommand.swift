import ArgumentParser
import Foundation
import PartnerCenterClient
import PartnerCenterReconcile

/// `cspctl export --out DIR (--all | --customer DOMAIN...)`: writes manifests from live state (brownfield onboarding).
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write manifests from live state: adopt existing customers without retyping them.",
        discussion: """
            Reads the customers, their subscriptions, GDAP relationships and access assignments, spending budget \
            and agreement status, and writes DIR/defaults.yaml (what most customers share) and \
            DIR/customers/<domain>.yaml (only what differs). Each file says in a comment what it leaves out and \
            why. Exporting twice gives identical files; `cspctl plan DIR` right after shows no change.
            Billing profiles (addresses, e-mail) are personal data: exported only with --with-billing.
            Exit status: 0 exported, 1 error or some customer not found or not read completely (export again \
            with --resume to read only those).
            """
    )

    @Option(help: ArgumentHelp("The folder to write the manifests to (created when missing).", valueName: "dir"))
    var out: String

    @Option(name: .customLong("customer"), help: "Export this customer domain (repeatable).")
    var customers: [String] = []

    @Flag(help: "Export every customer of the partner.")
    var all = false

    @Flag(help: "Also export company names and billing profiles (personal data).")
    var withBilling = false

    @Flag(help: "Continue an interrupted export into the same --out folder: customers already read are kept.")
    var resume = false

    @Option(help: "Customers read concurrently (1-32).")
    var parallelism: Int = 8

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard all || !customers.isEmpty else {
            throw ValidationError("Name the customers with --customer DOMAIN, or export them all with --all.")
        }
        guard !(all && !customers.isEmpty) else { throw ValidationError("Give --all or --customer, not both.") }
        guard (1...32).contains(parallelism) else { throw ValidationError("--parallelism must be between 1 and 32.") }
    }

    func run() async throws {
        let request = ExportRequest(
            out: URL(fileURLWithPath: out),
            customers: customers,
            all: all,
            withBilling: withBilling,
            resume: resume
        )
        let printer = ReadProgressPrinter.forStandardError(finishing: "writing manifests")
        let outcome: ExportOutcome
        do {
            outcome = try await connection.connect(parallelism: parallelism).using { connection in
                var session = ExportSession(connection: connection, parallelism: parallelism)
                session.progress = { progress in printer.update(progress) }
                return try await session.export(request)
            }
        } catch let error as ExportError {
            printer.finish()
            throw CommandFailure(error.description)
        }
        printer.finish()
        StandardStreams.writeOutLine(Self.summary(outcome, out: out))
        if !outcome.missing.isEmpty || !outcome.incomplete.isEmpty { throw ExitCode.failure }
    }

    /// What was written, and what needs attention.
    static func summary(_ outcome: ExportOutcome, out: String) -> String {
        var lines = ["Exported \(outcome.customers) customer(s) to \(YAMLText.scalar(out))."]
        if outcome.resumed > 0 { lines.append("\(outcome.resumed) customer(s) were kept from the interrupted export.") }
        if !outcome.removed.isEmpty {
            lines.append(
                "Removed \(outcome.removed.count) file(s) of customers no longer there: "
                    + outcome.removed.joined(separator: ", ")
            )
        }
        if !outcome.missing.isEmpty {
            lines.append(
                "Not found in Partner Center: " + outcome.missing.map { YAMLText.scalar($0) }.joined(separator: ", ")
            )
        }
        if !outcome.incomplete.isEmpty {
            lines.append(
                "Not read completely (their files say what is missing; run again with --resume): "
                    + outcome.incomplete.map { YAMLText.scalar($0) }.joined(separator: ", ")
            )
        }
        lines.append("Next: cspctl validate \(YAMLText.scalar(out)) && cspctl plan \(YAMLText.scalar(out))")
        return lines.joined(separator: "\n")
    }
}
