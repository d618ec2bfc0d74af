package import Foundation

/// A realistic partner estate generated straight into the emulator's state (no HTTP, so 10,000 customers take
/// seconds): customers in many countries with and without the Microsoft Customer Agreement, some with a spending
/// budget; new-commerce and legacy subscriptions, some suspended, a few trials and add-ons; GDAP relationships in
/// every lasting status with free-form names and access assignments, and the `Default_…` relationships Partner
/// Center creates. Every piece goes through the emulator's own rules (``EstateCustomerBuilder``), so it reads back
/// over HTTP as if a partner had built it through the API over the years.
///
/// The same seed (`EmulatorConfiguration.seed`), count and day give the same state, byte for byte. docs/emulator.md,
/// "Seeded estate".
package enum Estate {
    /// The largest estate `--seed-estate` accepts.
    package static let maximumCustomers = 100_000
    /// Customers were created over the five years before the estate's day, oldest first.
    static let history: TimeInterval = 5 * EstateProfile.year

    /// What a seeding added.
    package struct Summary: Sendable, Equatable, CustomStringConvertible {
        package var customers = 0
        package var subscriptions = 0
        package var legacySubscriptions = 0
        package var relationships = 0

        package var description: String {
            "\(customers) customers, \(subscriptions) subscriptions (\(legacySubscriptions) legacy), "
                + "\(relationships) GDAP relationships"
        }
    }

    /// Why an estate cannot be seeded.
    package struct SeedingError: Error, Sendable, CustomStringConvertible {
        package var message: String
        package var description: String { message }
    }

    /// Why `customers` cannot be seeded under `configuration`, or nil.
    package static func problem(customers: Int, configuration: EmulatorConfiguration) -> String? {
        guard (1...maximumCustomers).contains(customers) else {
            return "an estate has between 1 and \(maximumCustomers) customers, not \(customers)"
        }
        if configuration.sandbox {
            return "an integration sandbox holds at most 75 customers and no GDAP; seed an estate without --sandbox"
        }
        return nil
    }

    /// Adds `count` customers to `state`, dated up to 00:00 UTC of `now`'s day.
    package static func seed(
        customers count: Int,
        into state: inout EmulatorState,
        configuration: EmulatorConfiguration,
        now: Date
    ) throws -> Summary {
        if let problem = problem(customers: count, configuration: configuration) {
            throw SeedingError(message: problem)
        }
        let anchor = SubscriptionLifecycle.utc.startOfDay(for: now)
        var summary = Summary()
        for index in 0..<count {
            let created = anchor.addingTimeInterval(-history * Double(count - index) / Double(count))
            var random = EstateRandom(seed: configuration.seed, customer: index)
            let profile = EstateProfile(index: index, created: created, anchor: anchor, random: &random)
            var builder = EstateCustomerBuilder(profile: profile, continuing: state, configuration: configuration)
            do {
                try builder.build()
            } catch {
                throw SeedingError(message: "estate customer \(index + 1) (\(profile.domain)): \(error)")
            }
            try merge(builder, into: &state, summary: &summary)
        }
        return summary
    }

    /// Moves a built customer into the state: its records, its relationships (their names checked against the
    /// whole estate), and the id counter and GDAP sequence it advanced.
    private static func merge(
        _ builder: EstateCustomerBuilder,
        into state: inout EmulatorState,
        summary: inout Summary
    ) throws {
        let scratch = builder.scratch
        let id = builder.customerId
        state.customers[id] = scratch.customers[id]
        state.customerOrder.append(id)
        state.subscriptions[id] = scratch.subscriptions[id]
        state.orders[id] = scratch.orders[id]
        state.agreements[id] = scratch.agreements[id]
        for relationship in scratch.graph.orderedRelationships {
            try state.graph.requireUniqueName(relationship.displayName, except: nil)
            state.graph.store(relationship)
        }
        state.graph.sequence = scratch.graph.sequence
        state.idCounter = scratch.idCounter
        let subscriptions = scratch.subscriptions[id]?.values ?? [:].values
        summary.customers += 1
        summary.subscriptions += subscriptions.count
        summary.legacySubscriptions += subscriptions.filter { !$0.isNewCommerce }.count
        summary.relationships += scratch.graph.relationships.count
    }
}

extension EmulatorStore {
    /// Seeds an estate of `customers` customers (``Estate``) as of the emulator clock, unless the state already
    /// holds customers (a state file from an earlier run is kept as it is): then nil.
    package func seedEstate(customers: Int) throws -> Estate.Summary? {
        let configuration = self.configuration
        let now = self.now
        return try mutate { state in
            guard state.customerOrder.isEmpty else { return nil }
            // Into a copy: a failure leaves the state as it was.
            var seeded = state
            let summary = try Estate.seed(customers: customers, into: &seeded, configuration: configuration, now: now)
            state = seeded
            return summary
        }
    }
}
