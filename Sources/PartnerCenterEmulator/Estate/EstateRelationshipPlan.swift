import Foundation

/// A GDAP relationship a partner asked a customer for: the role set, duration and auto-extension it was created
/// with, and the access assignments given once it was active.
struct EstateGDAPTemplate {
    /// A few words for the display name ("Helpdesk").
    var purpose: String
    var roles: [String]
    var duration: String
    var autoExtend: String
    /// Security groups (index into ``EstateGroups``) and how many of the roles (from the first) each gets.
    var assignments: [(group: Int, roles: Int)]

    static let all = [
        EstateGDAPTemplate(
            purpose: "Helpdesk",
            roles: [
                "729827e3-9c14-49f7-bb1b-9608f156bbb8", "fe930be7-5e62-47db-91af-98c3a49a38b1",
                "4d6ac14f-3453-41d0-bef9-a3e0c569773a", "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
                "f023fd81-a637-4b56-95fd-791ac0226033",
            ],
            duration: "P730D",
            autoExtend: "P180D",
            assignments: [(0, 5), (1, 2)]
        ),
        EstateGDAPTemplate(
            purpose: "Read only",
            roles: ["f2ef992c-3afb-46b9-b7cf-a126ee74c451", "88d8e3e3-8f55-4a1e-953a-9b9898b8876b"],
            duration: "P365D",
            autoExtend: "P180D",
            assignments: [(4, 2)]
        ),
        EstateGDAPTemplate(
            purpose: "Workloads",
            roles: [
                "29232cdf-9323-42fd-ade2-1d097af3e4de", "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
                "69091246-20e8-4a56-aa4d-066075b2a7a8", "3a2c62db-5318-420d-8d74-23affee5d9d5",
            ],
            duration: "P730D",
            autoExtend: "PT0S",
            assignments: [(1, 4)]
        ),
        EstateGDAPTemplate(
            purpose: "Security",
            roles: ["194ae4cb-b126-40b2-bd5b-6091b380977d", "f2ef992c-3afb-46b9-b7cf-a126ee74c451"],
            duration: "P180D",
            autoExtend: "P180D",
            assignments: [(2, 2)]
        ),
        EstateGDAPTemplate(
            purpose: "Full admin",
            roles: [GDAPBuiltInRoles.globalAdministrator],
            duration: "P90D",
            autoExtend: "PT0S",
            assignments: [(3, 1)]
        ),
        EstateGDAPTemplate(
            purpose: "Billing",
            roles: ["b0f54661-2d74-4c50-afa3-1ec803f12efe", "4d6ac14f-3453-41d0-bef9-a3e0c569773a"],
            duration: "P365D",
            autoExtend: "PT0S",
            assignments: [(0, 2)]
        ),
    ]
    static let weights: [Double] = [40, 15, 15, 10, 8, 12]
}

/// The partner's security groups that access assignments name: fixed GUIDs under the seed.
enum EstateGroups {
    static let names = ["Helpdesk agents", "Tier 2 engineers", "Security operations", "Admin agents", "Auditors"]

    static func id(_ index: Int, seed: UInt64) -> String {
        IdentifierGenerator.guid(seed: seed ^ 0x6A09_E667_F3BC_C908, counter: UInt64(index + 1))
    }
}

/// One partner-created relationship of a customer: the status it ends in on the estate's day, its template, its
/// display-name style and the draws that place its events in time.
struct EstateRelationshipPlan {
    /// The statuses a relationship rests in; the others (approved, activating, expiring, terminationRequested,
    /// terminating) last only as long as the `GDAPBehaviour` delays, which are 0 by default.
    enum Status: CaseIterable { case created, approvalPending, active, expired, terminated }

    var status: Status
    var template: EstateGDAPTemplate
    var nameStyle: Int
    var when: Double
    var partnerTerminates: Bool

    static let statusWeights: [Double] = [5, 10, 55, 18, 12]

    init(random: inout EstateRandom) {
        status = Status.allCases[random.weighted(Self.statusWeights)]
        template = EstateGDAPTemplate.all[random.weighted(EstateGDAPTemplate.weights)]
        nameStyle = random.below(5)
        when = random.unit()
        partnerTerminates = random.chance(70)
    }

    /// A free-form display name as partners write them; at most 50 characters, unique through the customer's
    /// domain label or number.
    func displayName(_ profile: EstateProfile) -> String {
        let purpose = template.purpose
        let short = String(profile.company.prefix(18)).trimmingCharacters(in: .whitespaces)
        let year = SubscriptionLifecycle.utc.component(.year, from: profile.anchor)
        let name =
            switch nameStyle {
            case 0: "\(profile.label) – \(purpose)"
            case 1: "MSP \(purpose.lowercased()): \(short) [\(profile.index + 1)]"
            case 2: "gdap_\(profile.label)_\(EstateNames.slug(purpose))"
            case 3: "\(short) #\(profile.index + 1) / \(purpose) \(year)"
            default: "\(purpose) & co — \(profile.label)"
            }
        return String(name.prefix(50))
    }
}
