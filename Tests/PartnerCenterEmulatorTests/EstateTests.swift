import Foundation
import NIOHTTP1
import PartnerCenterEmulator
import PartnerCenterTestSupport
import Testing

/// The seeded estate (`EmulatorHarness.start(estate:)`, `cspctl emulator --seed-estate`): deterministic under the
/// seed, and read back over the documented endpoints with every case the issue lists.
@Suite("Seeded estate", .tags(.loopback))
struct EstateTests {
    /// The whole state, as `GET /_emulator/state` answers it (sorted keys: the same state gives the same bytes).
    static func stateBytes(seed: UInt64, customers: Int) async throws -> Data {
        let configuration = EmulatorConfiguration(seed: seed, rateLimits: .unlimited)
        return try await EmulatorHarness.with(configuration, estate: customers) { emulator in
            let reply = try await emulator.control(.GET, "state")
            #expect(reply.status == 200)
            return reply.body
        }
    }

    @Test func sameSeedGivesTheSameStateAndAnotherSeedAnother() async throws {
        let first = try await Self.stateBytes(seed: 42, customers: 150)
        let again = try await Self.stateBytes(seed: 42, customers: 150)
        let other = try await Self.stateBytes(seed: 43, customers: 150)
        #expect(first.count > 100_000)
        #expect(first == again)
        #expect(first != other)
    }

    /// The embedded emulator (`--emulator`) seeds a state file that holds no customers, and keeps one that does.
    @Test func theEmbeddedEmulatorSeedsAFreshStateFileOnly() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cspctl-estate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("emulator.json").path
        let first = try await EmbeddedEmulator.start(stateFile: path, estate: 12)
        let seeded = await first.server.store.read { $0.customerOrder }
        await first.shutdown()
        #expect(seeded.count == 12)
        let second = try await EmbeddedEmulator.start(stateFile: path, estate: 40)
        let kept = await second.server.store.read { $0.customerOrder }
        await second.shutdown()
        #expect(kept == seeded)
    }

    /// Every case of the issue in a 1,000-customer estate, read over the documented endpoints as a client would.
    @Test func everyCaseReadsBackOverHTTP() async throws {
        try await EmulatorHarness.with(estate: 1_000) { emulator in
            let token = try await emulator.developmentToken()
            let customers = try await Self.customers(emulator, token: token)
            #expect(customers.count == 1_000)
            try await Self.expectCustomersLikeAPICreated(emulator, customers: customers, token: token)
            try await Self.expectRelationships(emulator)
            let subscriptions = try await Self.subscriptions(emulator, customers: customers, token: token)
            let offers = subscriptions.map { ($0["offerId"] as? String ?? "", $0["status"] as? String ?? "") }
            #expect(offers.contains { $0.0.contains(":") && $0.1 == "active" })
            #expect(offers.contains { $0.0.contains(":") && $0.1 == "suspended" })
            #expect(offers.contains { !$0.0.contains(":") && $0.1 == "active" })
            #expect(offers.contains { !$0.0.contains(":") && $0.1 == "suspended" })
            #expect(subscriptions.contains { $0["isTrial"] as? Bool == true })
            #expect(
                subscriptions.contains {
                    ($0["offerId"] as? String ?? "").contains(":") && $0["parentSubscriptionId"] != nil
                }
            )
            #expect(
                subscriptions.contains {
                    !($0["offerId"] as? String ?? ":").contains(":") && $0["parentSubscriptionId"] != nil
                }
            )
            try await Self.expectAgreementsBudgetsAndAddresses(
                emulator,
                customers: Array(customers.prefix(40)),
                token: token
            )
        }
    }

    /// Every customer id, through `GET /v1/customers` and its continuation token.
    static func customers(_ emulator: EmulatorHarness, token: String) async throws -> [String] {
        var ids: [String] = []
        var continuation: String?
        repeat {
            let headers = continuation.map { [("MS-ContinuationToken", $0)] } ?? []
            let path = continuation == nil ? "/v1/customers?size=300" : "/v1/customers?size=300&seekOperation=Next"
            let page = try #require(
                try await emulator.send(.GET, path, token: token, headers: headers).requireSuccess(path)
                    as? [String: Any]
            )
            let items = page["items"] as? [[String: Any]] ?? []
            ids += items.compactMap { $0["id"] as? String }
            let next = (page["links"] as? [String: Any])?["next"] as? [String: Any]
            continuation =
                (next?["headers"] as? [[String: Any]])?.first { $0["key"] as? String == "MS-ContinuationToken" }?[
                    "value"
                ] as? String
        } while continuation != nil && ids.count < 5_000
        return ids
    }

    /// An estate customer and its billing profile have the shape of one created through `POST /v1/customers`.
    static func expectCustomersLikeAPICreated(
        _ emulator: EmulatorHarness,
        customers: [String],
        token: String
    ) async throws {
        let created = try await emulator.createCustomer("created-through-the-api.onmicrosoft.com", token: token)
        for path in ["", "/profiles/billing"] {
            let expected = try await emulator.send(.GET, "/v1/customers/\(created)\(path)", token: token)
                .requireSuccess("API customer")
            var compared = 0
            for id in customers.prefix(60) {
                let actual = try await emulator.send(.GET, "/v1/customers/\(id)\(path)", token: token).requireSuccess(
                    id
                )
                let address =
                    ((actual as? [String: Any])?["defaultAddress"]
                    ?? ((actual as? [String: Any])?["companyProfile"] as? [String: Any])?["address"]) as? [String: Any]
                // Registration numbers and phone numbers belong to the countries that need them.
                guard address?["country"] as? String == "US" else { continue }
                #expect(JSONShape.differences(expected: expected, actual: actual) == [], "customer \(id)\(path)")
                compared += 1
            }
            #expect(compared > 5)
        }
    }

    /// Relationships in every lasting status, the default ones and free-form names; active ones with assignments.
    static func expectRelationships(_ emulator: EmulatorHarness) async throws {
        let token = try await emulator.developmentToken(graph: true)
        var relationships: [[String: Any]] = []
        var path: String? = "/graph/v1.0/tenantRelationships/delegatedAdminRelationships"
        while let next = path {
            let page = try #require(
                try await emulator.send(.GET, next, token: token).requireSuccess(next) as? [String: Any]
            )
            relationships += page["value"] as? [[String: Any]] ?? []
            path = (page["@odata.nextLink"] as? String).map { $0.replacingOccurrences(of: emulator.baseURL, with: "") }
        }
        let statuses = Set(relationships.compactMap { $0["status"] as? String })
        #expect(statuses.isSuperset(of: ["created", "approvalPending", "active", "expired", "terminated"]))
        let names = relationships.compactMap { $0["displayName"] as? String }
        #expect(names.contains { $0.hasPrefix("Default_") })
        #expect(names.contains { !$0.hasPrefix("Default_") && $0.contains(" ") })
        #expect(Set(names.map { $0.lowercased() }).count == names.count)
        let active = try #require(
            relationships.first {
                $0["status"] as? String == "active" && !($0["displayName"] as? String ?? "").hasPrefix("Default_")
            }
        )
        let id = try #require(active["id"] as? String)
        let assignments = try #require(
            try await emulator.send(
                .GET,
                "/graph/v1.0/tenantRelationships/delegatedAdminRelationships/\(id)/accessAssignments",
                token: token
            ).requireSuccess("assignments") as? [String: Any]
        )
        let value = assignments["value"] as? [[String: Any]] ?? []
        #expect(!value.isEmpty)
        #expect(value.allSatisfy { $0["status"] as? String == "active" })
    }

    /// Every customer's subscriptions (`GET /v1/customers/{id}/subscriptions`), eight customers at a time.
    static func subscriptions(
        _ emulator: EmulatorHarness,
        customers: [String],
        token: String
    ) async throws -> [[String: Any]] {
        var all: [[String: Any]] = []
        for batch in stride(from: 0, to: customers.count, by: 8) {
            let ids = customers[batch..<min(batch + 8, customers.count)]
            let pages = try await withThrowingTaskGroup(of: Data.self) { group in
                for id in ids {
                    group.addTask {
                        try await emulator.send(.GET, "/v1/customers/\(id)/subscriptions", token: token).body
                    }
                }
                return try await group.reduce(into: [Data]()) { $0.append($1) }
            }
            for page in pages {
                let object = try JSONSerialization.jsonObject(with: page) as? [String: Any]
                all += object?["items"] as? [[String: Any]] ?? []
            }
        }
        return all
    }

    /// Customers with and without the MCA and a budget; addresses in several countries that the service verifies.
    static func expectAgreementsBudgetsAndAddresses(
        _ emulator: EmulatorHarness,
        customers: [String],
        token: String
    ) async throws {
        var agreed: Set<Bool> = []
        var budgeted: Set<Bool> = []
        var countries: Set<String> = []
        let appUser = try await emulator.developmentToken(appUser: true)
        for id in customers {
            let agreements =
                try await emulator.send(
                    .GET,
                    "/v1/customers/\(id)/agreements?agreementType=MicrosoftCustomerAgreement",
                    token: appUser
                ).requireSuccess("agreements") as? [String: Any]
            agreed.insert((agreements?["totalCount"] as? Int ?? 0) > 0)
            let budget =
                try await emulator.send(.GET, "/v1/customers/\(id)/usagebudget", token: token).requireSuccess("budget")
                as? [String: Any]
            budgeted.insert(budget?["amount"] != nil)
            let billing =
                try await emulator.send(.GET, "/v1/customers/\(id)/profiles/billing", token: token).requireSuccess(
                    "billing"
                ) as? [String: Any]
            let address = try #require(billing?["defaultAddress"] as? [String: Any])
            countries.insert(address["country"] as? String ?? "")
            let validation =
                try await emulator.send(.POST, "/v1/validations/address", token: token, json: address).requireSuccess(
                    "validate"
                ) as? [String: Any]
            #expect(validation?["status"] as? String == "VerifiedShippable", "\(address)")
        }
        #expect(agreed == [true, false])
        #expect(budgeted == [true, false])
        #expect(countries.count >= 5)
    }
}

/// How long seeding 10,000 customers takes (a figure printed, no assertion on it). Over 5 s in a debug build.
@Suite("Seeded estate benchmark", .tags(.unit, .slow))
struct EstateBenchmarkTests {
    @Test func tenThousandCustomersSeedInSeconds() async throws {
        var state = EmulatorState()
        let clock = ContinuousClock()
        let start = clock.now
        let summary = try Estate.seed(
            customers: 10_000,
            into: &state,
            configuration: EmulatorConfiguration(seed: 7),
            now: EmulatorConfiguration.initialTimeDefault
        )
        let elapsed = start.duration(to: clock.now)
        print("Estate benchmark: seeded \(summary) in \(elapsed) (debug builds are slower)")
        #expect(summary.customers == 10_000)
        #expect(state.customerOrder.count == 10_000)
        #expect(Set(state.customers.values.compactMap(\.companyProfile.domain)).count == 10_000)
    }
}
