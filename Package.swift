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
        .executable(name: "dubblett", targets: ["DubblettCLI"]),
        .executable(name: "dubblett-fuzz-csv", targets: ["DubblettFuzzCSV"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // XXH3-64 from Debian's libxxhash-dev; the shim inlines it (XXH_INLINE_ALL) for short keys.
        .systemLibrary(name: "CXXHash", pkgConfig: "libxxhash", providers: [.apt(["libxxhash-dev"])]),
        // String kernels over bytes: no dependencies, usable on their own.
        .target(name: "DubblettSimilarity", swiftSettings: internalChecks),
        // The engine: reader, normalisers, blocking, scoring, clustering, writers, datasets, evaluation.
        .target(name: "Dubblett", dependencies: ["CXXHash", "DubblettSimilarity"], swiftSettings: internalChecks),
        .executableTarget(
            name: "DubblettCLI",
            dependencies: ["Dubblett", "DubblettSimilarity", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // libFuzzer harness for the CSV scanner; built by scripts/fuzz.sh with -sanitize=fuzzer.
        .executableTarget(name: "DubblettFuzzCSV", dependencies: ["Dubblett"]),
        // Naive reference implementations and seeded generators shared by the tests.
        .target(name: "DubblettTestSupport", dependencies: ["Dubblett", "DubblettSimilarity"], path: "Tests/DubblettTestSupport"),
        .testTarget(name: "DubblettSimilarityTests", dependencies: ["DubblettSimilarity", "DubblettTestSupport"]),
        .testTarget(name: "DubblettTests", dependencies: ["Dubblett", "DubblettTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DubblettCLITests", dependencies: ["DubblettCLI", "Dubblett"]),
    ]
)
