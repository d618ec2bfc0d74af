import Foundation
import HTTPTypes
import Hummingbird

extension EmulatorState {
    /// The next deterministic GUID under `seed`.
    package mutating func newGUID(seed: UInt64) -> String {
        idCounter += 1
        return IdentifierGenerator.guid(seed: seed, counter: idCounter)
    }

    /// The next 12-hex-digit id, the shape of the service's order ids (`"5cf72f146967"`).
    package mutating func newShortID(seed: UInt64) -> String {
        String(newGUID(seed: seed).replacingOccurrences(of: "-", with: "").suffix(12))
    }

    /// The next numeric etag (`"5920358838484612121"`).
    package mutating func newETag(seed: UInt64) -> String {
        idCounter += 1
        return IdentifierGenerator.numericETag(seed: seed, counter: idCounter)
    }

    /// A new tenant admin password: 12 characters of letters, digits and symbols.
    package mutating func newPassword(seed: UInt64) -> String {
        idCounter += 1
        var random = SplitMix64(seed: seed ^ (idCounter &* 0x2545_F491_4F6C_DD1D))
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789=;.!#%")
        return String((0..<12).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
    }

    /// The customer or the service's 404.
    package func customer(_ id: String) throws -> CustomerRecord {
        guard let record = customers[id.lowercased()], record.relationshipToPartner != "none" else {
            throw PartnerCenterError.customerNotFound(id)
        }
        return record
    }
}

extension EmulatorRequestContext {
    /// The `{customerId}` path parameter, lower case.
    var customerId: String { (parameters.get("customerId") ?? "").lowercased() }
}

extension Request {
    /// Decodes the JSON body with case-insensitive property names; an empty body is invalid input.
    mutating func decodeBody<T: Decodable>(_ type: T.Type, context: EmulatorRequestContext) async throws -> T {
        let buffer = try await collectBody(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { throw PartnerCenterError.badRequest("Invalid request input: empty body") }
        return try EmulatorJSON.decode(type, from: buffer)
    }
}
