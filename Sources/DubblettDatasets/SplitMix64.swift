import Dubblett
/// The generator's own random source: SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom
/// number generators", OOPSLA 2014).
///
/// Owning the algorithm (rather than `Int.random(in:using:)`, whose reduction may change between
/// standard-library versions) keeps generated registers byte-identical across toolchains.
@usableFromInline
struct SplitMix64 {
    @usableFromInline var state: UInt64

    @inlinable init(seed: UInt64) { state = seed }

    /// A generator for sub-stream `index` of `seed` (blocks, records), independent of call order.
    @inlinable init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next() ^ stream
    }

    /// The next 64 random bits.
    @inlinable @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<n` (Lemire's multiply-shift; bias below 2⁻³² for the sizes used).
    @inlinable @inline(__always)
    mutating func below(_ n: Int) -> Int {
        Int((UInt64(truncatingIfNeeded: UInt32(truncatingIfNeeded: next() >> 32)) &* UInt64(n)) >> 32)
    }

    /// True with probability `p`.
    @inlinable @inline(__always)
    mutating func chance(_ p: Double) -> Bool {
        p > 0 && Double(next() >> 11) * 0x1p-53 < p
    }
}

/// Picks an index with probability proportional to its weight (cumulative sums, binary search).
/// - Complexity: O(log n) per pick; allocates nothing after construction.
@usableFromInline
struct WeightedIndex: Sendable {
    @usableFromInline let cumulative: [UInt64]

    init(weights: [Double]) {
        // Normalised first, so that any finite positive scale works ([1e-7], [1e20]).
        let total = weights.reduce(0) { $0 + max(0, $1) }
        let scale = total > 0 && total.isFinite ? 1_000_000 / total : 0
        var sum: UInt64 = 0
        cumulative = weights.map { w in
            sum += UInt64(min(1_000_000, (max(0, w) * scale).rounded()))
            return sum
        }
        precondition(sum > 0, "weights must have a positive sum")
    }

    @inlinable
    func pick(_ rng: inout SplitMix64) -> Int {
        let total = cumulative[cumulative.count - 1]
        let r = rng.next() % total
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if cumulative[mid] > r { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
