// swift-tools-version: 6.1
// Dubblett: Swedish customer-register care (deduplication, validation, linkage).
import PackageDescription

/// Internal invariant checks (`_checkInvariants()`), on for tests, off for release builds.
let internalChecks: [SwiftSetting] = [.define("DUBBLETT_INTERNAL_CHECKS", .when(configuration: .debug))]

let package = Package(
    name: "Dubblett",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Dubblett", targets: ["Dubblett"]),
        .library(name: "DubblettSimilarity", targets: ["DubblettSimilarity"]),
        // Tools beside the engine: the seeded register generator and the evaluation / bench harness.
        .library(name: "DubblettDatasets", targets: ["DubblettDatasets"]),
        .library(name: "DubblettEvaluation", targets: ["DubblettEvaluation"]),
        // The register that lives on: one SQLite file (GRDB) with records, model, clusters and history.
        .library(name: "DubblettStore", targets: ["DubblettStore"]),
        .library(name: "DubblettReport", targets: ["DubblettReport"]),
        .executable(name: "dubblett", targets: ["DubblettCLI"]),
        .executable(name: "dubblett-fuzz-csv", targets: ["DubblettFuzzCSV"]),
        .executable(name: "dubblett-server", targets: ["DubblettServerMain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // XXH3-64 from Debian's libxxhash-dev; the shim inlines it (XXH_INLINE_ALL) for short keys.
        .systemLibrary(name: "CXXHash", pkgConfig: "libxxhash", providers: [.apt(["libxxhash-dev"])]),
        // String kernels over bytes: no dependencies, usable on their own.
        .target(name: "DubblettSimilarity", swiftSettings: internalChecks),
        // The engine: reader, normalisers, blocking, scoring, clustering, writers, and the one pipeline
        // entry point every caller (CLI, example, server, register store) goes through.
        .target(
            name: "Dubblett",
            dependencies: [
                "CXXHash", "DubblettSimilarity", .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: internalChecks),
        // Tools on top of the engine (the engine never imports them).
        .target(name: "DubblettDatasets", dependencies: ["Dubblett"], swiftSettings: internalChecks),
        .target(
            name: "DubblettEvaluation", dependencies: ["Dubblett", "DubblettSimilarity", "DubblettDatasets"],
            swiftSettings: internalChecks),
        // The register store: persisted records, model, stable clusters, events and decisions (SQLite).
        .target(
            name: "DubblettStore", dependencies: ["Dubblett", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: internalChecks),
        // The run report: a result's figures aggregated and rendered as one self-contained HTML page.
        .target(
            name: "DubblettReport", dependencies: ["Dubblett", "DubblettEvaluation"], swiftSettings: internalChecks),
        .executableTarget(
            name: "DubblettCLI",
            dependencies: [
                "Dubblett", "DubblettSimilarity", "DubblettDatasets", "DubblettEvaluation", "DubblettStore", "DubblettReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The HTTP backend: routes, jobs and configuration as a library the tests drive in-process, and a thin
        // executable that only parses flags.
        .target(
            name: "DubblettServer",
            dependencies: [
                "Dubblett", "DubblettStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "DubblettServerMain",
            dependencies: [
                "DubblettServer", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        // A program that dedupes in-memory records through the public API (run by scripts/test.sh).
        .executableTarget(
            name: "InMemoryDedupe", dependencies: ["Dubblett"], path: "Examples/InMemoryDedupe"),
        // libFuzzer harness for the CSV scanner; built by scripts/fuzz.sh with -sanitize=fuzzer.
        .executableTarget(name: "DubblettFuzzCSV", dependencies: ["Dubblett", "DubblettEvaluation"]),
        // Naive reference implementations and seeded generators shared by the tests.
        .target(
            name: "DubblettTestSupport", dependencies: ["Dubblett", "DubblettSimilarity", "DubblettDatasets"],
            path: "Tests/DubblettTestSupport"),
        .testTarget(name: "DubblettSimilarityTests", dependencies: ["DubblettSimilarity", "DubblettTestSupport"]),
        .testTarget(
            name: "DubblettTests", dependencies: ["Dubblett", "DubblettDatasets", "DubblettEvaluation", "DubblettTestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "DubblettStoreTests", dependencies: ["DubblettStore", "Dubblett", "DubblettDatasets", "DubblettTestSupport"]),
        .testTarget(name: "DubblettDatasetsTests", dependencies: ["DubblettDatasets", "DubblettTestSupport"]),
        .testTarget(
            name: "DubblettEvaluationTests", dependencies: ["DubblettEvaluation", "DubblettDatasets", "DubblettTestSupport"]),
        .testTarget(
            name: "DubblettCLITests",
            dependencies: [
                "DubblettCLI", "Dubblett", "DubblettDatasets", "DubblettEvaluation", "DubblettReport",
                "DubblettTestSupport",
            ],
            exclude: ["Help"]),  // pinned help texts, read by HelpTests from the source tree
        .testTarget(
            name: "DubblettServerTests",
            dependencies: [
                "DubblettServer", "Dubblett", "DubblettStore", "DubblettDatasets", "DubblettTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
    ]
)
