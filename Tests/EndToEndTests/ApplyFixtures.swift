import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport

/// Shared by the apply end-to-end tests: generated manifests, and what the emulator holds (counted through its
/// control API) to prove there are no duplicates and nothing is missing.
enum ApplyFixtures {
    /// `count` customers, each with an MCA contact, a budget, one new-commerce subscription and a GDAP
    /// relationship: every kind of create apply does for a new customer.
    static func manifest(customers count: Int, prefix: String = "crash") -> String {
        var text = """
            apiVersion: cspctl/v1
            defaults:
              billing: { culture: en-US, language: en }
              gdap:
                enabled: true
                name: "{customer}-msp"
                duration: P730D
                autoExtend: P180D
                roles: [Global Reader, Helpdesk Administrator]
              subscriptions: { termDuration: P1Y, billingCycle: monthly, autoRenew: true }
            customers:

            """
        for index in 0..<count {
            let domain = "\(prefix)\(index).onmicrosoft.com"
            text += """
                  - domain: \(domain)
                    companyName: Company \(index)
                \(ManifestYAML.billing(email: "billing@\(domain)", locale: false, indent: 4))
                    spendingBudget: 100
                    agreement: { firstName: Gena, lastName: Soto, email: gena@\(domain) }
                    subscriptions:
                      - nickname: basic
                        offer: CFQ7TTC0LH18:0001
                        quantity: 5

                """
        }
        return text
    }

    /// What the emulator holds, from `GET /_emulator/state`.
    struct Holdings {
        /// Customer domain → how many customers have it.
        var customers: [String: Int] = [:]
        /// `domain/nickname` → how many live (not deleted) subscriptions have it.
        var subscriptions: [String: Int] = [:]
        /// Relationship display name → how many non-terminated relationships have it (Default_ ones excluded).
        var relationships: [String: Int] = [:]
        /// `relationship name/group` → how many assignments.
        var assignments: [String: Int] = [:]
        var agreements: [String: Int] = [:]

        var duplicates: [String] {
            [customers, subscriptions, relationships, assignments, agreements].flatMap { counts in
                counts.filter { $0.value > 1 }.map { "\($0.key) ×\($0.value)" }
            }
            .sorted()
        }
    }

    static func holdings(_ harness: EmulatorHarness) async throws -> Holdings {
        let reply = try await harness.control(.GET, "state")
        guard reply.status == 200, let state = try reply.json() as? [String: Any] else {
            throw SeedFailure(description: "GET /_emulator/state: \(reply.status)")
        }
        var holdings = Holdings()
        var domains: [String: String] = [:]
        for case let (id, customer as [String: Any]) in state["customers"] as? [String: Any] ?? [:] {
            let company = customer["companyProfile"] as? [String: Any]
            let domain = (company?["domain"] as? String ?? id).lowercased()
            domains[id] = domain
            holdings.customers[domain, default: 0] += 1
        }
        for case let (customerID, subscriptions as [String: Any]) in state["subscriptions"] as? [String: Any] ?? [:] {
            for case let (_, record as [String: Any]) in subscriptions {
                guard let resource = record["resource"] as? [String: Any],
                    (resource["status"] as? String) != "deleted"
                else { continue }
                let name = resource["friendlyName"] as? String ?? "?"
                holdings.subscriptions["\(domains[customerID] ?? customerID)/\(name)", default: 0] += 1
            }
        }
        for case let (customerID, agreements as [Any]) in state["agreements"] as? [String: Any] ?? [:] {
            holdings.agreements[domains[customerID] ?? customerID, default: 0] += agreements.count
        }
        let graph = state["graph"] as? [String: Any]
        for case let (_, relationship as [String: Any]) in graph?["relationships"] as? [String: Any] ?? [:] {
            let name = relationship["displayName"] as? String ?? "?"
            let status = relationship["status"] as? String ?? ""
            guard !name.hasPrefix("Default_"), !["terminated", "terminationRequested", "terminating"].contains(status)
            else { continue }
            holdings.relationships[name, default: 0] += 1
            for case let assignment as [String: Any] in relationship["accessAssignments"] as? [Any] ?? [] {
                let status = assignment["status"] as? String ?? ""
                guard status != "deleted", status != "deleting" else { continue }
                let group = assignment["accessContainerId"] as? String ?? "?"
                holdings.assignments["\(name)/\(group)", default: 0] += 1
            }
        }
        return holdings
    }

    /// Requests the emulator answered on service routes (the control API excluded).
    static func serviceRequests(_ harness: EmulatorHarness) async throws -> [String: Int] {
        let reply = try await harness.control(.GET, "counters")
        let object = try reply.json() as? [String: Any]
        var counts: [String: Int] = [:]
        for case let entry as [String: Any] in object?["counters"] as? [Any] ?? [] {
            guard let route = entry["route"] as? String, !route.contains("_emulator") else { continue }
            counts[route] = entry["total"] as? Int ?? 0
        }
        return counts
    }

    /// The actions of a plan printed with `--format json`.
    static func workActions(_ planJSON: String) throws -> [String] {
        let plan = try PlanFixtures.json(planJSON)
        return (plan["changes"] as? [[String: Any]] ?? []).compactMap { change in
            let action = change["action"] as? String ?? ""
            guard ["create", "update", "replace", "remove"].contains(action) else { return nil }
            return "\(action) \(change["address"] as? String ?? "?")"
        }
    }
}
