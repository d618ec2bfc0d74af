import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// The emulator's own API under `/_emulator/` (never a service path): state snapshot/load/reset, faults, clock,
/// counters, app registrations, and the customer's part (portal changes, GDAP approval). Every request carries the
/// control token (`ControlAuthenticationMiddleware`); bodies are bounded (`BodyLimits`) and every value is checked
/// (400 with the reason) before it changes anything.
struct ControlController {
    let store: EmulatorStore

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.get("state") { _, _ in
            let state = await store.read { $0 }
            return try EmulatorJSON.response(status: .ok, state)
        }
        group.put("state", use: loadState)
        group.post("reset") { _, _ in
            try await store.replace(with: EmulatorState())
            await store.setFaults([])
            await store.resetCounters()
            await store.forgetWorkflowRuns()
            return Response(status: .noContent)
        }
        group.get("faults") { _, _ in
            try EmulatorJSON.response(status: .ok, FaultList(faults: await store.faultRules()))
        }
        group.put("faults", use: setFaults)
        group.delete("faults") { _, _ in
            await store.setFaults([])
            return Response(status: .noContent)
        }
        group.get("clock") { _, _ in
            try EmulatorJSON.response(status: .ok, ClockBody(now: await store.now))
        }
        group.post("clock/advance", use: advanceClock)
        group.get("counters", use: counters)
        group.delete("counters") { _, _ in
            await store.resetCounters()
            return Response(status: .noContent)
        }
        group.patch("customers/{customerId}/subscriptions/{subscriptionId}", use: changeSubscriptionInPortal)
        group.put("applications/{clientId}", use: registerApplication)
        group.post("applications/{clientId}/certificates", use: registerCertificate)
    }

    @Sendable private func loadState(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let state: EmulatorState
        do {
            state = try EmulatorJSON.stateDecoder.decode(EmulatorState.self, from: Data(body.readableBytesView))
        } catch {
            throw PartnerCenterError.badRequest("Invalid emulator state: \(error)")
        }
        if let problem = state.problem { throw PartnerCenterError.badRequest("Invalid emulator state: \(problem)") }
        try await store.replace(with: state)
        return Response(status: .noContent)
    }

    @Sendable private func setFaults(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let list = try EmulatorJSON.decode(FaultList.self, from: try await request.collectBody(upTo: 1 << 20))
        if let problem = list.problem { throw PartnerCenterError.badRequest("Invalid fault rules: \(problem)") }
        await store.setFaults(list.faults)
        return try EmulatorJSON.response(status: .ok, list)
    }

    @Sendable private func advanceClock(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let advance = try EmulatorJSON.decode(ClockAdvance.self, from: try await request.collectBody(upTo: 1 << 16))
        guard advance.seconds.isFinite, advance.seconds >= 0 else {
            throw PartnerCenterError.badRequest("seconds must be a finite number of seconds, at least 0")
        }
        let now: Date
        do {
            now = try await store.advanceClock(by: advance.seconds)
        } catch let error as EmulatorStoreError {
            throw PartnerCenterError.badRequest(error.message)
        }
        return try EmulatorJSON.response(status: .ok, ClockBody(now: now))
    }

    @Sendable private func counters(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let snapshot = await store.countersSnapshot()
        let counters = snapshot.map { route, statuses in
            CounterEntry(
                route: route,
                statuses: Dictionary(uniqueKeysWithValues: statuses.map { (String($0.key), $0.value) }),
                total: statuses.values.reduce(0, +)
            )
        }
        .sorted { $0.route < $1.route }
        return try EmulatorJSON.response(status: .ok, CounterList(counters: counters))
    }

    /// A change the customer makes in a portal: applied as given, with a new etag version.
    @Sendable private func changeSubscriptionInPortal(
        _ request: Request,
        context: EmulatorRequestContext
    ) async throws -> Response {
        var request = request
        let change = try await request.decodeBody(PortalSubscriptionChange.self, context: context)
        if let problem = change.problem { throw PartnerCenterError.badRequest(problem) }
        let customerId = context.customerId
        let subscriptionId = (context.parameters.get("subscriptionId") ?? "").lowercased()
        let updated = try await store.mutate { state -> Subscription in
            guard var record = state.subscriptions[customerId]?[subscriptionId] else {
                throw PartnerCenterError.subscriptionNotFound(subscriptionId)
            }
            change.apply(to: &record.resource)
            state.idCounter += 1
            if record.resource.attributes?.etag != nil {
                record.resource.attributes?.etag = Data(
                    "{\"id\":\"\(subscriptionId)\",\"version\":\(state.idCounter)}".utf8
                ).base64EncodedString()
            }
            state.subscriptions[customerId]?[subscriptionId] = record
            return record.resource
        }
        return try EmulatorJSON.response(status: .ok, updated)
    }

    @Sendable private func registerApplication(
        _ request: Request,
        context: EmulatorRequestContext
    ) async throws -> Response {
        var request = request
        let clientId = (context.parameters.get("clientId") ?? "").lowercased()
        let body = try EmulatorJSON.decode(ApplicationBody.self, from: try await request.collectBody(upTo: 1 << 20))
        guard (1...128).contains(body.tenantId.count), (body.secrets ?? []).count <= 100,
            (body.secrets ?? []).allSatisfy({ (1...1024).contains($0.count) })
        else {
            throw PartnerCenterError.badRequest(
                "tenantId is 1 to 128 characters; secrets at most 100, each 1 to 1024 characters"
            )
        }
        let record = try await store.mutate { state in
            var record =
                state.applications[clientId]
                ?? ApplicationRecord(clientId: clientId, tenantId: body.tenantId.lowercased(), secrets: [])
            record.tenantId = body.tenantId.lowercased()
            record.secrets = body.secrets ?? record.secrets
            state.applications[clientId] = record
            return record
        }
        return try EmulatorJSON.response(status: .ok, record)
    }

    @Sendable private func registerCertificate(
        _ request: Request,
        context: EmulatorRequestContext
    ) async throws -> Response {
        var request = request
        let clientId = (context.parameters.get("clientId") ?? "").lowercased()
        let body = try EmulatorJSON.decode(CertificateBody.self, from: try await request.collectBody(upTo: 1 << 20))
        guard let der = CertificateDER.pemBody(body.certificate, label: "CERTIFICATE"),
            let spki = CertificateDER.subjectPublicKeyInfo(certificate: der)
        else {
            throw PartnerCenterError.badRequest("certificate must be a PEM X.509 certificate")
        }
        let thumbprint = Base64URL.encode(Data(Insecure.SHA1.hash(data: der)))
        try await store.mutate { state in
            var record =
                state.applications[clientId]
                ?? TokenController.application(clientId, in: state, configuration: store.configuration)
                ?? ApplicationRecord(clientId: clientId, tenantId: state.partner.tenantId, secrets: [])
            record.certificates[thumbprint] = spki.base64EncodedString()
            state.applications[clientId] = record
        }
        return try EmulatorJSON.response(status: .created, CertificateRegistered(x5t: thumbprint))
    }
}

struct ClockBody: Encodable {
    var now: Date
}

struct ClockAdvance: Decodable {
    var seconds: Double
}

struct CounterEntry: Encodable {
    var route: String
    var statuses: [String: Int]
    var total: Int
}

struct CounterList: Encodable {
    var counters: [CounterEntry]
}

struct ApplicationBody: Decodable {
    var tenantId: String
    var secrets: [String]?
}

struct CertificateBody: Decodable {
    var certificate: String
}

struct CertificateRegistered: Encodable {
    var x5t: String
}

/// A change the customer makes in a portal (outside the partner's control): applied as given, no rules.
struct PortalSubscriptionChange: Decodable {
    var friendlyName: String?
    var quantity: Int?
    var status: String?
    var autoRenewEnabled: Bool?

    /// Why the change cannot be made, or nil (quantities as the service bounds seats; names as it bounds names).
    var problem: String? {
        if let quantity, !(0...10_000_000).contains(quantity) { return "quantity must be between 0 and 10000000" }
        if let friendlyName, friendlyName.count > 1024 { return "friendlyName must be at most 1024 characters" }
        if let status, status.count > 64 { return "status must be at most 64 characters" }
        return nil
    }

    func apply(to subscription: inout Subscription) {
        if let friendlyName { subscription.friendlyName = friendlyName }
        if let quantity { subscription.quantity = quantity }
        if let status { subscription.status = status.lowercased() }
        if let autoRenewEnabled { subscription.autoRenewEnabled = autoRenewEnabled }
    }
}
