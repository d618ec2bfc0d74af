import Foundation
import HTTPTypes

/// The clock of an emulator at a loopback endpoint: `GET /_emulator/clock` with the control token (as `cspctl
/// emulator` prints it), sent through the connection's own transport. nil when there is no token, nothing
/// answers, or the answer is not a clock: the local clock is used then.
struct EmulatorClock: Sendable {
    var base: URL
    var controlToken: String?
    var transport: any PartnerCenterTransport

    private struct Body: Decodable {
        var now: String
    }

    /// How long to wait for the clock before using the local one.
    static let deadline: Duration = .seconds(5)

    func now() async -> Date? {
        await withTaskGroup(of: Date?.self) { group in
            group.addTask { await self.ask() }
            group.addTask {
                try? await Task.sleep(for: Self.deadline)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    private func ask() async -> Date? {
        let url = base.appendingPathComponent("_emulator").appendingPathComponent("clock")
        var request = HTTPRequest(method: .get, url: url)
        request.headerFields[.accept] = "application/json"
        if let controlToken, let name = HTTPField.Name("X-Emulator-Control-Token") {
            request.headerFields[name] = controlToken
        }
        guard let (response, data) = try? await transport.send(request, body: nil), response.status.code == 200,
            let text = try? JSONDecoder().decode(Body.self, from: data).now
        else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
