import Benchmark
import Dubblett

/// Hashing and the small graph kernels around it: XXH3-64 on short blocking keys (budget ≥ 300 M keys/s
/// per core) and union-find over candidate edges (clustering). Allocation counts are checked against
/// `Benchmarks/Thresholds/` by `scripts/bench-check.sh`: a loop over keys or edges allocates nothing.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal],
                                           maxDuration: .seconds(2))
    // 4096 keys of 16 bytes each, hashed per iteration (SplitMix-style generator, fixed seed).
    let keyCount = 4096
    var state: UInt64 = 0x5EED
    func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    let keys = (0..<keyCount * 16).map { _ in UInt8(0x61 + next() % 26) }
    Benchmark("XXH3 16-byte keys", configuration: .init(scalingFactor: .kilo)) { benchmark in
        keys.withUnsafeBytes { raw in
            for _ in benchmark.scaledIterations {
                var acc: UInt64 = 0
                for k in 0..<keyCount {
                    acc &+= XXH3.hash(UnsafeRawBufferPointer(rebasing: raw[k * 16..<(k + 1) * 16]), seed: 7)
                }
                precondition(acc != 0)
                blackHole(acc)
            }
        }
    }

    // Union-find: 1 M rows, 600 k random edges (about the edge density of a register's matches),
    // then a label per row. Allocates the two arrays of `init` and the labels: a fixed count per
    // iteration, none per edge.
    let rows = 1_000_000
    let edges = (0..<600_000).map { _ in (Int(next() % UInt64(rows)), Int(next() % UInt64(rows))) }
    Benchmark("UnionFind 1 M rows, 600 k unions + labels") { benchmark in
        for _ in benchmark.scaledIterations {
            var uf = UnionFind(count: rows)
            var merged = 0
            for (a, b) in edges where uf.union(a, b) { merged += 1 }
            let labels = uf.labels()
            precondition(merged > 0 && labels.count == rows)
            blackHole(labels)
        }
    }
    Benchmark("UnionFind find, 1 M lookups", configuration: .init(scalingFactor: .one)) { benchmark in
        var uf = UnionFind(count: rows)
        for (a, b) in edges { uf.union(a, b) }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var acc = 0
            for i in 0..<rows { acc &+= uf.find(i) }
            precondition(acc > 0)
            blackHole(acc)
        }
        benchmark.stopMeasurement()
    }
}
