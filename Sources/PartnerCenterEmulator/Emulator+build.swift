import HTTPTypes
package import Hummingbird
package import Logging

/// Builds the router of every surface on one port:
/// - Partner Center under `/v1`, Graph under `/graph/v1.0`: counters → byte-order marks → headers → body limit →
///   faults → authentication → throttling → MS-RequestId replay → routes;
/// - the token endpoint under `/login`: counters → byte-order marks → body limit → routes;
/// - the control API under `/_emulator`: counters → control token → body limit → routes;
/// - the GitHub Actions OIDC token service under `/actions`: counters → body limit → routes.
/// Body limits: `BodyLimits`.
package func buildRouter(store: EmulatorStore) -> Router<EmulatorRequestContext> {
    let router = Router(context: EmulatorRequestContext.self)
    let deviceCodes = DeviceCodeBook()

    let token = router.group("login")
        .add(middleware: RequestCounterMiddleware(store: store))
        .add(middleware: ByteOrderMarkMiddleware(store: store))
        .add(middleware: BodyLimitMiddleware(BodyLimits.token))
    TokenController(store: store, deviceCodes: deviceCodes).addRoutes(to: token)

    let control = router.group("_emulator")
        .add(middleware: RequestCounterMiddleware(store: store))
        .add(middleware: ControlAuthenticationMiddleware(token: store.controlToken))
        .add(
            middleware: BodyLimitMiddleware { request, _ in
                request.uri.path == "/_emulator/state" ? BodyLimits.controlState : BodyLimits.control
            }
        )
    ControlController(store: store).addRoutes(to: control)
    GraphControlRoutes(store: store).addRoutes(to: control)
    FederationControlRoutes(store: store).addRoutes(to: control)
    DeviceCodeControlRoutes(store: store, deviceCodes: deviceCodes).addRoutes(to: control)
    RelationshipsController(store: store).addControlRoutes(to: control)

    let actions = router.group("actions")
        .add(middleware: RequestCounterMiddleware(store: store))
        .add(middleware: BodyLimitMiddleware(BodyLimits.actions))
    ActionsTokenController(store: store).addRoutes(to: actions)

    let partnerCenter = serviceGroup(router, path: "v1", store: store)
    PartnerCenterRoutes.add(to: partnerCenter, store: store)

    let graph = serviceGroup(router, path: "graph/v1.0", store: store)
    GraphRoutes.add(to: graph, store: store)
    return router
}

/// A route group with the service middleware stack (see `buildRouter`).
/// Unknown paths under the group get the surface's answer after authentication (`UnmatchedRoutes`).
private func serviceGroup(
    _ router: Router<EmulatorRequestContext>,
    path: String,
    store: EmulatorStore
) -> RouterGroup<EmulatorRequestContext> {
    let group = router.group(RouterPath(path))
        .add(middleware: RequestCounterMiddleware(store: store))
        .add(middleware: ByteOrderMarkMiddleware(store: store))
        .add(middleware: RequestHeadersMiddleware(store: store))
        .add(middleware: BodyLimitMiddleware(path.hasPrefix("graph") ? BodyLimits.graph : BodyLimits.partnerCenter))
        .add(middleware: FaultInjectionMiddleware(store: store))
        .add(middleware: AuthenticationMiddleware(store: store))
        .add(middleware: ThrottlingMiddleware(store: store))
        .add(middleware: RequestReplayMiddleware(store: store))
    UnmatchedRoutes.add(to: group, graph: path.hasPrefix("graph"))
    return group
}

/// The Hummingbird application for a configuration and store.
package func buildApplication(
    configuration: EmulatorConfiguration,
    store: EmulatorStore,
    logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(store: store),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}
