import Foundation

/// The device authorization grant (RFC 8628) as the Microsoft identity platform documents it
/// (`v2-oauth2-device-code`): `POST /login/{tenant}/oauth2/v2.0/devicecode` answers `device_code`, `user_code`,
/// `verification_uri`, `expires_in` (900), `interval` (5) and `message`; the token endpoint's
/// `urn:ietf:params:oauth:grant-type:device_code` grant answers `authorization_pending` until the user acts,
/// `authorization_declined` when the user declined (Microsoft's name; RFC 8628 says `access_denied`, which the
/// control API can make it answer instead), `expired_token` once `expires_in` has passed on the emulator clock,
/// `bad_verification_code` for a device code it never issued, and `slow_down` (RFC 8628) for a poll that comes
/// sooner than the interval after the previous one, the interval then growing by 5 s for that code.
///
/// The signed-in user's part is played through the control API (`DeviceCodeControlRoutes`). Sessions live in
/// memory only: a device code is worth nothing after a restart.
actor DeviceCodeBook {
    enum Decision: Sendable, Equatable {
        case pending
        case approved(userPrincipalName: String)
        case declined(error: String)
        case redeemed
    }

    struct Session: Sendable {
        var deviceCode: String
        var userCode: String
        var tenantId: String
        var clientId: String
        var scope: String
        var expiresOn: Date
        var interval: Int
        var decision: Decision = .pending
        /// Real time of the last poll (`EmulatorConfiguration.elapsed`).
        var lastPoll: Duration?
        var polls = 0
        var slowDowns = 0
        /// The control API asked for the next poll to be answered `slow_down`.
        var slowDownNext = false
    }

    /// What the token endpoint answers a poll.
    enum PollAnswer: Sendable {
        case unknown
        case pending
        case slowDown
        case expired
        case declined(error: String)
        case approved(Session, userPrincipalName: String)
    }

    /// Entra's defaults.
    static let expiresIn = 900
    static let interval = 5
    static let verificationURI = "https://microsoft.com/devicelogin"

    private var sessions: [String: Session] = [:]
    private var byUserCode: [String: String] = [:]
    /// Real seconds per second of `interval`: 1 as documented; a rehearsal or test that polls faster (a client with
    /// `CSPCTL_RATE_SCALE`) sets it through the control API so the spacing it checks matches.
    private(set) var pollScale: Double = 1

    func setPollScale(_ scale: Double) { pollScale = scale }

    func start(tenantId: String, clientId: String, scope: String, now: Date) -> Session {
        var userCode = Self.userCode()
        while byUserCode[userCode] != nil { userCode = Self.userCode() }
        let session = Session(
            deviceCode: TokenController.randomToken(prefix: "emu.dc."),
            userCode: userCode,
            tenantId: tenantId,
            clientId: clientId,
            scope: scope,
            expiresOn: now.addingTimeInterval(TimeInterval(Self.expiresIn)),
            interval: Self.interval
        )
        sessions[session.deviceCode] = session
        byUserCode[userCode] = session.deviceCode
        return session
    }

    /// A poll of `deviceCode` by `clientId` at emulator time `now` and real time `elapsed`.
    func poll(_ deviceCode: String, clientId: String, now: Date, elapsed: Duration) -> PollAnswer {
        guard var session = sessions[deviceCode], session.clientId == clientId else { return .unknown }
        defer { sessions[deviceCode] = session }
        session.polls += 1
        if case .redeemed = session.decision { return .unknown }
        guard now < session.expiresOn else { return .expired }
        let previous = session.lastPoll
        session.lastPoll = elapsed
        let spacing = Duration.milliseconds(Int64(Double(session.interval) * pollScale * 1000))
        if session.slowDownNext || (previous.map { elapsed - $0 < spacing } ?? false) {
            session.slowDownNext = false
            session.slowDowns += 1
            session.interval += 5
            return .slowDown
        }
        switch session.decision {
        case .pending: return .pending
        case .declined(let error): return .declined(error: error)
        case .approved(let user):
            session.decision = .redeemed
            return .approved(session, userPrincipalName: user)
        case .redeemed: return .unknown
        }
    }

    /// The user's decision for `userCode`; nil when no such code is pending (unknown, decided, or expired at `now`).
    func decide(_ userCode: String, _ decision: Decision, now: Date) -> Session? {
        guard let deviceCode = byUserCode[userCode.uppercased()], var session = sessions[deviceCode],
            session.decision == .pending, now < session.expiresOn
        else { return nil }
        session.decision = decision
        sessions[deviceCode] = session
        return session
    }

    /// Makes the next poll of `userCode` answer `slow_down`.
    func requestSlowDown(_ userCode: String) -> Bool {
        guard let deviceCode = byUserCode[userCode.uppercased()], sessions[deviceCode] != nil else { return false }
        sessions[deviceCode]?.slowDownNext = true
        return true
    }

    func session(userCode: String) -> Session? {
        byUserCode[userCode.uppercased()].flatMap { sessions[$0] }
    }

    func all() -> [Session] {
        sessions.values.sorted { $0.userCode < $1.userCode }
    }

    /// Eight letters and digits, as Entra's user codes look (`YZMYLD4K`), without the easily confused 0/O and 1/I.
    private static func userCode() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
