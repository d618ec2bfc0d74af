import Foundation
import PartnerCenterModel
import PartnerCenterReconcile

/// What apply asks and shows on a terminal.
enum Terminal {
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
