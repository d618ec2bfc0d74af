package import Foundation
package import PartnerCenterModel

/// What a plan run needs besides the two states.
package struct PlanningOptions: Sendable {
    /// When the plan is made (the local clock, injected); recorded as `createdAt`.
    package var createdAt: Date
    package var toolVersion: String
    /// The base URL, or the emulator's state file, the live state was read from.
    package var endpoint: String
    /// Active relationships ending sooner than this without auto-extend get a warning.
    package var expiryWarning: TimeInterval

    package static let expiryWarningDefault: TimeInterval = 30 * 86_400

    package init(
        createdAt: Date,
        toolVersion: String,
        endpoint: String,
        expiryWarning: TimeInterval = PlanningOptions.expiryWarningDefault
    ) {
        self.createdAt = createdAt
        self.toolVersion = toolVersion
        self.endpoint = endpoint
        self.expiryWarning = expiryWarning
    }
}

/// Desired × live → plan. Pure: no I/O, no clock (time comes from `live.observedAt` and the options).
///
/// One kind planner per resource (`CustomerPlanner`, `SubscriptionPlanner`, `GDAPPlanner`) adds changes, notes,
/// unknowns and fingerprints to a shared context; this type then blocks what depends on blocked work or
/// missing App+User credentials, sorts, and names the plan.
package struct Planner: Sendable {
    /// Plans customers on all cores (each customer's plan depends only on its own desired and live state); the
    /// result is the same either way, since the plan is sorted. `false` plans on the calling thread.
    package var parallel: Bool

    package init(parallel: Bool = true) {
        self.parallel = parallel
    }

    package func plan(desired: DesiredState, live: LiveState, options: PlanningOptions) -> Plan {
        var context = PlanningContext(live: live, ignores: desired.ignores, options: options)
        context.noteExpiredIgnores()
        // Contiguous blocks of customers, a few per core so a core slowed by another process takes fewer; each
        // block gets its own context and the contexts are joined in order.
        let customers = desired.customers
        let blockSize = max(64, customers.count / (ProcessInfo.processInfo.activeProcessorCount * 8) + 1)
        let blocks = stride(from: 0, to: customers.count, by: blockSize).map { start in
            customers[start..<min(customers.count, start + blockSize)]
        }
        let parts = blocks.concurrentMap(parallel: parallel && blocks.count > 1) { block in
            var part = PlanningContext(live: live, ignores: desired.ignores, options: options, customers: block.count)
            for customer in block { CustomerPlanner.plan(customer, in: &part) }
            return part.output
        }
        for part in parts { context.join(part) }
        let changes = Self.blockDependents(Self.blockAppUserOperations(context.changes, live: live))
        var plan = Plan(
            id: "",
            createdAt: options.createdAt,
            observedAt: live.observedAt,
            toolVersion: options.toolVersion,
            endpoint: options.endpoint,
            sandbox: live.sandbox,
            manifestDigest: desired.manifestDigest,
            changes: changes,
            notes: context.notes,
            unknowns: context.unknowns,
            fingerprints: context.fingerprints,
            customerIds: live.customers.reduce(into: [:]) { ids, entry in
                if case .found(let customer) = entry.value { ids[entry.key] = customer.tenantId }
            },
            warnings: desired.warnings
        )
        .sorted()
        plan.id = Self.planID(plan)
        return plan
    }

    /// Work that needs App+User credentials becomes `blocked` when none are configured.
    static func blockAppUserOperations(_ changes: [Change], live: LiveState) -> [Change] {
        changes.map { change in
            var change = change
            change.requiresAppUser = change.requests.contains { $0.operation.requiresAppUser }
            if change.requiresAppUser, !live.appUserAvailable, change.action.isWork {
                change.action = .blocked
                change.reasons.append(.requiresAppUser)
                change.messages.append(
                    "Configure App+User credentials (CSPCTL_REFRESH_TOKEN with AZURE_CLIENT_ID/AZURE_CLIENT_SECRET) "
                        + "to let cspctl do this."
                )
            }
            return change
        }
    }

    /// A change that depends on a blocked change (or on one that is not planned at all) is blocked too.
    static func blockDependents(_ changes: [Change]) -> [Change] {
        var changes = changes
        var progress = true
        while progress {
            progress = false
            let blocked = Set(changes.filter { !$0.action.isWork }.map(\.address))
            for index in changes.indices where changes[index].action.isWork {
                let stuck = changes[index].dependsOn.filter { blocked.contains($0) }
                guard !stuck.isEmpty else { continue }
                changes[index].action = .blocked
                changes[index].reasons.append(.dependsOnBlocked)
                changes[index].messages.append("Waits for \(stuck.joined(separator: ", ")).")
                progress = true
            }
        }
        return changes
    }

    /// A digest of the plan's whole content (``PlanDigest``): a saved plan edited by hand no longer matches it.
    static func planID(_ plan: Plan) -> String {
        PlanDigest.id(of: plan)
    }
}
