/// Why a plan or apply session stopped. Nothing was sent unless the case says otherwise. `message` is one line,
/// `detail` what to do about it.
package enum SessionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `--customer` names customers the manifests do not: the domains the manifests name closest to the first
    /// one (by edit distance, at most ``PlanSession/suggestedDomains``), of `named` in all.
    case unknownCustomers(missing: [String], closest: [String], named: Int)
    /// `--customer` with a saved plan (which is applied whole).
    case customersWithSavedPlan
    /// The saved plan carries no manifests to plan again from (older cspctl, or not written by `plan --out`).
    case noManifests(path: String)
    /// Another apply holds the state folder (the lock's own words).
    case stateFolderLocked(String)
    /// The state folder's lock cannot be taken.
    case stateFolderUnusable(folder: String, reason: String)
    /// The saved plan was made against another endpoint.
    case otherEndpoint(String)
    /// The saved plan is older than the maximum age.
    case tooOld(String)
    /// Live state the saved plan depends on moved since it was made: each line names what moved.
    case stale(moved: [String], path: String)
    /// The saved plan's id is not the digest of its content: it was edited after it was made.
    case contentDoesNotMatchID(path: String)
    /// A change of the saved plan differs from what its own manifests plan now (the first difference).
    case differsFromPlanAgain(String, path: String)
    /// The plan cannot be applied as given (a plan that creates customers and no credentials file, …).
    case preflight([String])
    /// The apply journal cannot be opened.
    case journalUnusable(path: String, reason: String)
    /// The credentials file is refused or cannot be opened.
    case credentialsFile(String)
    /// New customers whose admin password may be lost (the report says which and how to recover). The apply
    /// itself ran (its result was reported); the run fails until each is resolved.
    case lostCredentials(String)

    package var message: String {
        switch self {
        case .unknownCustomers(let missing, _, _):
            return "--customer \(missing.joined(separator: ", ")): not named by the manifests"
        case .customersWithSavedPlan:
            return "--customer narrows manifests; a saved plan is applied whole"
        case .noManifests(let path):
            return "\(path) holds no manifests to check it against (saved by an older cspctl, or not by `plan --out`)"
        case .stateFolderLocked(let text): return text
        case .stateFolderUnusable(let folder, let reason): return "cannot lock the state folder \(folder): \(reason)"
        case .otherEndpoint(let text), .tooOld(let text): return text
        case .stale: return "the plan is stale: live state moved since it was made; nothing was sent"
        case .contentDoesNotMatchID:
            return "the plan's content does not match its id: it was edited after it was made; nothing was sent"
        case .differsFromPlanAgain(let difference, _):
            return "the saved plan differs from what its manifests plan now: \(difference); plan again"
        case .preflight(let problems): return problems.joined(separator: "; ") + "; nothing was sent"
        case .journalUnusable(let path, let reason): return "cannot open the apply journal \(path): \(reason)"
        case .credentialsFile(let text): return "\(text): nothing was sent"
        case .lostCredentials(let report): return report
        }
    }

    package var detail: String? {
        switch self {
        case .unknownCustomers(let missing, let closest, let named):
            guard !closest.isEmpty else { return "The manifests name no customer." }
            return "The manifests name \(named) customer(s); the closest to \(missing[0]): "
                + closest.joined(separator: ", ")
        case .customersWithSavedPlan:
            return "Make a plan of just those customers with `cspctl plan PATH... --customer DOMAIN --out FILE`."
        case .noManifests(let path):
            return "Make the plan again with `cspctl plan PATH... --out \(path)`."
        case .stale(let moved, let path):
            let listed = moved.prefix(50).map { "  " + $0 } + (moved.count > 50 ? ["  …"] : [])
            return (listed + ["Plan again (`cspctl plan … --out \(path)`), review, and apply the new plan."])
                .joined(separator: "\n")
        case .contentDoesNotMatchID(let path), .differsFromPlanAgain(_, let path):
            return "Nothing was sent. Plan again (`cspctl plan … --out \(path)`), review, and apply the new plan."
        default:
            return nil
        }
    }

    package var description: String { message }
}
