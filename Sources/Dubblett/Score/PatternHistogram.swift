/// Counts of distinct (level vector, rule-agreement mask) among the candidate pairs.
///
/// EM never looks at pairs one by one: it iterates over this histogram, which holds a few thousand
/// entries however many million pairs there are (Splink's `count_agreement_patterns`). The mask
/// has bit `k` set when the pair agrees on blocking rule `k`'s key, so a training session for
/// rule `k` selects its pairs from the same histogram.
public struct PatternHistogram: Sendable {
    /// Level vectors, sorted by (levels, mask).
    public var levels: [UInt32] = []
    /// Rule-agreement masks.
    public var masks: [UInt16] = []
    /// Pair counts.
    public var counts: [Double] = []

    public init() {}

    /// Builds the histogram from per-pair levels and masks on `workers` threads.
    /// - Complexity: O(pairs) hash-map updates; memory O(distinct patterns) per chunk.
    public init(levels pairLevels: [UInt32], masks pairMasks: [UInt16], workers: Int) {
        precondition(pairLevels.count == pairMasks.count)
        // Eight chunks per worker, so that a cancelled run stops within one of them (`Parallel`).
        let partial = Parallel.mapChunks(count: pairLevels.count, workers: workers, empty: [UInt64: Int]()) { r in
            var d = [UInt64: Int](minimumCapacity: 4096)
            for i in r { d[UInt64(pairLevels[i]) << 16 | UInt64(pairMasks[i]), default: 0] += 1 }
            return d
        }
        var total = [UInt64: Int]()
        for d in partial { for (k, v) in d { total[k, default: 0] += v } }
        for k in total.keys.sorted() {
            levels.append(UInt32(k >> 16))
            masks.append(UInt16(k & 0xFFFF))
            counts.append(Double(total[k]!))
        }
    }

    /// The number of pairs counted.
    public var pairCount: Double { counts.reduce(0, +) }
}
