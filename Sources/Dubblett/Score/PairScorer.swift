/// Match weights for every candidate pair: table lookup per field plus term-frequency adjustments.
public enum PairScorer {
    /// Per-row log2 term frequencies of the fields that use them (empty arrays for fields that do not).
    public struct TermFrequencyColumns: Sendable {
        public var perField: [[Float]]
        public init(perField: [[Float]]) { self.perField = perField }

        /// Computes the columns for `comparisons` from the table's name hashes.
        public static func compute(_ f: FeatureTable, comparisons: [ComparisonSpec], workers: Int) -> Self {
            Self(
                perField: comparisons.map { spec -> [Float] in
                    guard spec.termFrequency else { return [] }
                    switch spec.field {
                    case .firstName: return TermFrequencies.compute(hashes: f.firstHash, workers: workers).log2Frequency
                    case .lastName: return TermFrequencies.compute(hashes: f.lastHash, workers: workers).log2Frequency
                    default: return []
                    }
                })
        }
    }

    /// The weight of each pair.
    /// - Complexity: O(pairs × fields × applicable sessions); allocates the result only.
    public static func score(
        pairs: [UInt64], levels: [UInt32], masks: [UInt16], tables: MaskedWeightTables,
        tf: TermFrequencyColumns, workers: Int
    ) -> [Float] {
        var out = [Float](repeating: 0, count: pairs.count)
        out.withUnsafeMutableBufferPointer { ob in
            let o = UnsafeSendable(ob)
            Parallel.forEachChunk(count: pairs.count, workers: workers) { _, range in
                for i in range {
                    let p = pairs[i]
                    o.value[i] =
                        tables.weigh(levels[i], mask: masks[i]) { f, t in
                            tf.adjustment(field: f, table: t, Int(p >> 32), Int(p & 0xFFFF_FFFF))
                        }.weight
                }
            }
        }
        return out
    }
}

extension PairScorer.TermFrequencyColumns {
    /// The term-frequency adjustment of an exact match on `field` between rows `a` and `b`: the exact
    /// level's u is replaced by the frequency of this value (the commoner of the two), bounded to ±6.
    @inlinable @inline(__always)
    public func adjustment(field f: Int, table: WeightTable, _ a: Int, _ b: Int) -> Float {
        guard f < perField.count, !perField[f].isEmpty else { return 0 }
        let col = perField[f]
        return max(-6, min(6, table.tfBase[f] - max(col[a], col[b])))
    }
}
