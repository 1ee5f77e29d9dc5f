import Benchmark
import DubblettEvaluation
import DubblettSimilarity

/// Similarity kernels on synthetic Swedish-looking names of 4-20 letters (`NameCorpus`, seed 2026).
///
/// Budgets (DESIGN.md / issue 5): Jaro-Winkler ≥ 30 M pairs/s pairwise (one pair per call, and 16
/// arbitrary pairs per call) and ≥ 100 M pairs/s prepared one-against-many (a single prepared name, and
/// a bucket prepared in blocks of 16), per core; zero allocations per call (`mallocCountTotal` must
/// stay 0: each sample runs a million calls, so one allocation per call would show as 1 M).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal],
                                           scalingFactor: .mega, maxDuration: .seconds(2))
    let corpus = NameCorpus(count: 4096)
    let n = corpus.count
    // Every benchmark walks pairs (i, i + d) so the branch predictor cannot learn one pair.
    for cutoff in [0.0, 0.8] {
        Benchmark("JaroWinkler pairwise cutoff \(cutoff)") { benchmark in
            corpus.bytes.withUnsafeBufferPointer { base in
                var sum = 0.0, i = 0, d = 1
                for _ in benchmark.scaledIterations {
                    sum += JaroWinkler.similarity(corpus.name(i, in: base), corpus.name((i + d) % n, in: base), cutoff: cutoff)
                    i += 1
                    if i == n { i = 0; d = d % 16 + 1 }
                }
                precondition(sum > 0)
                blackHole(sum)
            }
        }
        // Arbitrary pairs, 16 per call in SIMD lanes (`JaroWinkler.similarities`); 1 M pairs per sample.
        Benchmark("JaroWinkler pairwise 16 per call cutoff \(cutoff)") { benchmark in
            corpus.bytes.withUnsafeBufferPointer { base in
                var sum = 0.0, i = 0, d = 1
                withUnsafeTemporaryAllocation(of: Double.self, capacity: 16) { out in
                    for _ in 0..<(benchmark.scaledIterations.count / 16) {
                        JaroWinkler.similarities(count: 16, cutoff: cutoff, into: out) { k in
                            (corpus.name(i + k, in: base), corpus.name((i + k + d) % n, in: base))
                        }
                        sum += out[0]
                        i += 16
                        if i + 16 > n { i = 0; d = d % 16 + 1 }
                    }
                }
                precondition(sum > 0)
                blackHole(sum)
            }
        }
        Benchmark("JaroWinkler prepared one-vs-many cutoff \(cutoff)") { benchmark in
            corpus.bytes.withUnsafeBufferPointer { base in
                let prepared = (0..<16).map { PreparedJaroWinkler(corpus.name($0, in: base)) }
                benchmark.startMeasurement()
                var sum = 0.0, i = 0, p = 0
                for _ in benchmark.scaledIterations {
                    sum += prepared[p].similarity(to: corpus.name(i, in: base), cutoff: cutoff)
                    i += 1
                    if i == n { i = 0; p = (p + 1) & 15 }
                }
                precondition(sum > 0)
                blackHole(sum)
            }
        }
    }
    // One-vs-many with the bucket prepared in blocks of 16 names (SIMD lanes); 1 M pairs per sample.
    let blocks = corpus.bytes.withUnsafeBufferPointer { base in
        stride(from: 0, to: n, by: 16).map { start in
            JaroWinklerBlock(count: min(16, n - start)) { corpus.name(start + $0, in: base) }
        }
    }
    for cutoff in [0.0, 0.8] {
        Benchmark("JaroWinklerBlock one-vs-many cutoff \(cutoff)") { benchmark in
            corpus.bytes.withUnsafeBufferPointer { base in
                var out = [Double](repeating: 0, count: 16)
                var sum = 0.0, text = 0
                out.withUnsafeMutableBufferPointer { buffer in
                    for _ in 0..<(benchmark.scaledIterations.count / n) {
                        let t = corpus.name(text, in: base)
                        for block in blocks {
                            block.similarities(to: t, cutoff: cutoff, into: buffer)
                            sum += buffer[0]
                        }
                        text = (text + 1) % n
                    }
                }
                precondition(sum > 0)
                blackHole(sum)
            }
        }
    }
    // Positive control for the allocation counter: preparing a name allocates its pattern copy and mask
    // table (2 allocations per call), so this row must show about 2 K mallocs per 1 K calls.
    Benchmark("Control: PreparedJaroWinkler.init allocates", configuration: .init(scalingFactor: .kilo)) { benchmark in
        corpus.bytes.withUnsafeBufferPointer { base in
            var total = 0, i = 0
            for _ in benchmark.scaledIterations {
                total += PreparedJaroWinkler(corpus.name(i, in: base)).count
                i = i + 1 == n ? 0 : i + 1
            }
            precondition(total > 0)
            blackHole(total)
        }
    }
    Benchmark("DamerauLevenshtein pairwise max 2") { benchmark in
        corpus.bytes.withUnsafeBufferPointer { base in
            var sum = 0, i = 0
            for _ in benchmark.scaledIterations {
                sum += DamerauLevenshtein.distance(corpus.name(i, in: base), corpus.name((i + 1) % n, in: base), max: 2)
                i = i + 1 == n ? 0 : i + 1
            }
            precondition(sum > 0)
            blackHole(sum)
        }
    }
    Benchmark("SwedishPhonetic key", configuration: .init(scalingFactor: .kilo)) { benchmark in
        corpus.bytes.withUnsafeBufferPointer { base in
            var x: UInt64 = 0, i = 0
            for _ in benchmark.scaledIterations {
                x ^= SwedishPhonetic.key(corpus.name(i, in: base))
                i = i + 1 == n ? 0 : i + 1
            }
            blackHole(x)
        }
    }
    Benchmark("DoubleMetaphone keys", configuration: .init(scalingFactor: .kilo)) { benchmark in
        corpus.bytes.withUnsafeBufferPointer { base in
            var x: UInt64 = 0, i = 0
            for _ in benchmark.scaledIterations {
                x ^= DoubleMetaphone.keys(corpus.name(i, in: base)).primary
                i = i + 1 == n ? 0 : i + 1
            }
            blackHole(x)
        }
    }
    Benchmark("TokenSet pairwise", configuration: .init(scalingFactor: .kilo)) { benchmark in
        corpus.bytes.withUnsafeBufferPointer { base in
            var sum = 0.0, i = 0
            for _ in benchmark.scaledIterations {
                sum += TokenSet.similarity(corpus.name(i, in: base), corpus.name((i + 1) % n, in: base))
                i = i + 1 == n ? 0 : i + 1
            }
            precondition(sum > 0)
            blackHole(sum)
        }
    }
}
