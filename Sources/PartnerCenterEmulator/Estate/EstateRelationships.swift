import Foundation

extension EstateCustomerBuilder {
    /// The partner's own GDAP relationships with the customer, each taken through the Graph rules to the status
    /// its plan names, with the clock at each step: created, locked for approval, approved by the customer,
    /// given access assignments, ended by expiry or termination. Then every relationship (the default one too) is
    /// brought up to the estate's day.
    mutating func addRelationships() throws {
        var graph = scratch.graph
        var counter = scratch.idCounter
        let seed = self.seed
        func newID() -> String {
            counter += 1
            return IdentifierGenerator.guid(seed: seed, counter: counter)
        }
        var taken = Set(graph.relationships.values.map { $0.displayName.lowercased() })
        for (number, plan) in profile.relationships.enumerated() {
            var name = plan.displayName(profile)
            if taken.contains(name.lowercased()) { name = String(name.prefix(45)) + " (\(number + 1))" }
            taken.insert(name.lowercased())
            try addRelationship(plan, named: name, to: &graph, newID: newID)
        }
        graph.advance(to: anchor)
        scratch.graph = graph
        scratch.idCounter = counter
    }

    private func addRelationship(
        _ plan: EstateRelationshipPlan,
        named name: String,
        to graph: inout GraphState,
        newID: () -> String
    ) throws {
        let day = EstateProfile.day
        let room = profile.age
        var status = plan.status
        // A customer too new for a relationship to have run its course gets one still waiting for approval.
        if room < 3 * day, status != .created { status = .approvalPending }
        var duration = plan.template.duration
        var autoExtend = plan.template.autoExtend
        let approved: Date
        switch status {
        case .created:
            let created = anchor.addingTimeInterval(-min(room * 0.9, 20 * day) * (0.05 + 0.95 * plan.when))
            _ = try create(plan, name, duration, autoExtend, at: created, in: &graph, newID: newID)
            return
        case .approvalPending:
            let locked = anchor.addingTimeInterval(-min(room * 0.9, 80 * day) * (0.05 + 0.95 * plan.when))
            let id = try create(plan, name, duration, autoExtend, at: before(locked, 3600), in: &graph, newID: newID)
            _ = try graph.createRequest(relationshipID: id, action: "lockForApproval", now: locked, newID: newID)
            return
        case .active:
            let span = min(room * 0.9, (GDAPDuration(iso8601: duration)?.timeInterval ?? day) * 0.9)
            approved = anchor.addingTimeInterval(-span * (0.05 + 0.95 * plan.when))
        case .expired:
            // Ended within the last 300 days (relationships ended a year ago are purged), after a term that began
            // after the customer was created.
            let end = anchor.addingTimeInterval(-min(300 * day * (0.01 + 0.99 * plan.when), room * 0.3))
            let available = end.timeIntervalSince(profile.created) - day
            let fitting = [730, 365, 180, 90, 30, 7, 1].first { Double($0) * day <= available * 0.9 } ?? 1
            duration = "P\(fitting)D"
            autoExtend = "PT0S"
            approved = end.addingTimeInterval(-Double(fitting) * day)
        case .terminated:
            duration = "P730D"
            approved = anchor.addingTimeInterval(-min(room * 0.9, 350 * day) * (0.1 + 0.9 * plan.when))
        }
        let id = try create(plan, name, duration, autoExtend, at: before(approved, day), in: &graph, newID: newID)
        _ = try graph.createRequest(
            relationshipID: id,
            action: "lockForApproval",
            now: before(approved, day / 2),
            newID: newID
        )
        _ = try graph.approveRelationship(id, customer: nil, now: approved)
        if status == .active { try assign(plan.template, to: id, at: approved, in: &graph, newID: newID) }
        if status == .terminated {
            let ended = approved.addingTimeInterval(anchor.timeIntervalSince(approved) * (0.2 + 0.6 * plan.when))
            if plan.partnerTerminates {
                _ = try graph.createRequest(relationshipID: id, action: "terminate", now: ended, newID: newID)
            } else {
                _ = try graph.customerTerminate(id, now: ended)
            }
        }
    }

    /// `time` moved back by up to `seconds`, but never before the customer existed.
    private func before(_ time: Date, _ seconds: TimeInterval) -> Date {
        time.addingTimeInterval(-min(seconds, time.timeIntervalSince(profile.created) / 2))
    }

    private func create(
        _ plan: EstateRelationshipPlan,
        _ name: String,
        _ duration: String,
        _ autoExtend: String,
        at time: Date,
        in graph: inout GraphState,
        newID: () -> String
    ) throws -> String {
        let input = GDAPRelationshipInput(
            displayName: name,
            duration: duration,
            autoExtendDuration: autoExtend,
            customer: GDAPCustomer(tenantId: customerId, displayName: profile.company),
            roles: plan.template.roles
        )
        return try graph.createRelationship(input, now: time, newID: newID).id
    }

    /// The template's access assignments, an hour after activation (or halfway to the estate's day).
    private func assign(
        _ template: EstateGDAPTemplate,
        to id: String,
        at approved: Date,
        in graph: inout GraphState,
        newID: () -> String
    ) throws {
        let time = approved.addingTimeInterval(min(3600, anchor.timeIntervalSince(approved) / 2))
        for (group, count) in template.assignments {
            _ = try graph.createAccessAssignment(
                relationshipID: id,
                accessContainerId: EstateGroups.id(group, seed: seed),
                accessContainerType: "securityGroup",
                roles: Array(template.roles.prefix(count)),
                now: time,
                newID: newID
            )
        }
    }
}
