import Crypto
import Foundation
package import HTTPTypes
import Hummingbird

/// Every control API request (`/_emulator/...`) but `GET /_emulator/clock` carries the emulator's control token in
/// `X-Emulator-Control-Token`:
/// the control API replaces the whole state (every token and password), moves the clock and injects faults, so
/// it is not open to whatever else runs on the machine. The token is generated at start (or given by
/// `--control-token` / `CSPCTL_EMULATOR_CONTROL_TOKEN` / `EmulatorConfiguration.controlToken`) and printed in the
/// banner.
struct ControlAuthenticationMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext
    let token: String

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        // Reading the clock is open: it tells nothing secret and changes nothing, and cspctl at a loopback
        // `--endpoint` reads it to plan on the emulator's time without being given the token.
        if request.method == .get, request.uri.path == "/_emulator/clock" { return try await next(request, context) }
        guard let given = request.headers[.emulatorControlToken], ControlToken.same(given, token) else {
            throw PartnerCenterError(
                status: .unauthorized,
                code: 401,
                description: request.headers[.emulatorControlToken] == nil
                    ? "The control API needs the emulator's control token in the X-Emulator-Control-Token header "
                        + "(printed in the emulator's start-up banner)"
                    : "The X-Emulator-Control-Token header does not hold this emulator's control token",
                source: "Emulator"
            )
        }
        return try await next(request, context)
    }
}

package enum ControlToken {
    /// 32 random bytes, hex: unguessable, and safe in a header and a shell.
    package static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Compares in time independent of where the values differ.
    static func same(_ given: String, _ expected: String) -> Bool {
        let left = SHA256.hash(data: Data(given.utf8))
        let right = SHA256.hash(data: Data(expected.utf8))
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Why a configured token is unusable, or nil.
    package static func problem(_ token: String) -> String? {
        guard token.count >= 16 else { return "the control token must be at least 16 characters" }
        guard token.count <= 256 else { return "the control token must be at most 256 characters" }
        guard token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            return "the control token must be printable ASCII without spaces"
        }
        return nil
    }
}

extension HTTPField.Name {
    package static let emulatorControlToken: Self = {
        guard let name = Self("X-Emulator-Control-Token") else { preconditionFailure("invalid header name") }
        return name
    }()
}
