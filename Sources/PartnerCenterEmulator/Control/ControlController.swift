import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// The emulator's own API under `/_emulator/` (never a service path): state snapshot/load/reset, faults, clock,
/// counters, app registrations, and the customer's part (portal changes, GDAP approval).
struct ControlController {
    let store: EmulatorStore

    func addRoutes(to group: RouterGroup<EmulatorRequestContext>) {
        group.get("state") { _, _ in
            let state = await store.read { $0 }
            return try EmulatorJSON.response(status: .ok, state)
        }
        group.put("state") { request, context in
            var request = request
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            let state: EmulatorState
            do {
                state = try EmulatorJSON.stateDecoder.decode(EmulatorState.self, from: Data(body.readableBytesView))
            } catch {
                throw PartnerCenterError.badRequest("Invalid emulator state: \(error)")
            }
            try await store.replace(with: state)
            return Response(status: .noContent)
        }
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
        group.put("faults") { request, context in
            var request = request
            let list = try EmulatorJSON.decode(FaultList.self, from: try await request.collectBody(upTo: 1 << 20))
            if let route = list.firstInvalidRoute {
                throw PartnerCenterError.badRequest("Invalid route regular expression: \(route)")
            }
            await store.setFaults(list.faults)
            return try EmulatorJSON.response(status: .ok, list)
        }
        group.delete("faults") { _, _ in
            await store.setFaults([])
            return Response(status: .noContent)
        }
        group.get("clock") { _, _ in
            try EmulatorJSON.response(status: .ok, ClockBody(now: await store.now))
        }
        group.post("clock/advance") { request, context in
            var request = request
            let advance = try EmulatorJSON.decode(ClockAdvance.self, from: try await request.collectBody(upTo: 1 << 16))
            guard advance.seconds >= 0 else { throw PartnerCenterError.badRequest("seconds must not be negative") }
            return try EmulatorJSON.response(
                status: .ok,
                ClockBody(now: try await store.advanceClock(by: advance.seconds))
            )
        }
        group.get("counters") { _, _ in
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
        group.delete("counters") { _, _ in
            await store.resetCounters()
            return Response(status: .noContent)
        }
        group.patch("customers/{customerId}/subscriptions/{subscriptionId}") { request, context in
            var request = request
            let change = try await request.decodeBody(PortalSubscriptionChange.self, context: context)
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
        group.put("applications/{clientId}") { request, context in
            var request = request
            let clientId = (context.parameters.get("clientId") ?? "").lowercased()
            let body = try EmulatorJSON.decode(ApplicationBody.self, from: try await request.collectBody(upTo: 1 << 20))
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
        group.post("applications/{clientId}/certificates") { request, context in
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

    func apply(to subscription: inout Subscription) {
        if let friendlyName { subscription.friendlyName = friendlyName }
        if let quantity { subscription.quantity = quantity }
        if let status { subscription.status = status.lowercased() }
        if let autoRenewEnabled { subscription.autoRenewEnabled = autoRenewEnabled }
    }
}
