import Benchmark
import Dubblett

/// XXH3-64 on short blocking keys (budget: ≥ 300 M keys/s per core).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal],
                                           maxDuration: .seconds(2))
    // 4096 keys of 16 bytes each, hashed per iteration.
    let keyCount = 4096
    var keys = [UInt8](repeating: 0, count: keyCount * 16)
    var rng = SystemRandomNumberGenerator()
    for i in keys.indices { keys[i] = UInt8.random(in: 0x61...0x7A, using: &rng) }
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
}
