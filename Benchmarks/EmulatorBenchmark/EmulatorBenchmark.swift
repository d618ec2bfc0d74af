import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PartnerCenterEmulator

/// Measures the emulator's own throughput and latency on loopback: loads customers x subscriptions through the
/// control API, then drives a customer list page, a customer's subscription list, a customer by id and a
/// subscription PATCH with N concurrent connections.
///
/// Environment: BENCH_CUSTOMERS (default 1000), BENCH_SUBSCRIPTIONS (per customer, default 5),
/// BENCH_CONNECTIONS (default 16), BENCH_SECONDS (per scenario, default 3), BENCH_SERVE (seconds: load the state,
/// print the base URL, a token and sample paths, and serve an external load generator such as `wrk` for that long
/// instead of running the built-in scenarios; the built-in generator shares the two cores with the server).
@main
struct EmulatorBenchmark {
    static func main() async throws {
        let environment = ProcessInfo.processInfo.environment
        let customers = Int(environment["BENCH_CUSTOMERS"] ?? "") ?? 1000
        let perCustomer = Int(environment["BENCH_SUBSCRIPTIONS"] ?? "") ?? 5
        let connections = Int(environment["BENCH_CONNECTIONS"] ?? "") ?? 16
        let seconds = Double(environment["BENCH_SECONDS"] ?? "") ?? 3
        let serve = Double(environment["BENCH_SERVE"] ?? "")

        let server = try await EmulatorServer.start(EmulatorConfiguration(rateLimits: .unlimited))
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let fixture = try await Fixture.load(server: server, client: client, customers: customers, perCustomer: perCustomer)
            if let serve {
                print("serving \(server.baseURL) for \(serve)s")
                print("token: \(fixture.token)")
                print("control token (X-Emulator-Control-Token): \(server.controlToken)")
                print("customer: /v1/customers/\(fixture.customerIds[0])")
                print("subscriptions: /v1/customers/\(fixture.customerIds[0])/subscriptions")
                try await Task.sleep(for: .milliseconds(Int(serve * 1000)))
                try await client.shutdown()
                await server.shutdown()
                return
            }
            print("emulator benchmark: \(customers) customers x \(perCustomer) subscriptions, \(connections) connections, \(seconds)s per scenario")
            let scenarios: [(String, @Sendable (Int) -> (HTTPMethod, String, ByteBuffer?))] = [
                ("GET customer by id", { i in (.GET, "/v1/customers/\(fixture.customerIds[i % fixture.customerIds.count])", nil) }),
                ("GET customer list page (size=100)", { _ in (.GET, "/v1/customers?size=100", nil) }),
                ("GET subscription list", { i in (.GET, "/v1/customers/\(fixture.customerIds[i % fixture.customerIds.count])/subscriptions", nil) }),
                ("PATCH subscription friendlyName", { i in
                    let (customer, subscription) = fixture.subscriptions[i % fixture.subscriptions.count]
                    let body = ByteBuffer(string: #"{"friendlyName":"bench \#(i)"}"#)
                    return (.PATCH, "/v1/customers/\(customer)/subscriptions/\(subscription)", body)
                }),
            ]
            for (name, request) in scenarios {
                let result = try await LoadGenerator.run(
                    client: client,
                    baseURL: server.baseURL,
                    token: fixture.token,
                    connections: connections,
                    seconds: seconds,
                    request: request
                )
                print(result.summary(name))
            }
        } catch {
            print("benchmark failed: \(error)")
        }
        try await client.shutdown()
        await server.shutdown()
    }
}

/// The loaded state and what the scenarios address.
struct Fixture: Sendable {
    var token: String
    var customerIds: [String]
    var subscriptions: [(String, String)]

    static func load(server: EmulatorServer, client: HTTPClient, customers: Int, perCustomer: Int) async throws -> Fixture {
        let http = SimpleHTTP(client: client, baseURL: server.baseURL, controlToken: server.controlToken)
        let token = try await http.token()
        // One real customer and subscription through the API serve as templates for the generated state.
        let created = try await http.json(.POST, "/v1/customers", token: token, body: [
            "CompanyProfile": ["Domain": "template.onmicrosoft.com"],
            "BillingProfile": [
                "Culture": "en-US", "Email": "a@b.com", "Language": "en", "CompanyName": "Template",
                "DefaultAddress": ["AddressLine1": "1 Microsoft Way", "City": "Redmond", "State": "WA", "PostalCode": "98052", "Country": "US"],
            ],
        ])
        let templateId = created["id"] as? String ?? ""
        let userToken = try await http.token(appUser: true)
        _ = try await http.json(.POST, "/v1/customers/\(templateId)/agreements", token: userToken, body: [
            "primaryContact": ["firstName": "A", "lastName": "B", "email": "a@b.com"],
            "templateId": "117a77b0-9360-443b-8795-c6dedc750cf9", "dateAgreed": "2025-01-01T00:00:00Z",
            "type": "MicrosoftCustomerAgreement",
        ])
        _ = try await http.json(.POST, "/v1/customers/\(templateId)/orders", token: token, body: [
            "billingCycle": "monthly",
            "lineItems": [["lineItemNumber": 0, "offerId": "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ", "quantity": 5, "termDuration": "P1Y"]],
        ])
        var state = try await http.json(.GET, "/_emulator/state", token: nil, body: nil)
        let customerTemplate = (state["customers"] as? [String: Any])?[templateId] as? [String: Any] ?? [:]
        let subscriptionTemplate = ((state["subscriptions"] as? [String: Any])?[templateId] as? [String: Any])?.values.first as? [String: Any] ?? [:]
        var customerRecords: [String: Any] = [:]
        var order: [String] = []
        var subscriptionRecords: [String: Any] = [:]
        var pairs: [(String, String)] = []
        for index in 0..<customers {
            let id = Self.guid(1, index)
            var customer = customerTemplate
            customer["id"] = id
            var company = customer["companyProfile"] as? [String: Any] ?? [:]
            company["tenantId"] = id
            company["domain"] = "customer\(index).onmicrosoft.com"
            company["companyName"] = "Customer \(index)"
            customer["companyProfile"] = company
            customer["customDomains"] = ["customer\(index).onmicrosoft.com"]
            customerRecords[id] = customer
            order.append(id)
            var mine: [String: Any] = [:]
            for number in 0..<perCustomer {
                let subscriptionId = Self.guid(2, index * perCustomer + number)
                var record = subscriptionTemplate
                record["customerId"] = id
                var resource = record["resource"] as? [String: Any] ?? [:]
                resource["id"] = subscriptionId
                resource["friendlyName"] = "Subscription \(number)"
                record["resource"] = resource
                mine[subscriptionId] = record
                pairs.append((id, subscriptionId))
            }
            subscriptionRecords[id] = mine
        }
        state["customers"] = customerRecords
        state["customerOrder"] = order
        state["subscriptions"] = subscriptionRecords
        let loadStart = ContinuousClock.now
        _ = try await http.json(.PUT, "/_emulator/state", token: nil, body: state)
        print("state load: \(customers) customers, \(customers * perCustomer) subscriptions in \(ContinuousClock.now - loadStart)")
        return Fixture(token: try await http.token(), customerIds: order, subscriptions: pairs)
    }

    static func guid(_ kind: Int, _ index: Int) -> String {
        let hex = String(index, radix: 16)
        return "\(kind)0000000-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
    }
}

/// N workers, each with a request in flight at all times, until the deadline; latency per request.
enum LoadGenerator {
    struct Result {
        var latencies: [Duration]
        var errors: Int
        var elapsed: Duration

        func summary(_ name: String) -> String {
            let sorted = latencies.sorted()
            func percentile(_ p: Double) -> String {
                guard !sorted.isEmpty else { return "-" }
                let value = sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
                return String(format: "%.2fms", Double(value.components.attoseconds) / 1e15 + Double(value.components.seconds) * 1000)
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let rate = Double(latencies.count) / max(seconds, 0.001)
            return "\(name.padding(toLength: 36, withPad: " ", startingAt: 0)) \(String(format: "%8.0f", rate)) req/s  "
                + "p50 \(percentile(0.5))  p99 \(percentile(0.99))  n=\(latencies.count) errors=\(errors)"
        }
    }

    static func run(
        client: HTTPClient,
        baseURL: String,
        token: String,
        connections: Int,
        seconds: Double,
        request: @escaping @Sendable (Int) -> (HTTPMethod, String, ByteBuffer?)
    ) async throws -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: .milliseconds(Int(seconds * 1000)))
        let perWorker = try await withThrowingTaskGroup(of: ([Duration], Int).self) { group in
            for worker in 0..<connections {
                group.addTask {
                    var latencies: [Duration] = []
                    var errors = 0
                    var index = worker
                    while clock.now < deadline {
                        let (method, path, body) = request(index)
                        index += connections
                        var outgoing = HTTPClientRequest(url: baseURL + path)
                        outgoing.method = method
                        outgoing.headers.add(name: "Authorization", value: "Bearer \(token)")
                        if let body {
                            outgoing.headers.add(name: "Content-Type", value: "application/json")
                            outgoing.body = .bytes(body)
                        }
                        let sent = clock.now
                        do {
                            let response = try await client.execute(outgoing, timeout: .seconds(30))
                            _ = try await response.body.collect(upTo: 64 * 1024 * 1024)
                            if response.status.code >= 400 { errors += 1 }
                        } catch {
                            errors += 1
                        }
                        latencies.append(clock.now - sent)
                    }
                    return (latencies, errors)
                }
            }
            var all: [([Duration], Int)] = []
            for try await part in group { all.append(part) }
            return all
        }
        return Result(
            latencies: perWorker.flatMap(\.0),
            errors: perWorker.reduce(0) { $0 + $1.1 },
            elapsed: clock.now - start
        )
    }
}

/// Small JSON calls for setting up the benchmark.
struct SimpleHTTP {
    var client: HTTPClient
    var baseURL: String
    var controlToken: String

    func token(appUser: Bool = false) async throws -> String {
        var form = "client_id=\(DevelopmentPartner.clientId)&client_secret=\(DevelopmentPartner.clientSecret)"
        form += appUser
            ? "&grant_type=refresh_token&refresh_token=\(DevelopmentPartner.refreshToken)&scope=https%3A%2F%2Fapi.partnercenter.microsoft.com%2F.default"
            : "&grant_type=client_credentials&scope=https%3A%2F%2Fapi.partnercenter.microsoft.com%2F.default"
        var request = HTTPClientRequest(url: "\(baseURL)/login/\(DevelopmentPartner.tenantId)/oauth2/v2.0/token")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: form))
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        guard let token = object?["access_token"] as? String else { throw SetupError(message: "no token: \(String(buffer: body))") }
        return token
    }

    func json(_ method: HTTPMethod, _ path: String, token: String?, body: Any?) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if path.hasPrefix("/_emulator") { request.headers.add(name: "X-Emulator-Control-Token", value: controlToken) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await client.execute(request, timeout: .seconds(300))
        let bytes = try await response.body.collect(upTo: 1 << 30)
        guard response.status.code < 300 else {
            throw SetupError(message: "\(method) \(path): \(response.status.code) \(String(buffer: bytes))")
        }
        guard bytes.readableBytes > 0 else { return [:] }
        return (try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any]) ?? [:]
    }
}

struct SetupError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
