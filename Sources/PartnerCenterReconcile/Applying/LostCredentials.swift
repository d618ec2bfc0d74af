package import Foundation
package import PartnerCenterModel

/// New customers whose admin password may be lost. A customer's admin password comes only in the answer to its
/// creation; when that answer is lost (a fault, a kill) the journal shows the creation started but its
/// credentials never recorded. Re-running the same plan sends the creation again under the same request id and
/// Partner Center replays the answer; a fresh plan instead finds the customer and adopts it, and the password is
/// gone. So every apply reads all journals of its state folder, and while any such customer is unresolved it names
/// the customer, says how to recover, and exits non-zero.
package enum LostCredentials {
    package struct Pending: Sendable, Hashable {
        package var domain: String
        package var planID: String
        /// The journal that shows it.
        package var journal: String
        /// The creation was applied (the customer adopted) but no password reached the credentials file; else it
        /// was started or failed with its answer lost.
        package var adopted: Bool
    }

    /// The journal that records `--admin-password-reset` (`<folder>/applies/password-resets.jsonl`).
    package static func resetsJournal(_ folder: URL) -> URL {
        folder.appendingPathComponent("applies").appendingPathComponent("password-resets.jsonl")
    }

    /// Customers whose creation some journal under `folder` started without recording credentials, and that no
    /// later entry resolved (credentials recorded by another run, or a password reset), newest entry decides.
    package static func pending(in folder: URL) -> [Pending] {
        let directory = folder.appendingPathComponent("applies")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var latest: [String: (entry: ApplyJournal.Entry, plan: String, journal: String)] = [:]
        for name in names where name.hasSuffix(".jsonl") {
            let url = directory.appendingPathComponent(name)
            let plan = String(name.dropLast(".jsonl".count))
            for entry in ApplyJournal.read(url) where entry.createsCustomer == true || entry.event == .passwordReset {
                let domain = PlanAddress.customer(of: entry.address).lowercased()
                let at = entry.at ?? .distantPast
                if let known = latest[domain], (known.entry.at ?? .distantPast) > at { continue }
                latest[domain] = (entry, plan, url.path)
            }
        }
        return latest.compactMap { domain, found -> Pending? in
            let entry = found.entry
            switch entry.event {
            case .passwordReset: return nil
            case .applied where entry.credentialsRecorded != false: return nil
            case .failed where entry.createdNothing == true: return nil
            default:
                return Pending(
                    domain: domain,
                    planID: found.plan,
                    journal: found.journal,
                    adopted: entry.event == .applied
                )
            }
        }
        .sorted { $0.domain < $1.domain }
    }

    /// The pending customers that exist (the plan read them, or this run's creation of them was attempted): a
    /// creation that never reached Partner Center lost nothing.
    package static func unresolved(in folder: URL, plan: Plan, attempted: Set<String>) -> [Pending] {
        pending(in: folder).filter { pending in
            plan.customerIds[pending.domain] != nil || attempted.contains(pending.domain) || pending.adopted
        }
    }

    /// Records that the partner reset `domain`'s admin password: apply stops reporting it.
    package static func recordReset(domain: String, folder: URL) async throws {
        let journal = try ApplyJournal(url: resetsJournal(folder))
        await journal.record(.init(address: PlanAddress.customer(domain.lowercased()), event: .passwordReset))
        await journal.close()
    }

    /// The report: what happened, which customer, how to recover.
    package static func report(_ pending: [Pending], stateDir: String) -> String {
        var lines = [
            "the admin password of \(pending.count) new customer(s) may be lost: apply started creating them, the "
                + "answer (which carries the password) was lost, and no password reached a credentials file:"
        ]
        for item in pending {
            let savedPlan = URL(fileURLWithPath: stateDir).appendingPathComponent("applies")
                .appendingPathComponent("\(item.planID).plan.json").path
            lines.append(
                "  \(item.domain): created by plan \(item.planID) (journal \(item.journal))"
                    + (item.adopted ? "; the customer was adopted without its password" : "")
            )
            lines.append(
                "    recover: re-run that same plan, `cspctl apply \(savedPlan) --credentials-out FILE` (Partner "
                    + "Center replays the creation's answer with the password), or reset the admin password in the "
                    + "Microsoft 365 admin center and run `cspctl apply … --admin-password-reset \(item.domain)`"
            )
        }
        lines.append("apply exits non-zero until each is resolved.")
        return lines.joined(separator: "\n")
    }
}
