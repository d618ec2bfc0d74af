import Foundation
import PartnerCenterModel

/// The GDAP relationship an export declares for a customer, as the manifest writes it.
struct ExportedGDAP: Hashable, Sendable {
    /// The live `displayName`.
    var name: String
    /// `name` with the domain prefix written `{customer}` (or the whole domain `{domain}`), for `defaults.gdap`.
    var template: String
    /// Role names (or ids Microsoft's table lacks a name for), sorted.
    var roles: [String]
    var duration: String
    var autoExtend: String
    var assignments: [Assignment]

    struct Assignment: Hashable, Sendable, Comparable {
        var group: String
        var roles: [String]

        static func < (lhs: Assignment, rhs: Assignment) -> Bool { lhs.group < rhs.group }
    }

    /// What `defaults.gdap` shares between customers: everything but the customer's own name.
    struct Shape: Hashable, Sendable, Comparable {
        var template: String
        var roles: [String]
        var duration: String
        var autoExtend: String
        var assignments: [Assignment]

        static func < (lhs: Shape, rhs: Shape) -> Bool { lhs.sortKey < rhs.sortKey }
        private var sortKey: String {
            ([template, duration, autoExtend] + roles + assignments.map { $0.group + $0.roles.joined() })
                .joined(separator: "\u{1}")
        }
    }

    var shape: Shape {
        Shape(template: template, roles: roles, duration: duration, autoExtend: autoExtend, assignments: assignments)
    }
}

/// Chooses the one relationship of a customer the manifest can manage exactly as it is, so that the plan after an
/// export changes nothing, and says why each other relationship is left out.
enum ExportGDAPChoice {
    /// The status a declared relationship must have for the plan after an export to hold notes only: `created`
    /// would be locked for approval, one waiting for the customer (or still activating) would be a waiting change,
    /// `expiring` replaced, ended ones re-created.
    private static let rank: [LiveRelationshipStatus: Int] = [.active: 0]

    static func choose(
        _ relationships: [LiveRelationship],
        domain: String
    ) -> (managed: ExportedGDAP?, leftOut: [String]) {
        let candidates = relationships.filter { rank[$0.status] != nil && !isMicrosoftDefault($0) }
            .sorted {
                (rank[$0.status] ?? 9, $0.displayName.lowercased(), $0.id) < (
                    rank[$1.status] ?? 9, $1.displayName.lowercased(), $1.id
                )
            }
        var managed: ExportedGDAP?
        var managedId: String?
        var reasons: [String: String] = [:]
        for candidate in candidates {
            switch expressible(candidate, among: relationships, domain: domain) {
            case .success(let gdap) where managed == nil:
                managed = gdap
                managedId = candidate.id
            case .success:
                reasons[candidate.id] = "another relationship is the managed one (a manifest manages one per customer)"
            case .failure(let why):
                reasons[candidate.id] = why.reason
            }
        }
        let leftOut = relationships.filter { $0.id != managedId }
            .sorted { ($0.displayName, $0.id) < ($1.displayName, $1.id) }
            .map { relationship in
                "GDAP relationship \(YAMLText.quoted(relationship.displayName)) (\(relationship.status.rawValue), id "
                    + "\(relationship.id)): " + (reasons[relationship.id] ?? whyNotCandidate(relationship))
            }
        return (managed, leftOut)
    }

    private static func isMicrosoftDefault(_ relationship: LiveRelationship) -> Bool {
        relationship.displayName.hasPrefix("Default_")
    }

    private static func whyNotCandidate(_ relationship: LiveRelationship) -> String {
        if isMicrosoftDefault(relationship) { return "Microsoft's default relationship, which cspctl never manages" }
        switch relationship.status {
        case .created: return "not yet sent for approval; declaring it would lock it for approval"
        case .approvalPending, .approved, .activating:
            return "not active yet; declare it to follow it in the plan (as waiting) until it is"
        case .expiring: return "expiring; declaring it would plan its replacement"
        case .unknownFutureValue: return "a status cspctl does not know"
        default: return "ended; it can't be managed any more"
        }
    }

    struct NotExpressible: Error {
        var reason: String
    }

    private static func expressible(
        _ relationship: LiveRelationship,
        among all: [LiveRelationship],
        domain: String
    ) -> Result<ExportedGDAP, NotExpressible> {
        let name = relationship.displayName
        guard !name.isEmpty, name.count <= GDAPNaming.maxLength, !name.contains("{"), !name.contains("}"),
            name.trimmingCharacters(in: .whitespaces) == name
        else {
            return .failure(NotExpressible(reason: "its name can't be written as a manifest `gdap.name`"))
        }
        let rivals = all.filter {
            $0.id != relationship.id && !$0.status.isEnded
                && GDAPNaming.generation(of: $0.displayName, base: name) != nil
        }
        guard rivals.isEmpty else {
            return .failure(
                NotExpressible(reason: "a later generation of it exists, which the plan would take as current")
            )
        }
        guard let roles = roleNames(relationship.roles), !roles.isEmpty else {
            return .failure(
                NotExpressible(reason: "it has a role a manifest can't name (not a general-use built-in role)")
            )
        }
        let autoExtend = GDAPNaming.normalizedAutoExtend(relationship.autoExtendDuration)
        guard autoExtend == "PT0S" || autoExtend == "P180D" else {
            return .failure(
                NotExpressible(reason: "auto-extend \(relationship.autoExtendDuration) is neither P180D nor PT0S")
            )
        }
        if autoExtend != "PT0S", relationship.roles.contains(EntraBuiltInRoles.globalAdministratorID) {
            return .failure(NotExpressible(reason: "Global Administrator with auto-extend, which a manifest forbids"))
        }
        guard let days = days(relationship.duration), (1...730).contains(days) else {
            return .failure(NotExpressible(reason: "duration \(relationship.duration) is not P1D to P730D in days"))
        }
        let assignments: [ExportedGDAP.Assignment]
        switch self.assignments(relationship) {
        case .success(let value): assignments = value
        case .failure(let why): return .failure(why)
        }
        return .success(
            ExportedGDAP(
                name: name,
                template: template(name, domain: domain),
                roles: roles,
                duration: "P\(days)D",
                autoExtend: autoExtend,
                assignments: assignments
            )
        )
    }

    private static func assignments(
        _ relationship: LiveRelationship
    ) -> Result<[ExportedGDAP.Assignment], NotExpressible> {
        guard relationship.status == .active else { return .success([]) }
        guard case .known(let live) = relationship.accessAssignments else {
            return .failure(NotExpressible(reason: "its access assignments could not be read"))
        }
        let current = live.filter { $0.status != .deleted && $0.status != .deleting }
        guard Set(current.map(\.group)).count == current.count else {
            return .failure(NotExpressible(reason: "two access assignments name one group"))
        }
        var result: [ExportedGDAP.Assignment] = []
        for assignment in current {
            guard YAMLText.isGUID(assignment.group), !assignment.roles.isEmpty,
                Set(assignment.roles).isSubset(of: relationship.roles), let names = roleNames(assignment.roles)
            else {
                return .failure(NotExpressible(reason: "an access assignment a manifest can't express"))
            }
            result.append(ExportedGDAP.Assignment(group: assignment.group, roles: names))
        }
        return .success(result.sorted())
    }

    /// Role names as a manifest writes them; nil when one is unknown or not for general use.
    private static func roleNames(_ ids: [String]) -> [String]? {
        var names: [String] = []
        for id in ids {
            guard let role = EntraBuiltInRoles.role(id: id), !role.notForGeneralUse else { return nil }
            names.append(role.name)
        }
        return Array(Set(names)).sorted()
    }

    /// `P<n>D`, the only form whose comparison with the manifest's normalized duration is exact.
    private static func days(_ duration: String) -> Int? {
        let upper = duration.uppercased()
        guard upper.hasPrefix("P"), upper.hasSuffix("D"), upper.count > 2 else { return nil }
        return Int(upper.dropFirst().dropLast())
    }

    /// `name` with the domain (`{domain}`) or its prefix (`{customer}`) as a template, when expanding it gives the
    /// name back; the name itself otherwise.
    static func template(_ name: String, domain: String) -> String {
        let lower = domain.lowercased()
        let prefix = lower.hasSuffix(".onmicrosoft.com") ? String(lower.dropLast(16)) : lower
        for (text, placeholder) in [(lower, "{domain}"), (prefix, "{customer}")] where name.contains(text) {
            let candidate = name.replacingOccurrences(of: text, with: placeholder)
            let expanded = candidate.replacingOccurrences(of: "{customer}", with: prefix)
                .replacingOccurrences(of: "{domain}", with: lower)
            if expanded == name { return candidate }
        }
        return name
    }
}
