// swift-tools-version: 6.1
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "cspctl",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cspctl", targets: ["cspctl"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        // Pure values shared by every layer: the desired state a manifest describes, the live state
        // read from Partner Center, plans and diagnostics. No I/O, no YAML, no HTTP.
        .target(name: "PartnerCenterModel", exclude: ["README.md"], swiftSettings: upcoming),
        // libyaml 0.2.5, its exported symbols renamed cspctl_yaml_* (see Vendor/CLibYAML/README.md): the event
        // parser under the manifest's YAMLComposer. Yams keeps its own copy, internal to Yams.
        .target(
            name: "CLibYAML",
            path: "Vendor/CLibYAML",
            exclude: ["README.md", "LICENSE"],
            cSettings: [.define("YAML_DECLARE_STATIC")]
        ),
        // YAML manifests -> typed desired state + located diagnostics.
        .target(
            name: "PartnerCenterManifest",

            dependencies: [
                "PartnerCenterModel", "CLibYAML",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["README.md"],
            swiftSettings: upcoming
        ),
        // Codable DTOs mirroring Partner Center REST and Graph JSON, as the client sees them.
        .target(
            name: "PartnerCenterWire",

            dependencies: ["PartnerCenterModel"],
            exclude: ["README.md"],
            swiftSettings: upcoming
        ),
        // Credentials, transport, retries, pacing, paging, typed operations.
        .target(
            name: "PartnerCenterClient",

            dependencies: [
                "PartnerCenterModel", "PartnerCenterWire",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["README.md"],
            swiftSettings: upcoming
        ),
        // Reads live state, diffs it against the desired state, plans and applies.
        .target(
            name: "PartnerCenterReconcile",

            dependencies: [
                "PartnerCenterModel", "PartnerCenterWire", "PartnerCenterClient",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            exclude: ["README.md"],
            swiftSettings: upcoming
        ),
        // Plans, diagnostics and apply reports as text, JSON and Markdown.
        .target(
            name: "PartnerCenterRendering",

            dependencies: ["PartnerCenterModel"],
            exclude: ["README.md"],
            swiftSettings: upcoming
        ),
        // A local Partner Center, Graph GDAP and token service. Never imports Client or Reconcile.
        .target(
            name: "PartnerCenterEmulator",

            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["README.md"],
            swiftSettings: upcoming
        ),
        // The command line: argument parsing, wiring, exit codes. No logic.
        .executableTarget(
            name: "cspctl",
            dependencies: [
                "PartnerCenterModel", "PartnerCenterManifest", "PartnerCenterClient",
                "PartnerCenterReconcile", "PartnerCenterRendering", "PartnerCenterEmulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        // Test-only helpers: fixtures, snapshots, the emulator harness.
        .target(
            name: "PartnerCenterTestSupport",
            dependencies: [
                "PartnerCenterEmulator", "PartnerCenterClient",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/Support",
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "PartnerCenterModelTests",
            dependencies: ["PartnerCenterModel", "PartnerCenterTestSupport"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "PartnerCenterManifestTests",
            dependencies: [
                "PartnerCenterManifest", "PartnerCenterModel", "PartnerCenterRendering", "PartnerCenterTestSupport",
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "PartnerCenterClientTests",
            dependencies: [
                "PartnerCenterClient", "PartnerCenterWire", "PartnerCenterModel", "PartnerCenterEmulator",
                "PartnerCenterTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "PartnerCenterReconcileTests",
            dependencies: [
                "PartnerCenterReconcile", "PartnerCenterModel", "PartnerCenterClient", "PartnerCenterEmulator",
                "PartnerCenterTestSupport", .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "PartnerCenterRenderingTests",
            dependencies: ["PartnerCenterRendering", "PartnerCenterModel", "PartnerCenterTestSupport"],
            resources: [.copy("Snapshots")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "PartnerCenterEmulatorTests",
            dependencies: [
                "PartnerCenterEmulator", "PartnerCenterTestSupport", "PartnerCenterClient", "PartnerCenterWire",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "PartnerCenterTestSupport", "PartnerCenterEmulator",
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
    ]
)

// Benchmarks are built only when asked: `CSPCTL_BENCHMARKS=1 swift run -c release PlanBenchmark`. Without the
// variable these targets are not in the package, so `swift build --build-tests` and `swift test` never compile them.
// Scripts/check-imports.py sets it to check their imports too.
let benchmarks: [Target] = [
    // Times diff + render on a synthetic desired/live pair
    // (`CSPCTL_BENCHMARKS=1 swift run -c release PlanBenchmark`; size via PLAN_BENCHMARK_CUSTOMERS, default 200).
    .executableTarget(
        name: "PlanBenchmark",
        dependencies: ["PartnerCenterModel", "PartnerCenterReconcile", "PartnerCenterRendering"],
        path: "Benchmarks/PlanBenchmark",
        swiftSettings: upcoming
    ),
    // Reads N customers' subscriptions from the emulator through the client and compares wall time with the
    // rate/latency bound (`CSPCTL_BENCHMARKS=1 swift run -c release ClientBenchmark`; size via CSPCTL_BENCH_CUSTOMERS).
    .executableTarget(
        name: "ClientBenchmark",
        dependencies: [
            "PartnerCenterTestSupport",
            "PartnerCenterClient", "PartnerCenterWire", "PartnerCenterEmulator",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ],
        path: "Benchmarks/ClientBenchmark",
        swiftSettings: upcoming
    ),
    // Plans N customers end to end against the in-process emulator with latency and scaled rate budgets
    // (`CSPCTL_BENCHMARKS=1 PLAN_E2E_CUSTOMERS=10000 swift run -c release PlanEndToEndBenchmark`).
    .executableTarget(
        name: "PlanEndToEndBenchmark",
        dependencies: [
            "PartnerCenterTestSupport",
            "PartnerCenterModel", "PartnerCenterClient", "PartnerCenterReconcile", "PartnerCenterRendering",
            "PartnerCenterEmulator", .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ],
        path: "Benchmarks/PlanEndToEndBenchmark",
        swiftSettings: upcoming
    ),
    // Applies N new customers end to end against the in-process emulator with latency and scaled rate budgets
    // (`CSPCTL_BENCHMARKS=1 APPLY_BENCH_CUSTOMERS=1000 swift run -c release ApplyBenchmark`).
    .executableTarget(
        name: "ApplyBenchmark",
        dependencies: [
            "PartnerCenterTestSupport",
            "PartnerCenterModel", "PartnerCenterClient", "PartnerCenterReconcile", "PartnerCenterEmulator",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ],
        path: "Benchmarks/ApplyBenchmark",
        swiftSettings: upcoming
    ),
    // Measures the emulator's own throughput and latency on loopback
    // (`CSPCTL_BENCHMARKS=1 swift run -c release EmulatorBenchmark`).
    .executableTarget(
        name: "EmulatorBenchmark",
        dependencies: [
            "PartnerCenterEmulator",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ],
        path: "Benchmarks/EmulatorBenchmark",
        swiftSettings: upcoming
    ),
    // Exports an estate of N customers end to end against the in-process emulator with latency and scaled rate
    // budgets (`CSPCTL_BENCHMARKS=1 EXPORT_BENCH_CUSTOMERS=10000 swift run -c release ExportBenchmark`).
    .executableTarget(
        name: "ExportBenchmark",
        dependencies: [
            "PartnerCenterTestSupport",
            "PartnerCenterModel", "PartnerCenterClient", "PartnerCenterReconcile", "PartnerCenterEmulator",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ],
        path: "Benchmarks/ExportBenchmark",
        swiftSettings: upcoming
    ),
    // `CSPCTL_BENCHMARKS=1 swift run -c release cspctl-bench-validate`: times validate over a generated
    // 10,000-customer tree.
    .executableTarget(
        name: "cspctl-bench-validate",
        dependencies: ["PartnerCenterManifest", "PartnerCenterModel"],
        path: "Benchmarks/ValidateBenchmark",
        swiftSettings: upcoming
    ),
]

if let requested = Context.environment["CSPCTL_BENCHMARKS"], !requested.isEmpty, requested != "0" {
    package.targets += benchmarks
}
