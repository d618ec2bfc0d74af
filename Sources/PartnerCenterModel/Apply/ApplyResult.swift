package import Foundation

/// What `apply` did with each change of a plan: the proof a run leaves behind (`apply --format json`).
package struct ApplyResult: Sendable, Hashable, Codable {
    /// 1.1 added `notApplied`, `notStarted` and the `blocked`, `waiting` and `notStarted` counts of `summary`.
    package static let currentFormatVersion = "1.1"

    package var formatVersion: String
    package var planId: String
    package var dryRun: Bool
    package var startedAt: Date
    package var finishedAt: Date
    /// One per change with work (create, update, replace, remove), in the plan's order.
    package var outcomes: [ChangeOutcome]
    /// The plan's changes apply does not attempt: `blocked`, and `waiting` (for the customer), in the plan's order.
    package var notApplied: [NotAppliedChange] = []
    /// Changes with work an interrupted run never started.
    package var notStarted = 0

    package init(
        planId: String,
        dryRun: Bool,
        startedAt: Date,
        finishedAt: Date,
        outcomes: [ChangeOutcome]
    ) {
        self.formatVersion = Self.currentFormatVersion
        self.planId = planId
        self.dryRun = dryRun
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcomes = outcomes
    }

    /// How many outcomes have each status (every status present, zero included).
    package var summary: [ChangeOutcome.Status: Int] {
        var counts = Dictionary(uniqueKeysWithValues: ChangeOutcome.Status.allCases.map { ($0, 0) })
        for outcome in outcomes { counts[outcome.status, default: 0] += 1 }
        return counts
    }

    /// Records what of `plan` apply does not attempt (``notApplied``) and, of its work, never started
    /// (``notStarted``), so the JSON summary counts every change of the plan as the text summary does.
    package mutating func account(for plan: Plan) {
        notApplied = plan.changes.filter { !$0.action.isWork }.map(NotAppliedChange.init)
        notStarted = max(0, plan.changes.count { $0.action.isWork } - outcomes.count)
    }

    /// Whether anything failed: the command then exits 1.
    package var hasFailures: Bool { outcomes.contains { $0.status == .failed } }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encode(planId, forKey: .planId)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encode(outcomes, forKey: .outcomes)
        try container.encode(notApplied, forKey: .notApplied)
        try container.encode(notStarted, forKey: .notStarted)
        let counts = summary
        // Per outcome status, and (1.1) the plan's blocked and waiting changes and the work never started.
        var totals = Dictionary(
            uniqueKeysWithValues: ChangeOutcome.Status.allCases.map { ($0.rawValue, counts[$0] ?? 0) }
        )
        totals["blocked"] = notApplied.count { $0.action == .blocked }
        totals["waiting"] = notApplied.count { $0.action == .waiting }
        totals["notStarted"] = notStarted
        try container.encode(totals, forKey: .summary)
    }

    private enum CodingKeys: String, CodingKey {
        case formatVersion, planId, dryRun, startedAt, finishedAt, outcomes, notApplied, notStarted, summary
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(String.self, forKey: .formatVersion)
        planId = try container.decode(String.self, forKey: .planId)
        dryRun = try container.decode(Bool.self, forKey: .dryRun)
        startedAt = try container.decode(Date.self, forKey: .startedAt)
        finishedAt = try container.decode(Date.self, forKey: .finishedAt)
        outcomes = try container.decode([ChangeOutcome].self, forKey: .outcomes)
        notApplied = try container.decodeIfPresent([NotAppliedChange].self, forKey: .notApplied) ?? []
        notStarted = try container.decodeIfPresent(Int.self, forKey: .notStarted) ?? 0
    }
}

/// One change's fate.
package struct ChangeOutcome: Sendable, Hashable, Codable {
    package enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Sent, and a read afterwards showed the object as the plan wanted it.
        case applied
        /// Sent (or about to be), and the service refused or the read afterwards disagreed.
        case failed
        /// Not attempted: a prerequisite failed or was skipped.
        case skipped
        /// `--dry-run`: what would be sent, nothing was.
        case planned
    }

    package var address: String
    package var action: Action
    package var status: Status
    /// Whether the object was read back and matched (`applied` only).
    package var verified: Bool
    /// One line for people: what happened, or why not.
    package var message: String
    package var failure: ApplyFailure?
    /// The `MS-RequestId`s of the requests that changed something, in order.
    package var requestIds: [String]
    /// Ids of objects this change created (`customerId`, `subscriptionId`, `relationshipId`, `assignmentId`).
    package var createdIds: [String: String]
    /// For a GDAP relationship locked for approval: where the customer's Global Administrator approves it.
    package var approvalLink: String?
    /// `--dry-run`: the requests, in order, as they would be sent.
    package var requests: [HTTPRequestPreview]

    package init(
        address: String,
        action: Action,
        status: Status,
        verified: Bool = false,
        message: String,
        failure: ApplyFailure? = nil,
        requestIds: [String] = [],
        createdIds: [String: String] = [:],
        approvalLink: String? = nil,
        requests: [HTTPRequestPreview] = []
    ) {
        self.address = address
        self.action = action
        self.status = status
        self.verified = verified
        self.message = message
        self.failure = failure
        self.requestIds = requestIds
        self.createdIds = createdIds
        self.approvalLink = approvalLink
        self.requests = requests
    }
}

/// A change of the plan apply does not attempt (`blocked` or `waiting`), with the plan's word on it.
package struct NotAppliedChange: Sendable, Hashable, Codable {
    package var address: String
    package var action: Action
    /// The plan's first message (what is possible instead, what happens next), else its reason codes.
    package var message: String
    package var reasons: [String]
    package var approvalLink: String?
    package var waitingSince: Date?

    package init(_ change: Change) {
        address = change.address
        action = change.action
        reasons = change.reasons.map(\.rawValue)
        message = change.messages.first ?? reasons.joined(separator: ", ")
        approvalLink = change.approvalLink
        waitingSince = change.waitingSince
    }
}

/// Why a change failed, as the service said it.
package struct ApplyFailure: Sendable, Hashable, Codable {
    package var operation: String?
    package var method: String?
    package var url: String?
    package var status: Int?
    /// The Partner Center (numeric) or Graph error code.
    package var code: String?
    package var message: String
    package var requestId: String?
    package var correlationId: String?

    package init(
        operation: String? = nil,
        method: String? = nil,
        url: String? = nil,
        status: Int? = nil,
        code: String? = nil,
        message: String,
        requestId: String? = nil,
        correlationId: String? = nil
    ) {
        self.operation = operation
        self.method = method
        self.url = url
        self.status = status
        self.code = code
        self.message = message
        self.requestId = requestId
        self.correlationId = correlationId
    }
}

/// A request as `--dry-run` shows it: never an `Authorization` header, secrets in the body redacted.
package struct HTTPRequestPreview: Sendable, Hashable, Codable {
    package struct Header: Sendable, Hashable, Codable {
        package var name: String
        package var value: String

        package init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    package var operation: String
    package var method: String
    package var url: String
    package var headers: [Header]
    package var body: String?
    /// Said when part of the request depends on an answer apply would only get by sending (an id, a body read
    /// just before).
    package var note: String?

    package init(
        operation: String,
        method: String,
        url: String,
        headers: [Header],
        body: String? = nil,
        note: String? = nil
    ) {
        self.operation = operation
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.note = note
    }
}
