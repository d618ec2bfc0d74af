import Foundation
import PartnerCenterModel
import PartnerCenterReconcile

/// What apply asks and shows on a terminal.
enum Terminal {
    /// Where apply PATH... shows the plan it made.
    enum Review {
        case standardOutput
        case standardError
    }

    /// Where the plan goes before apply asks for `yes` (issue 14 item 9): stdout with `--format text`; with
    /// `--format json` (stdout keeps the JSON result) stderr, when the question will be asked (standard input is a
    /// terminal, no `--auto-approve`, no `--dry-run`), so the person knows what they approve; else nowhere.
    static func review(json: Bool, autoApprove: Bool, dryRun: Bool, inputIsTerminal: Bool) -> Review? {
        guard json else { return .standardOutput }
        return !autoApprove && !dryRun && inputIsTerminal ? .standardError : nil
    }

    /// `yes` on a terminal, `--auto-approve`, or refuse before sending anything.
    static func confirmApply(autoApprove: Bool) throws {
        guard !autoApprove else { return }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CommandFailure(
                "no terminal to confirm on, and no --auto-approve: nothing was sent",
                detail:
                    "Review the plan, then run again with --auto-approve, or save it with `plan --out` and apply that."
            )
        }
        StandardStreams.writeError("\nDo you want to perform these actions? Only 'yes' will be accepted: ")
        guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
            throw CommandFailure("apply cancelled: nothing was sent")
        }
    }
}
