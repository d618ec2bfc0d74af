package import Foundation
package import PartnerCenterModel

/// Entry points for turning service bodies into wire models and request models into bodies.
package enum WireJSON {
    /// Decodes `data` as `T` with the service's tolerance rules (see ``WireDecoder``).
    package static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decode(T.self, from: try parse(data))
    }

    package static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try WireDecoder(value: value, codingPath: []).decodeValue(T.self)
    }

    /// Parses `data` into a ``JSONValue`` tree (strict JSON).
    package static func parse(_ data: Data) throws -> JSONValue {
        try JSONParser.parse(data)
    }

    /// Encodes a request body: camelCase names as documented, dates as ``WireDate/format(_:)``, keys sorted so
    /// that bodies are reproducible (dry runs, tests).
    package static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(WireDate.format(date))
        }
        return try encoder.encode(value)
    }

    /// A one-line reason for a decoding failure: the property path and what was wrong.
    package static func describe(_ error: any Error) -> String {
        if let syntax = error as? JSONParser.SyntaxError { return syntax.description }
        guard let decodingError = error as? DecodingError else { return String(describing: error) }
        func path(_ context: DecodingError.Context) -> String {
            let joined = context.codingPath.map(\.stringValue).joined(separator: ".")
            return joined.isEmpty ? "the body" : "'\(joined)'"
        }
        switch decodingError {
        case .keyNotFound(let key, let context):
            let parent = context.codingPath.isEmpty ? "" : " in \(path(context))"
            return "missing property '\(key.stringValue)'\(parent)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return String(describing: decodingError)
        }
    }
}
