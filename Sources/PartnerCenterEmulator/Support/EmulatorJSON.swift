package import Foundation
package import HTTPTypes
package import Hummingbird

/// JSON as the services write it: documented camelCase names, ISO-8601 UTC dates (fractional seconds only
/// when there are any), and request property names accepted in any casing.
package enum EmulatorJSON {
    package static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(format(date))
        }
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    /// The decoder for the emulator's own state (snapshots, state files): exact names, dictionary keys untouched.
    package static let stateDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO-8601 date: \(text)")
            }
            return date
        }
        return decoder
    }()

    /// The decoder for request bodies.
    package static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO-8601 date: \(text)")
            }
            return date
        }
        decoder.keyDecodingStrategy = .custom { path in
            let key = path.last?.stringValue ?? ""
            return CanonicalKey(stringValue: RequestKeys.canonical(key))
        }
        return decoder
    }()

    /// `2024-06-05T19:26:38.3667635Z` style; whole seconds print without a fraction.
    package static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let fraction = seconds - whole
        let base = Date(timeIntervalSince1970: whole).formatted(.iso8601)
        guard fraction >= 0.000_000_1 else { return base }
        var digits = String(format: "%.7f", fraction).dropFirst(2)
        while digits.last == "0" { digits.removeLast() }
        return String(base.dropLast()) + "." + digits + "Z"
    }

    package static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        // Up to 7 fractional digits (the service's precision) and date-only values.
        let parts = text.split(separator: ".", maxSplits: 1)
        if parts.count == 2, let base = try? Date(String(parts[0]) + "Z", strategy: .iso8601) {
            let digits = parts[1].prefix { $0.isNumber }
            if let value = Double("0." + digits) { return base.addingTimeInterval(value) }
        }
        if text.count == 10, let date = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return date }
        return nil
    }

    /// A JSON response with the service's content type.
    package static func response(
        status: HTTPResponse.Status,
        _ value: some Encodable,
        headers: HTTPFields = [:]
    ) throws -> Response {
        let buffer: ByteBuffer
        do {
            buffer = ByteBuffer(bytes: try StreamingJSONEncoder.encode(value))
        } catch {
            buffer = ByteBuffer(bytes: try encoder.encode(value))
        }
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: buffer))
    }

    /// Decodes a request body, mapping property names case-insensitively onto the documented ones.
    package static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        do {
            return try decoder.decode(type, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw PartnerCenterError.badRequest("Invalid request input: \(describe(error))")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "invalid \(path)"
        @unknown default:
            return "malformed JSON"
        }
    }
}

private struct CanonicalKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension HTTPField.Name {
    package static let msRequestId = constant("MS-RequestId")
    package static let msCorrelationId = constant("MS-CorrelationId")
    package static let msContinuationToken = constant("MS-ContinuationToken")
    package static let msCV = constant("MS-CV")
    package static let msServerId = constant("MS-ServerId")
    package static let clientRequestId = constant("client-request-id")
    package static let requestId = constant("request-id")

    /// A header name known to be valid.
    private static func constant(_ name: String) -> Self {
        guard let field = Self(name) else { preconditionFailure("invalid header name \(name)") }
        return field
    }
}
