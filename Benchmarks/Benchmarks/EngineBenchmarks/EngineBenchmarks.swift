import Benchmark
import Dubblett
import DubblettDatasets

/// The matching engine's stages on a generated register (datasets/sample/register.csv, 10 k rows):
/// radix sort of blocking keys, candidate generation, pair comparison, scoring, clustering, and the
/// whole pipeline. Each benchmark asserts that the work happened.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        maxDuration: .seconds(3))
    let path = "../datasets/sample/register.csv"
    guard let store = try? CSVReader.read(path: path, options: ReadOptions(workers: 2)) else {
        fatalError("run from Benchmarks/: \(path) is needed")
    }
    let features = FeatureBuilder.build(store, workers: 2)
    let settings = MatchSettings()
    let generator = CandidateGenerator(
        rules: settings.blockingRules, maxBucket: settings.maxBucket,
        window: settings.window)
    let candidates = generator.generate(features, workers: 1)

    Benchmark("RadixSort 1 M keys") { benchmark in
        var seed: UInt64 = 1
        let keys0 = (0..<1_000_000).map { _ -> UInt64 in
            seed = seed &* 6364136223846793005 &+ 1; return seed >> 31
        }
        let rows0 = (0..<1_000_000).map { UInt32($0) }
        for _ in benchmark.scaledIterations {
            var k = keys0, r = rows0
            RadixSort.sort(keys: &k, payload: &r, workers: 1)
            precondition(k[0] <= k[1])
            blackHole(r)
        }
    }
    // Blocking and comparison run through the parallel helpers (Dispatch allocates a varying few
    // blocks), so their allocation check allows 5 %; a per-record or per-pair allocation is far more.
    let dispatchTolerance: [BenchmarkMetric: BenchmarkThresholds] = [.mallocCountTotal: .init(relative: [.p90: 5])]
    Benchmark("Blocking 10 k records", configuration: .init(thresholds: dispatchTolerance)) { benchmark in
        for _ in benchmark.scaledIterations {
            let c = generator.generate(features, workers: 1)
            precondition(!c.pairs.isEmpty)
            blackHole(c)
        }
    }
    Benchmark("Compare candidate pairs", configuration: .init(scalingFactor: .kilo, thresholds: dispatchTolerance)) {
        benchmark in
        for _ in benchmark.scaledIterations {
            let levels = features.compareAll(candidates.pairs, specs: settings.comparisons, workers: 1)
            precondition(levels.count == candidates.pairs.count)
            blackHole(levels)
        }
    }
    Benchmark("Pipeline 10 k records (1 worker)") { benchmark in
        for _ in benchmark.scaledIterations {
            let out = try! Pipeline.match(features, settings: settings, context: RunContext(workers: 1))
            precondition(out.report.matchPairs > 0)
            blackHole(out)
        }
    }
}
