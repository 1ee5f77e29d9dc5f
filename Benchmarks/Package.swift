// swift-tools-version: 6.1
// Micro-benchmarks for Dubblett's hot kernels (ordo-one/benchmark). A nested package, so
// `swift test` at the root never builds it. Run: cd Benchmarks && swift package benchmark
import PackageDescription

let benchmarkDeps: [Target.Dependency] = [
    .product(name: "Benchmark", package: "benchmark"),
    .product(name: "Dubblett", package: "Dubblett"),
    .product(name: "DubblettSimilarity", package: "Dubblett"),
    .product(name: "DubblettDatasets", package: "Dubblett"),
    .product(name: "DubblettEvaluation", package: "Dubblett"),
]
let benchmarkPlugins: [Target.PluginUsage] = [.plugin(name: "BenchmarkPlugin", package: "benchmark")]

let package = Package(
    name: "DubblettBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // `name:` so the products resolve whatever the checkout directory is called (a worktree, CI).
        .package(name: "Dubblett", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: ["Hash", "Reader", "Normalise", "Similarity", "Engine"].map { stage in
        .executableTarget(name: "\(stage)Benchmarks", dependencies: benchmarkDeps,
                          path: "Benchmarks/\(stage)Benchmarks", plugins: benchmarkPlugins)
    }
)
